"""The append-only access log, encrypted stored files, and emergency (break-the-glass) grants."""

import hashlib
import json
import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual
from django.utils.translation import gettext_lazy as _

from .fields import EncryptedTextField

MIN_REASON_LENGTH = 10


class AppendOnlyError(RuntimeError):
    """The access log is append-only: rows cannot be changed or deleted (docs/decisions/0023)."""


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
    PURGE = "purge", _("opgeschoond")


class AccessLogQuerySet(models.QuerySet):
    """Refuses bulk changes; the database triggers refuse them too (raw SQL, other clients)."""

    def update(self, **kwargs):
        raise AppendOnlyError("access log is append-only")

    def delete(self):
        raise AppendOnlyError("access log is append-only")

    delete.queryset_only = True  # as Django's: no Manager.delete()

    def _update(self, values):
        raise AppendOnlyError("access log is append-only")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("access log is append-only")


class AccessLogEntry(models.Model):
    at = models.DateTimeField(_("tijdstip"), db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("gebruiker"))
    username = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    organisation_name = models.CharField(_("organisatie"), max_length=200, blank=True)
    role = models.CharField(_("rol"), max_length=200, blank=True)
    action = models.CharField(_("handeling"), max_length=20, choices=AccessAction.choices)
    record_type = models.CharField(_("soort gegeven"), max_length=100, blank=True)
    record_id = models.CharField(_("gegeven"), max_length=64, blank=True, db_index=True)
    reason = models.TextField(_("reden"), blank=True)
    detail = models.CharField(_("toelichting"), max_length=200, blank=True)
    flagged = models.BooleanField(_("gemarkeerd voor privacyfunctionaris"), default=False, db_index=True)
    scope_keys = models.CharField(
        _("organisaties van de gebruiker"), max_length=500, blank=True, editable=False,
        help_text=_("Organisaties, gemeenten en regio's van de gebruiker op het moment van toegang; "
                    "bepaalt welke privacyfunctionaris de regel ziet."))
    owner_keys = models.CharField(
        _("organisaties van het gegeven"), max_length=200, blank=True, editable=False,
        help_text=_("Organisatie, gemeente en regio van het gegeven zelf (bij noodtoegang en rolwijzigingen), "
                    "zodat ook de privacyfunctionaris van de eigenaar de regel ziet."))
    # The seal (decision 0068): empty when the row is written, filled once by the sealer, never after.
    previous_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    entry_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    sealed_seq = models.BigIntegerField(_("volgnummer in de keten"), unique=True, null=True, editable=False)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("toegangslogregel")
        verbose_name_plural = _("toegangslog")
        indexes = [
            models.Index(fields=["record_type", "record_id"]),
            # The sealer's work list: small, whatever the size of the log.
            models.Index(fields=["id"], condition=models.Q(sealed_seq__isnull=True),
                         name="privacy_accesslog_unsealed"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or '-'} {self.action} {self.record_type} {self.record_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("access log is append-only")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("access log is append-only")

    def canonical(self) -> bytes:
        """The exact bytes the hash covers; changing any logged field breaks the chain.

        Fields added after the first version are included only when filled, so rows written
        before they existed keep their hash.
        """
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
        if self.detail:
            payload["detail"] = self.detail
        if self.scope_keys:
            payload["scope"] = self.scope_keys
        if self.owner_keys:
            payload["owner"] = self.owner_keys
        return json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()

    @property
    def sealed(self) -> bool:
        return self.sealed_seq is not None


class StoredFile(models.Model):
    """A file kept encrypted outside the web root, attached to one record (its owner).

    The owner is a generic link (`owner_type` = the model's label, `owner_id` = its key): any
    app registers its model with `schakel.privacy.files.register_file_owner`, and a download
    is allowed only when the owner is visible to the user (docs/decisions/0022-file-store.md).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    original_name = EncryptedTextField(_("oorspronkelijke bestandsnaam"))
    content_type = models.CharField(_("soort bestand"), max_length=120)
    size = models.PositiveBigIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(_("SHA-256 van de inhoud"), max_length=64)
    storage_path = models.CharField(max_length=200, unique=True, editable=False)
    owner_type = models.CharField(_("soort gegeven"), max_length=100)
    owner_id = models.CharField(_("gegeven"), max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("opgeslagen door"))
    created_at = models.DateTimeField(_("opgeslagen op"))

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("opgeslagen bestand")
        verbose_name_plural = _("opgeslagen bestanden")
        indexes = [models.Index(fields=["owner_type", "owner_id"])]

    def __str__(self) -> str:
        return f"{self.content_type} {self.pk}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("privacy:download", kwargs={"file_id": self.pk})


class EmergencyAccess(models.Model):
    """A time-limited grant to open one record outside the user's normal scope (break the glass)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("gebruiker"))
    record_type = models.CharField(_("soort gegeven"), max_length=100)
    record_id = models.CharField(_("gegeven"), max_length=64)
    reason = models.TextField(_("reden"))
    granted_at = models.DateTimeField(_("verleend op"))
    expires_at = models.DateTimeField(_("verloopt op"))
    ended_at = models.DateTimeField(_("vroegtijdig beëindigd op"), null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("beëindigd door"))
    owner_keys = models.CharField(_("organisaties van het gegeven"), max_length=200, blank=True)

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("noodtoegang")
        verbose_name_plural = _("noodtoegangen")
        indexes = [models.Index(fields=["user", "expires_at"])]
        constraints = [
            models.CheckConstraint(condition=GreaterThan(models.F("expires_at"), models.F("granted_at")),
                                   name="emergency_access_expires_after_grant"),
            models.CheckConstraint(condition=GreaterThanOrEqual(Length("reason"), MIN_REASON_LENGTH),
                                   name="emergency_access_reason_given"),
        ]

    def __str__(self) -> str:
        return f"{self.record_type} {self.record_id} ({self.granted_at:%Y-%m-%d %H:%M})"


# The retention and desk models live in their own modules (size); importing them here registers them.
from .models_desk import AccessFlag, DataSubjectRequest, FlagKind, RequestKind, RequestStatus  # noqa: E402,F401
from .models_retention import (  # noqa: E402,F401
    AccessLogCheckpoint,
    LegalHold,
    PurgeLogEntry,
    PurgeTrigger,
    RetainedFigure,
    RetentionPeriod,
)
