"""Overrides for the automated test environment (fast hashing)."""

from .base import ENVIRONMENT

if ENVIRONMENT == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
