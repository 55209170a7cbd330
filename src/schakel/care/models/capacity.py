"""The capacity of a shelter provider, where known: how many places it has for this work.

Not personal data: a number per organisation. Occupancy is counted from the placements recorded in
Schakel, so it is what Schakel knows, not the provider's own bookkeeping.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.organisations.models import Organisation


class ShelterCapacity(models.Model):
    provider = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="+",
                                    verbose_name=_("aanbieder"))
    places = models.PositiveSmallIntegerField(_("aantal plaatsen"), validators=[MaxValueValidator(1000)])
    note = models.CharField(_("toelichting"), max_length=200, blank=True)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("opvangcapaciteit")
        verbose_name_plural = _("opvangcapaciteit")

    def __str__(self) -> str:
        return f"{self.provider}: {self.places}"
