"""Overrides for the automated test environment (fast hashing)."""

from .base import ENVIRONMENT

if ENVIRONMENT == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Test-only models for the privacy tests (file owner, break the glass, key rotation), and a
    # flush that may empty the append-only access log between transactional tests.
    from .base import INSTALLED_APPS as _INSTALLED_APPS

    INSTALLED_APPS = [*_INSTALLED_APPS, "tests.privacy.testapp"]
