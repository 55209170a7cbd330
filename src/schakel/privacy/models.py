"""The append-only access log. Each row carries a SHA-256 hash chained to the previous row."""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    VIEW = "view", _("bekeken")
    CREATE = "create", _("aangemaakt")
    CHANGE = "change", _("gewijzigd")
    DELETE = "delete", _("verwijderd")
    EXPORT = "export", _("geëxporteerd")
    DOWNLOAD = "download", _("gedownload")
    SEARCH = "search", _("gezocht")
    BREAK_GLASS = "break_glass", _("noodtoegang")
    LOGIN = "login", _("ingelogd")
    LOGIN_FAILED = "login_failed", _("inlogpoging mislukt")
    DENIED = "denied", _("geweigerd")


class AccessLogEntry(models.Model):
    at = models.DateTimeField(_("tijdstip"), db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("gebruiker"))
    username = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    organisation_name = models.CharField(_("organisatie"), max_length=200, blank=True)
    role = models.CharField(_("rol"), max_length=30, blank=True)
    action = models.CharField(_("handeling"), max_length=20, choices=AccessAction.choices)
    record_type = models.CharField(_("soort gegeven"), max_length=60, blank=True)
    record_id = models.CharField(_("gegeven"), max_length=64, blank=True, db_index=True)
    reason = models.TextField(_("reden"), blank=True)
    flagged = models.BooleanField(_("gemarkeerd voor privacyfunctionaris"), default=False, db_index=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("toegangslogregel")
        verbose_name_plural = _("toegangslog")
        indexes = [models.Index(fields=["record_type", "record_id"])]

    def canonical(self) -> bytes:
        """The exact bytes the hash covers; changing any logged field breaks the chain."""
        payload = {
            "at": self.at.isoformat(),
            "user": self.user_id,
            "username": self.username,
            "organisation": self.organisation_name,
            "role": self.role,
            "action": self.action,
            "record_type": self.record_type,
            "record_id": self.record_id,
            "reason": self.reason,
            "flagged": self.flagged,
            "previous": self.previous_hash,
        }
        return json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()
