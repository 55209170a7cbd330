"""Municipalities, regions and organisations: reference data, editable by an administrator."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    cbs_code = models.CharField(_("CBS-code"), max_length=6, unique=True,
                                help_text=_("Gemeentecode van het CBS, bijvoorbeeld GM0988."))
    name = models.CharField(_("naam"), max_length=100)
    province = models.CharField(_("provincie"), max_length=50)
    active = models.BooleanField(_("actief"), default=True,
                                 help_text=_("Uit na een gemeentelijke herindeling."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        constraints = [
            models.CheckConstraint(condition=models.Q(cbs_code__regex=r"^GM[0-9]{4}$"), name="municipality_cbs_code_format"),
        ]

    def __str__(self) -> str:
        return self.name

    def inhabitants_on(self, reference_date):
        """Inhabitants at the latest reference date on or before `reference_date`."""
        figure = self.population_figures.filter(reference_date__lte=reference_date).order_by("-reference_date").first()
        return figure.inhabitants if figure else None


class PopulationFigure(models.Model):
    """Inhabitants per reference date (peildatum): funding uses a given year's figure."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="population_figures")
    reference_date = models.DateField(_("peildatum"))
    inhabitants = models.PositiveIntegerField(_("inwoners"))
    source = models.CharField(_("bron"), max_length=200)

    class Meta:
        ordering = ["municipality", "-reference_date"]
        verbose_name = _("inwonertal")
        verbose_name_plural = _("inwonertallen")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "reference_date"], name="one_figure_per_reference_date"),
        ]


class Region(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("korte naam"), max_length=100, unique=True)
    first_reaction_days = models.PositiveSmallIntegerField(
        _("norm eerste reactie (werkdagen)"), default=5)
    triage_days = models.PositiveSmallIntegerField(_("norm triage (werkdagen)"), default=10)
    acute_first_reaction_hours = models.PositiveSmallIntegerField(
        _("norm eerste reactie bij acuut gevaar (uren)"), default=4, db_default=4,
        help_text=_("Binnen hoeveel uur na ontvangst een signaal met acuut gevaar een eerste reactie krijgt. "
                    "Daarna krijgen de vervanger en de ketenregisseur direct een e-mail."))
    is_demo = models.BooleanField(_("demo-regio"), default=False, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")

    def __str__(self) -> str:
        return self.name


class RegionMember(models.Model):
    """A municipality's membership of a region; one trafficking region per municipality."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="members")
    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="region_membership")

    class Meta:
        verbose_name = _("regiolid")
        verbose_name_plural = _("regioleden")

    def __str__(self) -> str:
        return f"{self.municipality} ({self.region})"


class ClosingDay(models.Model):
    """A day a region's offices are closed beyond the Algemene termijnenwet (e.g. a bridge day)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="closing_days")
    date = models.DateField(_("datum"))
    description = models.CharField(_("omschrijving"), max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = _("extra sluitingsdag")
        verbose_name_plural = _("extra sluitingsdagen")
        constraints = [models.UniqueConstraint(fields=["region", "date"], name="one_closing_day_per_date")]


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Gemeente")
    REGION_OFFICE = "region_office", _("Regiobureau")
    POLICE = "police", _("Politie (AVIM)")
    KMAR = "kmar", _("Koninklijke Marechaussee")
    PROSECUTION = "prosecution", _("Openbaar Ministerie")
    RIEC = "riec", _("RIEC")
    LABOUR_INSPECTORATE = "labour_inspectorate", _("Nederlandse Arbeidsinspectie")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    SHELTER = "shelter", _("Opvang")
    NIDOS = "nidos", _("Nidos")
    COA = "coa", _("COA")
    CARE_PROVIDER = "care_provider", _("Zorgaanbieder")
    OTHER = "other", _("Andere organisatie")


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=30, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="organisations", verbose_name=_("gemeente"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="organisations", verbose_name=_("regio"))
    email = models.EmailField(_("algemeen e-mailadres"), blank=True)
    phone = models.CharField(_("algemeen telefoonnummer"), max_length=30, blank=True)
    sso_provider_id = models.CharField(
        _("SSO-koppeling"), max_length=100, blank=True,
        help_text=_("Id van de OpenID Connect-koppeling waarmee medewerkers van deze organisatie inloggen."))
    active = models.BooleanField(_("actief"), default=True)
    is_demo = models.BooleanField(_("demo-organisatie"), default=False, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="municipality") | models.Q(municipality__isnull=False),
                name="municipal_organisation_has_municipality"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def home_region(self):
        if self.region_id:
            return self.region
        if self.municipality_id:
            membership = getattr(self.municipality, "region_membership", None)
            return membership.region if membership else None
        return None
