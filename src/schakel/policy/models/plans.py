"""Action plans (uitvoeringsplannen): action lines with activities and dated progress notes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    IN_PROGRESS = "in_progress", _("Lopend")
    DONE = "done", _("Afgerond")
    POSTPONED = "postponed", _("Uitgesteld")
    CANCELLED = "cancelled", _("Vervallen")


FINISHED_STATUSES = frozenset({ActivityStatus.DONE, ActivityStatus.CANCELLED})


class ActionPlan(models.Model):
    """A municipality's or a region's plan for a period of years (e.g. 2023-2026)."""

    title = models.CharField(_("titel"), max_length=200)
    municipality = models.ForeignKey("organisations.Municipality", on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="action_plans", verbose_name=_("gemeente"))
    region = models.ForeignKey("organisations.Region", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="action_plans", verbose_name=_("regio"))
    first_year = models.PositiveSmallIntegerField(_("van jaar"))
    last_year = models.PositiveSmallIntegerField(_("tot en met jaar"))
    template_key = models.CharField(_("sjabloon"), max_length=60, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("aangemaakt op"))
    version = models.PositiveIntegerField(_("versie"), default=1)

    class Meta:
        ordering = ["-first_year", "title", "pk"]
        verbose_name = _("uitvoeringsplan")
        verbose_name_plural = _("uitvoeringsplannen")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(municipality__isnull=False, region__isnull=True)
                           | models.Q(municipality__isnull=True, region__isnull=False)),
                name="policy_plan_of_municipality_or_region"),
            models.CheckConstraint(condition=models.Q(last_year__gte=models.F("first_year")),
                                   name="policy_plan_years_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.first_year}-{self.last_year}"

    @property
    def owner_name(self) -> str:
        return str(self.municipality or self.region)


class ActionLine(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="lines")
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("actielijn"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("actielijn")
        verbose_name_plural = _("actielijnen")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="policy_one_line_per_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Activity(models.Model):
    line = models.ForeignKey(ActionLine, on_delete=models.CASCADE, related_name="activities",
                             verbose_name=_("actielijn"))
    title = models.CharField(_("activiteit"), max_length=300)
    intended_result = models.TextField(_("beoogd resultaat"), blank=True)
    partners = models.CharField(_("uitvoeringspartners"), max_length=500, blank=True)
    start_on = models.DateField(_("start"), null=True, blank=True)
    end_on = models.DateField(_("einde"), null=True, blank=True)
    responsible = models.CharField(_("verantwoordelijke"), max_length=200, blank=True,
                                   help_text=_("Een functie of organisatie, bijvoorbeeld 'aandachtsfunctionaris'."))
    status = models.CharField(_("status"), max_length=20, choices=ActivityStatus.choices,
                              default=ActivityStatus.PLANNED)
    updated_at = models.DateTimeField(_("gewijzigd op"))
    version = models.PositiveIntegerField(_("versie"), default=1)

    class Meta:
        ordering = ["line__number", "start_on", "pk"]
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_on__isnull=True) | models.Q(end_on__isnull=True)
                | models.Q(end_on__gte=models.F("start_on")),
                name="policy_activity_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    def is_overdue(self, today) -> bool:
        return bool(self.end_on and self.end_on < today and not self.is_finished)


class ProgressNote(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="notes")
    noted_on = models.DateField(_("datum"))
    text = models.TextField(_("voortgang"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("vastgelegd op"))

    class Meta:
        ordering = ["-noted_on", "-pk"]
        verbose_name = _("voortgangsnotitie")
        verbose_name_plural = _("voortgangsnotities")
