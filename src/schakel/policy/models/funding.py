"""Funding of care coordination: a region's scheme per year, computed from the inhabitants."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FundingBasis(models.TextChoices):
    RATE = "rate", _("Bedrag per inwoner (in centen)")
    AMOUNT = "amount", _("Totaalbedrag, verdeeld naar inwonertal")


class FundingScheme(models.Model):
    """What the municipalities of a region pay for care coordination in one (part of a) year.

    The contributions are not stored: they follow from the rate (or amount) and the inhabitants
    of `reference_date` in the reference data, so the table always shows how it was computed.
    """

    region = models.ForeignKey("organisations.Region", on_delete=models.CASCADE, related_name="funding_schemes",
                               verbose_name=_("regio"))
    year = models.PositiveSmallIntegerField(_("jaar"))
    label = models.CharField(_("omschrijving"), max_length=200)
    basis = models.CharField(_("grondslag"), max_length=10, choices=FundingBasis.choices, default=FundingBasis.RATE)
    rate_cents = models.DecimalField(_("bedrag per inwoner (cent)"), max_digits=7, decimal_places=2,
                                     null=True, blank=True)
    total_amount = models.PositiveIntegerField(_("te verdelen bedrag (euro)"), null=True, blank=True)
    reference_date = models.DateField(_("peildatum inwonertal"))
    period_start = models.DateField(_("geldt vanaf"))
    period_end = models.DateField(_("geldt tot en met"))
    hours_per_week = models.DecimalField(_("uren zorgcoördinatie per week"), max_digits=5, decimal_places=1,
                                         null=True, blank=True)
    notes = models.TextField(_("toelichting"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("aangemaakt op"))
    version = models.PositiveIntegerField(_("versie"), default=1)

    class Meta:
        ordering = ["region", "-year", "period_start", "pk"]
        verbose_name = _("financieringsregeling zorgcoördinatie")
        verbose_name_plural = _("financieringsregelingen zorgcoördinatie")
        constraints = [
            models.CheckConstraint(condition=models.Q(rate_cents__isnull=True) | models.Q(rate_cents__gte=0),
                                   name="policy_funding_rate_not_negative"),
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                   name="policy_funding_period_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}: {self.label}"
