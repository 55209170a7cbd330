"""Self-assessment against the VNG Kader aanpak mensenhandel: a plateau per component."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Plateau(models.IntegerChoices):
    NOT_YET = 0, _("Nog niet")
    BASIC = 1, _("Plateau 1 (basisniveau)")
    FURTHER = 2, _("Plateau 2 (verder ontwikkeld)")


class KaderComponent(models.Model):
    """One component (theme) of the Kader: reference data from data/vng_kader.json, with its source."""

    key = models.SlugField(_("sleutel"), max_length=60, unique=True)
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("onderdeel"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    source = models.CharField(_("bron"), max_length=500)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("onderdeel VNG Kader")
        verbose_name_plural = _("onderdelen VNG Kader")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class SelfAssessment(models.Model):
    municipality = models.ForeignKey("organisations.Municipality", on_delete=models.CASCADE,
                                     related_name="self_assessments", verbose_name=_("gemeente"))
    assessed_on = models.DateField(_("datum zelfevaluatie"))
    notes = models.TextField(_("toelichting"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("vastgelegd op"))

    class Meta:
        ordering = ["municipality", "-assessed_on"]
        verbose_name = _("zelfevaluatie")
        verbose_name_plural = _("zelfevaluaties")
        constraints = [models.UniqueConstraint(fields=["municipality", "assessed_on"],
                                               name="policy_one_assessment_per_day")]


class AssessmentScore(models.Model):
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="scores")
    component = models.ForeignKey(KaderComponent, on_delete=models.PROTECT, related_name="+")
    plateau = models.PositiveSmallIntegerField(_("plateau"), choices=Plateau.choices)
    evidence = models.TextField(_("onderbouwing"), blank=True)
    evidence_links = models.TextField(
        _("documenten"), blank=True,
        help_text=_("Eén link per regel, bijvoorbeeld naar een uitvoeringsplan in Schakel."))

    class Meta:
        ordering = ["assessment", "component__number"]
        constraints = [models.UniqueConstraint(fields=["assessment", "component"],
                                               name="policy_one_score_per_component")]

    @property
    def links(self) -> list[str]:
        return [line.strip() for line in self.evidence_links.splitlines() if line.strip()]
