"""Retention (decision 0073): periods as data, the purge log, figures kept, legal holds, log checkpoints.

Imported by `schakel.privacy.models`, so Django finds these models in the privacy app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .area import OfficerAreaQuerySet
from .fields import EncryptedTextField


class RetentionPeriod(models.Model):
    """A privacy officer's choice of period for one rule, for the whole installation or one region.

    Without a row the rule's default (from its registration) applies; a row for a region beats
    the row without region. Every change is a new row (history); the newest counts.
    """

    rule_key = models.CharField(_("bewaarregel"), max_length=100)
    region = models.ForeignKey("organisations.Region", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("regio"))
    months = models.PositiveIntegerField(_("bewaartermijn (maanden)"))
    reason = models.TextField(_("reden van de wijziging"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("gewijzigd door"))
    changed_at = models.DateTimeField(_("gewijzigd op"))

    class Meta:
        ordering = ["rule_key", "region", "-changed_at", "-id"]
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")
        indexes = [models.Index(fields=["rule_key", "region", "changed_at"])]


class PurgeTrigger(models.TextChoices):
    JOB = "job", _("Dagelijkse taak")
    COMMAND = "command", _("Beheeropdracht")
    OFFICER = "officer", _("Privacyfunctionaris")
    REQUEST = "request", _("Verzoek van betrokkene")


class PurgeLogEntry(models.Model):
    """What one purge run removed under one rule in one region: kind, how many, when. Never content."""

    at = models.DateTimeField(_("tijdstip"), db_index=True)
    rule_key = models.CharField(_("bewaarregel"), max_length=100)
    record_type = models.CharField(_("soort gegeven"), max_length=100)
    count = models.PositiveIntegerField(_("aantal verwijderd"))
    months = models.PositiveIntegerField(_("bewaartermijn (maanden)"))
    oldest = models.DateField(_("oudste einddatum"), null=True, blank=True)
    newest = models.DateField(_("nieuwste einddatum"), null=True, blank=True)
    trigger = models.CharField(_("aanleiding"), max_length=20, choices=PurgeTrigger.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("door"))
    municipality = models.ForeignKey("organisations.Municipality", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+", verbose_name=_("gemeente"))
    region = models.ForeignKey("organisations.Region", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("regio"))

    objects = OfficerAreaQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("opschoonregel")
        verbose_name_plural = _("opschoonlog")


class RetainedFigure(models.Model):
    """Counts kept before records are deleted, so policy figures of earlier years stay exact.

    One row per kind of figure, municipality, month and form (e.g. "signals received",
    Aadorp, 2026-03, "labour"). No personal data: a count of a combination.
    """

    figure = models.CharField(_("soort telling"), max_length=60)
    municipality = models.ForeignKey("organisations.Municipality", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("gemeente"))
    month = models.DateField(_("maand"), help_text=_("De eerste dag van de maand."))
    form = models.CharField(_("vorm"), max_length=40, blank=True)
    count = models.PositiveIntegerField(_("aantal"), default=0)

    class Meta:
        ordering = ["figure", "month", "municipality", "form"]
        verbose_name = _("bewaarde telling")
        verbose_name_plural = _("bewaarde tellingen")
        constraints = [models.UniqueConstraint(fields=["figure", "municipality", "month", "form"],
                                               name="retained_figure_unique")]


class LegalHold(models.Model):
    """A record that must not be deleted (e.g. a criminal investigation), with reason and review date."""

    record_type = models.CharField(_("soort gegeven"), max_length=100)
    record_id = models.CharField(_("gegeven"), max_length=64)
    reference = models.CharField(_("kenmerk"), max_length=40)
    reason = EncryptedTextField(_("reden"))
    review_on = models.DateField(_("opnieuw beoordelen op"))
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("geplaatst door"))
    placed_at = models.DateTimeField(_("geplaatst op"))
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("opgeheven door"))
    lifted_at = models.DateTimeField(_("opgeheven op"), null=True, blank=True)
    lift_reason = EncryptedTextField(_("reden van opheffen"), blank=True)
    municipality = models.ForeignKey("organisations.Municipality", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+", verbose_name=_("gemeente"))
    region = models.ForeignKey("organisations.Region", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("regio"))

    objects = OfficerAreaQuerySet.as_manager()

    class Meta:
        ordering = ["-placed_at", "-id"]
        verbose_name = _("bewaarplicht")
        verbose_name_plural = _("bewaarplichten")
        indexes = [models.Index(fields=["record_type", "record_id"])]
        constraints = [
            # One running hold per record: a double submit places one.
            models.UniqueConstraint(fields=["record_type", "record_id"], condition=models.Q(lifted_at__isnull=True),
                                    name="legal_hold_one_active_per_record"),
        ]

    @property
    def active(self) -> bool:
        return self.lifted_at is None


class AccessLogCheckpoint(models.Model):
    """The sealed head of the access log at a cut: rows up to `cut_seq` may be deleted.

    The same checkpoint is written into the log itself as a row (action "purge"), so the chain
    that remains starts from a hash the log vouches for (decision 0073). The append-only
    triggers let a DELETE through only for sealed rows at or below a checkpoint's cut.
    """

    cut_seq = models.BigIntegerField(_("laatste verwijderde volgnummer"), unique=True)
    cut_hash = models.CharField(_("vingerafdruk op de grens"), max_length=64)
    rows_removed = models.PositiveIntegerField(_("regels verwijderd"), default=0)
    before = models.DateTimeField(_("regels van voor"))
    at = models.DateTimeField(_("tijdstip"))

    class Meta:
        ordering = ["-cut_seq"]
        verbose_name = _("controlepunt toegangslog")
        verbose_name_plural = _("controlepunten toegangslog")
