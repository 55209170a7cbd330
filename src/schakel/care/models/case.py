"""The care case (zorgtraject): one presumed victim, from first contact to closure.

The client record holds only what care needs (DOMAIN.md, "Care coordination"): name and date of
birth encrypted, the rest as plain choices so lists and the CoMensha figures need no decryption.
The client is known in lists and mail by a pseudonymous client number (ZC-2026-0001), never by name.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import NOBODY, Scope, TenantQuerySet
from schakel.organisations.models import Municipality, Region
from schakel.privacy.fields import EncryptedDateField, EncryptedTextField

from ..countries import COUNTRIES, UNKNOWN


class Gender(models.TextChoices):
    FEMALE = "female", _("Vrouw")
    MALE = "male", _("Man")
    OTHER = "other", _("Anders")
    UNKNOWN = "unknown", _("Onbekend")


class Residence(models.TextChoices):
    DUTCH = "dutch", _("Nederlander")
    EU_CITIZEN = "eu_citizen", _("EU-burger")
    THIRD_COUNTRY_LAWFUL = "third_country_lawful", _("Derdelander met rechtmatig verblijf")
    THIRD_COUNTRY_UNLAWFUL = "third_country_unlawful", _("Derdelander zonder rechtmatig verblijf")
    ASYLUM_SEEKER = "asylum_seeker", _("Asielzoeker")
    UNKNOWN = "unknown", _("Nog onbekend")


class Guardian(models.TextChoices):
    NONE = "", _("Geen (meerderjarig)")
    PARENTS = "parents", _("Ouders of verzorgers")
    JEUGDZORG = "jeugdzorg", _("Jeugdzorg (gezinsvoogd)")
    NIDOS = "nidos", _("Nidos (alleenstaande minderjarige vreemdeling)")


class Form(models.TextChoices):
    SEXUAL = "sexual", _("Seksuele uitbuiting")
    LABOUR = "labour", _("Arbeidsuitbuiting")
    CRIMINAL = "criminal", _("Criminele uitbuiting")
    ORGAN_REMOVAL = "organ_removal", _("Gedwongen orgaanverwijdering")
    UNKNOWN = "unknown", _("Nog onbekend")


class Referrer(models.TextChoices):
    """Who brought the client to care coordination: CoMensha's 'reporter type'."""

    SCREENING = "screening", _("Screeningsoverleg (zorgroute)")
    POLICE = "police", _("Politie")
    KMAR = "kmar", _("Koninklijke Marechaussee")
    LABOUR_INSPECTORATE = "labour_inspectorate", _("Nederlandse Arbeidsinspectie")
    SHELTER = "shelter", _("Opvang of zorgaanbieder")
    CLIENT = "client", _("De cliënt zelf")
    OTHER = "other", _("Anders")


class MunicipalityBasis(models.TextChoices):
    REGISTERED = "registered", _("Ingeschreven in deze gemeente")
    FOUND = "found", _("Hier aangetroffen (niet ingeschreven)")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Lopend")
    CLOSED = "closed", _("Afgesloten")


class CloseReason(models.TextChoices):
    OWN_LIFE = "own_life", _("Weer een eigen leven")
    RETURNED = "returned", _("Teruggekeerd naar het land van herkomst")
    OUT_OF_VIEW = "out_of_view", _("Uit beeld geraakt")
    TRANSFERRED = "transferred", _("Overgedragen aan een andere regio")
    NO_CARE_WANTED = "no_care_wanted", _("Cliënt wil geen hulp")
    OTHER = "other", _("Anders")


class CareCaseQuerySet(TenantQuerySet):
    def scope_filter(self, scope: Scope) -> models.Q:
        """The care coordinators of the case's region; nobody else sees the case itself.

        A partner named in an open referral sees that referral's page (what it shares), not the
        case (CareReferral's own scope).
        """
        regions = scope.regions_for(Role.CARE_COORDINATOR)
        if not regions:
            return NOBODY
        return models.Q(region_id__in=sorted(regions))

    def open(self) -> CareCaseQuerySet:
        return self.filter(status=CaseStatus.OPEN)

    def for_list(self) -> CareCaseQuerySet:
        return self.defer("name", "date_of_birth", "close_note")


class ClientNumberCounter(models.Model):
    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("teller cliëntnummers")


class CareCase(models.Model):
    client_number = models.CharField(_("cliëntnummer"), max_length=20, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="care_cases", verbose_name=_("regio"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="care_cases",
                                     verbose_name=_("verantwoordelijke gemeente"))
    municipality_basis = models.CharField(_("grond verantwoordelijke gemeente"), max_length=20,
                                          choices=MunicipalityBasis.choices, default=MunicipalityBasis.FOUND)
    coordinator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("zorgcoördinator"))
    referrer = models.CharField(_("aangemeld door"), max_length=30, choices=Referrer.choices)
    # Where it came from: a screening route (its signal and route id) or a direct referral.
    # SET_NULL: a signal past its own retention period goes; the care case (kept longer) stays.
    signal = models.ForeignKey("signalling.Signal", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="care_cases", verbose_name=_("signaal"))
    route_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True, editable=False)
    # The client.
    name = EncryptedTextField(_("naam"))
    # The name's blind index (schakel.privacy.crypto), so a data-subject request finds the case without a scan.
    name_token = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    date_of_birth = EncryptedDateField(_("geboortedatum"), blank=True)
    age_at_registration = models.PositiveSmallIntegerField(
        _("leeftijd bij aanmelding"), null=True, blank=True, editable=False,
        help_text=_("Berekend uit de geboortedatum; voor de geanonimiseerde registratie."))
    gender = models.CharField(_("geslacht"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN)
    nationality = models.CharField(_("nationaliteit"), max_length=2, choices=COUNTRIES, default=UNKNOWN)
    languages = models.CharField(_("talen"), max_length=200, blank=True)
    interpreter_needed = models.BooleanField(_("tolk nodig"), default=False)
    residence = models.CharField(_("verblijfssituatie"), max_length=30, choices=Residence.choices,
                                 default=Residence.UNKNOWN)
    minor = models.BooleanField(_("minderjarig"), default=False)
    guardian = models.CharField(_("voogd"), max_length=20, choices=Guardian.choices, blank=True)
    forms = models.JSONField(_("vormen van uitbuiting"), default=list, blank=True)
    # Progress.
    status = models.CharField(_("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_on = models.DateField(_("aangemeld op"))
    first_contact_on = models.DateField(_("eerste contact op"), null=True, blank=True)
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    close_reason = models.CharField(_("reden afsluiten"), max_length=20, choices=CloseReason.choices, blank=True)
    close_note = EncryptedTextField(_("toelichting afsluiten"))
    transferred_to = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                       verbose_name=_("overgedragen aan regio"))
    version = models.PositiveIntegerField(_("versie"), default=1)
    submission = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False,
                                  help_text="The form's one-time token: a double submit opens one case.")
    created_at = models.DateTimeField(_("vastgelegd op"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    updated_at = models.DateTimeField(_("gewijzigd op"))

    objects = CareCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("zorgtraject")
        verbose_name_plural = _("zorgtrajecten")
        indexes = [models.Index(fields=["region", "status", "opened_on"], name="care_case_caseload")]
        constraints = [
            models.CheckConstraint(condition=models.Q(status="closed") | models.Q(close_reason=""),
                                   name="care_case_reason_only_when_closed"),
            models.CheckConstraint(condition=~models.Q(status="closed") | ~models.Q(close_reason=""),
                                   name="care_case_closed_has_reason"),
        ]

    def __str__(self) -> str:
        return self.client_number

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("care:case-detail", kwargs={"number": self.client_number})

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN

    def get_forms_display(self) -> list[str]:
        labels = dict(Form.choices)
        return [str(labels.get(form, form)) for form in self.forms]

    @property
    def may_have_reflection_period(self) -> bool:
        return self.residence == Residence.THIRD_COUNTRY_UNLAWFUL


class CaseEvent(models.Model):
    """The case's history: who did what when (append-only; content lives in the records)."""

    case = models.ForeignKey(CareCase, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("tijdstip"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    what = models.CharField(_("wat"), max_length=200)
    reason = EncryptedTextField(_("reden"))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("gebeurtenis zorgtraject")
