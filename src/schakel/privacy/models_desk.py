"""The privacy officer's desk: unusual-access flags and data-subject requests.

Imported by `schakel.privacy.models`, so Django finds these models in the privacy app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .area import KeyedQuerySet, OfficerAreaQuerySet
from .fields import EncryptedDateField, EncryptedTextField


class FlagKind(models.TextChoices):
    MANY_RECORDS = "many_records", _("Veel gegevens in korte tijd")
    AFTER_HOURS = "after_hours", _("Toegang buiten kantoortijd")
    EMERGENCY = "emergency", _("Noodtoegang")
    SEARCH_WITHOUT_FOLLOW_UP = "search_only", _("Zoeken zonder vervolg")


class AccessFlag(models.Model):
    """Unusual access found in the access log, for the privacy officer to review.

    Computed by `schakel.privacy.flags.detect_unusual_access` (daily, and on request); one
    row per kind, user and window, so running it again adds nothing twice.
    """

    kind = models.CharField(_("soort"), max_length=20, choices=FlagKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("gebruiker"))
    window_start = models.DateTimeField(_("vanaf"))
    window_end = models.DateTimeField(_("tot"))
    count = models.PositiveIntegerField(_("aantal"))
    detail = models.CharField(_("toelichting"), max_length=200, blank=True)
    scope_keys = models.CharField(max_length=500, blank=True, editable=False)
    owner_keys = models.CharField(max_length=500, blank=True, editable=False)
    found_at = models.DateTimeField(_("gevonden op"))
    reviewed_at = models.DateTimeField(_("gecontroleerd op"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("gecontroleerd door"))
    review_note = EncryptedTextField(_("notitie"), blank=True)

    objects = KeyedQuerySet.as_manager()

    class Meta:
        ordering = ["-window_start", "-id"]
        verbose_name = _("opvallende toegang")
        verbose_name_plural = _("opvallende toegang")
        constraints = [models.UniqueConstraint(fields=["kind", "user", "window_start"], name="access_flag_unique")]


class RequestKind(models.TextChoices):
    INSPECTION = "inspection", _("Inzage")
    CORRECTION = "correction", _("Correctie")
    ERASURE = "erasure", _("Verwijdering")
    RESTRICTION = "restriction", _("Beperking")
    OBJECTION = "objection", _("Bezwaar")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Beantwoord")


class DataSubjectRequest(models.Model):
    """A person's request under the GDPR (art. 15-21), answered within a month (art. 12(3))."""

    kind = models.CharField(_("soort verzoek"), max_length=20, choices=RequestKind.choices)
    subject_name = EncryptedTextField(_("naam van de betrokkene"))
    subject_birth_date = EncryptedDateField(_("geboortedatum"), null=True, blank=True)
    received_on = models.DateField(_("ontvangen op"))
    due_on = models.DateField(_("uiterlijk beantwoorden op"))
    extended_to = models.DateField(_("verlengd tot"), null=True, blank=True)
    extension_reason = EncryptedTextField(_("reden van verlenging"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices,
                              default=RequestStatus.OPEN)
    outcome = EncryptedTextField(_("uitkomst"), blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("geregistreerd door"))
    registered_at = models.DateTimeField(_("geregistreerd op"))
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("beantwoord door"))
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    municipality = models.ForeignKey("organisations.Municipality", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+", verbose_name=_("gemeente"))
    region = models.ForeignKey("organisations.Region", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("regio"))
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(_("versie"), default=1)

    objects = OfficerAreaQuerySet.as_manager()

    class Meta:
        ordering = ["status", "due_on", "id"]
        verbose_name = _("verzoek van een betrokkene")
        verbose_name_plural = _("verzoeken van betrokkenen")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def deadline(self):
        return self.extended_to or self.due_on

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("privacy:request_detail", kwargs={"request_id": self.pk})
