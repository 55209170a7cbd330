"""System checks: the configured encryption keys are usable (checked at every start)."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.security)
def encryption_keys_usable(app_configs, **kwargs):
    from .crypto import _keyring

    try:
        _keyring(tuple(settings.ENCRYPTION_KEYS))
    except ImproperlyConfigured as exc:
        return [checks.Error(f"encryption keys: {exc}", hint="See SCHAKEL_ENCRYPTION_KEYS in the operator guide.",
                             id="privacy.E002")]
    return []
