"""The contracted hours of care coordination per region (seed 002: 18 hours a week, 32 from 1 May 2022).

Data, not a setting: each row says how many hours a week the region contracted from a date on; the
newest row on or before a day counts. The chain director records a new row when the contract changes.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import NOBODY, Scope, TenantQuerySet
from schakel.organisations.models import Region


class ContractedHoursQuerySet(TenantQuerySet):
    def scope_filter(self, scope: Scope) -> models.Q:
        regions = scope.regions_for(Role.CARE_COORDINATOR) | scope.regions_for(Role.CHAIN_DIRECTOR)
        return models.Q(region_id__in=sorted(regions)) if regions else NOBODY

    def in_force(self, region_id: int, on: datetime.date) -> ContractedHours | None:
        return (self.filter(region_id=region_id, valid_from__lte=on)
                .order_by("-valid_from", "-recorded_at", "-id").first())


class ContractedHours(models.Model):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("regio"))
    hours_per_week = models.DecimalField(_("uren per week"), max_digits=5, decimal_places=1,
                                         validators=[MinValueValidator(Decimal("0")),
                                                     MaxValueValidator(Decimal("400"))])
    valid_from = models.DateField(_("geldt vanaf"))
    note = models.CharField(_("toelichting"), max_length=200, blank=True,
                            help_text=_("Bijvoorbeeld het besluit of de subsidiebeschikking."))
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")

    objects = ContractedHoursQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from", "-recorded_at", "-id"]
        verbose_name = _("gecontracteerde uren zorgcoördinatie")
        verbose_name_plural = _("gecontracteerde uren zorgcoördinatie")
        constraints = [models.UniqueConstraint(fields=["region", "valid_from"], name="care_hours_one_per_date")]

    def __str__(self) -> str:
        return f"{self.region} {self.hours_per_week} u/w vanaf {self.valid_from:%d-%m-%Y}"
