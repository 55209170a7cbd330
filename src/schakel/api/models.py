"""API keys stored only as hashes, with an expiry and the moment of last use (issue 18).

The key itself (32 random bytes, URL-safe) is shown once when issued and never stored: the table
holds its SHA-256 digest (a key of 256 random bits needs no slow hash or salt to resist guessing)
and its first characters, so an administrator can tell keys apart. Reading the database gives
nobody a usable key. docs/decisions/0062-api-tokens-for-service-accounts.md (updated).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PREFIX_LENGTH = 8


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, moment):
        """Keys that authenticate at `moment`: not expired, of an active user."""
        return self.filter(expires_at__gt=moment, user__is_active=True)


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("servicekoppeling"))
    digest = models.CharField(_("hash van de sleutel"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("begin van de sleutel"), max_length=PREFIX_LENGTH, editable=False)
    created_at = models.DateTimeField(_("uitgegeven op"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("uitgegeven door"))
    expires_at = models.DateTimeField(_("verloopt op"))
    last_used_at = models.DateTimeField(_("laatst gebruikt op"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(expires_at__gt=models.F("created_at")),
                                   name="api_token_expires_after_issue"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user_id})"
