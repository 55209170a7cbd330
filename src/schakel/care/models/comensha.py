"""The anonymised CoMensha registration: what was sent, per export, without anything identifying.

A record keeps only age group, gender, nationality, forms, reporter type, region and year
(SOURCES.md section 2). It points to its case only so that the case shows 'gemeld' and is not
sent twice; the exported files never carry the case, its client number, a name or a date.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import NOBODY, Scope, TenantQuerySet
from schakel.organisations.models import Region

from .case import CareCase


class RegionScopedQuerySet(TenantQuerySet):
    def scope_filter(self, scope: Scope) -> models.Q:
        regions = scope.regions_for(Role.CARE_COORDINATOR)
        return models.Q(region_id__in=sorted(regions)) if regions else NOBODY


class AgeGroup(models.TextChoices):
    UNDER_18 = "0-17", _("Jonger dan 18")
    FROM_18 = "18-22", _("18 tot en met 22")
    FROM_23 = "23-29", _("23 tot en met 29")
    FROM_30 = "30-39", _("30 tot en met 39")
    FROM_40 = "40-49", _("40 tot en met 49")
    FROM_50 = "50+", _("50 of ouder")
    UNKNOWN = "unknown", _("Onbekend")


def age_group(age: int | None) -> str:
    if age is None:
        return AgeGroup.UNKNOWN
    for bound, group in ((18, AgeGroup.UNDER_18), (23, AgeGroup.FROM_18), (30, AgeGroup.FROM_23),
                         (40, AgeGroup.FROM_30), (50, AgeGroup.FROM_40)):
        if age < bound:
            return group
    return AgeGroup.FROM_50


# The Counter Trafficking Data Collaborative's 'ageBroad' bins (HTCDS / CTDC codebook).
HTCDS_AGE_BINS = ((9, "0--8"), (18, "9--17"), (21, "18--20"), (24, "21--23"), (27, "24--26"), (30, "27--29"),
                  (39, "30--38"), (48, "39--47"))


def age_broad(age: int | None) -> str:
    if age is None:
        return ""
    for bound, label in HTCDS_AGE_BINS:
        if age < bound:
            return label
    return "48+"


class ComenshaExport(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    period_from = models.DateField(_("periode vanaf"))
    period_until = models.DateField(_("periode tot en met"))
    included = models.PositiveIntegerField(_("gemeld"))
    excluded = models.JSONField(_("niet gemeld, per reden"), default=dict)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("CoMensha-export")


class ComenshaRecord(models.Model):
    export = models.ForeignKey(ComenshaExport, on_delete=models.PROTECT, related_name="records")
    # SET_NULL: when the case expires (retention), the anonymised record that was sent stays, so the
    # yearly counts of earlier years still add up.
    case = models.OneToOneField(CareCase, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="comensha_record")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("jaar"))
    age_group = models.CharField(_("leeftijdsgroep"), max_length=10, choices=AgeGroup.choices)
    age_broad = models.CharField(_("leeftijdsgroep (HTCDS)"), max_length=10)  # the CTDC/HTCDS 'ageBroad' bins
    minor = models.BooleanField(_("minderjarig"), null=True)
    gender = models.CharField(_("geslacht"), max_length=10)
    nationality = models.CharField(_("nationaliteit"), max_length=2)
    forms = models.JSONField(_("vormen van uitbuiting"), default=list)
    reporter_type = models.CharField(_("soort melder"), max_length=30)
    basis = models.CharField(_("grondslag"), max_length=20)  # "consent" or "legal_ground"

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("CoMensha-registratie")
