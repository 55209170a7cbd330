"""Issuing, using and revoking API keys (the only code that writes ApiToken rows).

The administration pages call these through `schakel.accounts.services` (who may issue, the
access log); this module knows only keys.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import transaction

from schakel import clock

from .models import PREFIX_LENGTH, ApiToken, digest_of

# last_used_at is written at most this often per key, so a busy client does not write on every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=5)


@transaction.atomic
def issue_token(user, *, created_by=None, now=None, valid_days: int | None = None) -> str:
    """A new key for `user`; returns the key, which is shown once and stored only as its hash."""
    moment = now or clock.now()
    days = settings.API_TOKEN_VALID_DAYS if valid_days is None else valid_days
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, digest=digest_of(key), prefix=key[:PREFIX_LENGTH], created_at=moment,
                            created_by=created_by, expires_at=moment + datetime.timedelta(days=days))
    return key


def revoke_tokens(user) -> int:
    """Delete every key of `user`; returns how many there were."""
    deleted, _details = ApiToken.objects.filter(user=user).delete()
    return deleted


def authenticate_key(key: str, *, now=None):
    """The user and token a presented key belongs to, or None when unknown, expired or inactive.

    Notes the moment of use (at most every LAST_USED_RESOLUTION, with one UPDATE).
    """
    moment = now or clock.now()
    token = (ApiToken.objects.usable(moment).select_related("user")
             .filter(digest=digest_of(key)).first())
    if token is None:
        return None
    if token.last_used_at is None or moment - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=moment)
        token.last_used_at = moment
    return token.user, token


def current_token(user):
    """The newest key row of `user` (for the administration page), or None."""
    return ApiToken.objects.filter(user=user).order_by("-created_at").first()
