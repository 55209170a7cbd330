"""A region's policy settings: what an applied region profile set, editable afterwards."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionPolicySettings(models.Model):
    region = models.OneToOneField("organisations.Region", on_delete=models.CASCADE, related_name="policy_settings")
    profile_key = models.CharField(_("toegepast regioprofiel"), max_length=60, blank=True)
    focal_officers_per_municipality = models.PositiveSmallIntegerField(
        _("aandachtsfunctionarissen per gemeente"), default=1)
    screening_cadence_days = models.PositiveSmallIntegerField(_("screeningsoverleg elke ... dagen"), default=7)
    care_coordination_hours = models.DecimalField(_("gecontracteerde uren zorgcoördinatie per week"),
                                                  max_digits=5, decimal_places=1, null=True, blank=True)
    plan_template_key = models.CharField(_("sjabloon uitvoeringsplan"), max_length=60, blank=True)
    refresher_months = models.PositiveSmallIntegerField(
        _("opfriscursus na (maanden)"), default=24,
        help_text=_("Na hoeveel maanden een afdeling opnieuw een bewustwordingstraining nodig heeft."))
    applied_at = models.DateTimeField(_("profiel toegepast op"), null=True, blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("beleidsinstellingen van een regio")
        verbose_name_plural = _("beleidsinstellingen van regio's")

    def __str__(self) -> str:
        return str(self.region)
