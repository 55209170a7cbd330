"""What happens within a care case: consent, needs, shelter, reflection period, referrals, contacts."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import NOBODY, Scope, TenantQuerySet
from schakel.organisations.models import Organisation
from schakel.privacy.fields import EncryptedTextField

from .case import CareCase

REFLECTION_MONTHS = 3  # Vreemdelingenwet 2000 art. 8 sub k; Vreemdelingencirculaire B8/3
REMINDER_WEEKS = (4, 2)


class CaseRelatedQuerySet(TenantQuerySet):
    """Rows of a case: visible exactly when the case is (the region's care coordinators)."""

    def scope_filter(self, scope: Scope) -> models.Q:
        regions = scope.regions_for(Role.CARE_COORDINATOR)
        if not regions:
            return NOBODY
        return models.Q(case__region_id__in=sorted(regions))


class ConsentPurpose(models.TextChoices):
    SHARING = "sharing", _("Gegevens delen met een ketenpartner")
    COMENSHA = "comensha", _("Registratie bij CoMensha")


class Consent(models.Model):
    case = models.ForeignKey(CareCase, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("doel"), max_length=20, choices=ConsentPurpose.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("met organisatie"))
    given_on = models.DateField(_("gegeven op"))
    scope = EncryptedTextField(_("reikwijdte"), help_text=_("Wat mag worden gedeeld, en waarvoor."))
    legal_ground = models.CharField(
        _("wettelijke grondslag in plaats van toestemming"), max_length=200, blank=True,
        help_text=_("Alleen als er geen toestemming is, bijvoorbeeld: Besluit politiegegevens (aangemeld door de "
                    "politie)."))
    withdrawn_on = models.DateField(_("ingetrokken op"), null=True, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")

    objects = CaseRelatedQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")

    def is_active(self, on: datetime.date) -> bool:
        return self.given_on <= on and (self.withdrawn_on is None or self.withdrawn_on > on)


class NeedKind(models.TextChoices):
    SAFETY = "safety", _("Veiligheid")
    SHELTER = "shelter", _("Opvang")
    MEDICAL = "medical", _("Medische zorg")
    PSYCHOLOGICAL = "psychological", _("Psychische zorg")
    INCOME = "income", _("Inkomen en schulden")
    LEGAL = "legal", _("Juridische hulp")
    IDENTITY = "identity", _("Identiteitsdocumenten")
    RESIDENCE = "residence", _("Verblijfsstatus")
    LANGUAGE = "language", _("Taal")
    EDUCATION_WORK = "education_work", _("Opleiding of werk")
    FAMILY = "family", _("Kinderen en gezin")


class NeedStatus(models.TextChoices):
    ASKED = "asked", _("Gevraagd")
    ARRANGED = "arranged", _("Geregeld")
    MET = "met", _("Voorzien")
    NOT_NEEDED = "not_needed", _("Niet nodig")


OPEN_NEED_STATUSES = (NeedStatus.ASKED, NeedStatus.ARRANGED)


class Need(models.Model):
    case = models.ForeignKey(CareCase, on_delete=models.CASCADE, related_name="needs")
    kind = models.CharField(_("behoefte"), max_length=20, choices=NeedKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=NeedStatus.choices)
    note = EncryptedTextField(_("toelichting"))
    updated_at = models.DateTimeField()

    objects = CaseRelatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hulpvraag")
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="care_one_need_per_kind")]


class ShelterKind(models.TextChoices):
    COSM = "cosm", _("COSM (categorale opvang)")
    WOMEN = "women", _("Vrouwenopvang")
    SOCIAL = "social", _("Maatschappelijke opvang")
    SPECIALISED = "specialised", _("Gespecialiseerde opvang")
    JEUGDZORG = "jeugdzorg", _("Jeugdzorg")
    NIDOS = "nidos", _("Nidos beschermde opvang")
    AZC = "azc", _("AZC (COA)")


class ShelterPlacement(models.Model):
    case = models.ForeignKey(CareCase, on_delete=models.CASCADE, related_name="placements")
    kind = models.CharField(_("soort opvang"), max_length=20, choices=ShelterKind.choices)
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("aanbieder"))
    provider_name = models.CharField(_("aanbieder (als die niet in Schakel staat)"), max_length=200, blank=True)
    starts_on = models.DateField(_("begindatum"))
    ends_on = models.DateField(_("einddatum"), null=True, blank=True)
    recorded_at = models.DateTimeField()

    objects = CaseRelatedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("opvangplaatsing")
        constraints = [models.CheckConstraint(
            condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
            name="care_placement_dates_in_order")]

    @property
    def provider_label(self) -> str:
        return self.provider.name if self.provider_id else self.provider_name


class ReflectionDecision(models.TextChoices):
    PENDING = "", _("Nog geen besluit")
    REPORT = "report", _("Doet aangifte of werkt mee met de politie")
    NO_REPORT = "no_report", _("Doet geen aangifte")
    EXTENSION = "extension", _("Bedenktijd verlengd")


class B8Outcome(models.TextChoices):
    NONE = "", _("Geen aanvraag")
    PENDING = "pending", _("Aangevraagd, nog geen besluit")
    GRANTED = "granted", _("Verleend")
    REFUSED = "refused", _("Afgewezen")


def reflection_end(start: datetime.date) -> datetime.date:
    """Three months from the start: the day before the same date three months later (art. 8 sub k).

    1 March gives 31 May; 30 November gives 28 February (29 in a leap year).
    """
    return start + relativedelta(months=REFLECTION_MONTHS) - datetime.timedelta(days=1)


class ReflectionPeriod(models.Model):
    case = models.OneToOneField(CareCase, on_delete=models.CASCADE, related_name="reflection")
    starts_on = models.DateField(_("begin bedenktijd"))
    ends_on = models.DateField(_("einde bedenktijd"), editable=False)
    extended_until = models.DateField(_("verlengd tot"), null=True, blank=True)
    decision = models.CharField(_("besluit"), max_length=20, choices=ReflectionDecision.choices, blank=True)
    decided_on = models.DateField(_("besloten op"), null=True, blank=True)
    b8_applied_on = models.DateField(_("B8-vergunning aangevraagd op"), null=True, blank=True)
    b8_outcome = models.CharField(_("uitkomst B8-aanvraag"), max_length=20, choices=B8Outcome.choices, blank=True)
    b8_decided_on = models.DateField(_("B8-besluit op"), null=True, blank=True)
    reminded_4_weeks_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_2_weeks_at = models.DateTimeField(null=True, blank=True, editable=False)
    recorded_at = models.DateTimeField()

    objects = CaseRelatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bedenktijd")

    @property
    def effective_end(self) -> datetime.date:
        return self.extended_until or self.ends_on

    @property
    def is_running(self) -> bool:
        return self.decision in (ReflectionDecision.PENDING, ReflectionDecision.EXTENSION)

    def reminder_dates(self) -> dict[int, datetime.date]:
        return {weeks: self.effective_end - datetime.timedelta(weeks=weeks) for weeks in REMINDER_WEEKS}


class ReferralStatus(models.TextChoices):
    REQUESTED = "requested", _("Gevraagd")
    ACCEPTED = "accepted", _("Geaccepteerd")
    DECLINED = "declined", _("Afgewezen")
    DONE = "done", _("Afgerond")
    FAILED = "failed", _("Niet gelukt")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


OPEN_REFERRAL_STATUSES = (ReferralStatus.REQUESTED, ReferralStatus.ACCEPTED)


class FailureReason(models.TextChoices):
    CLIENT_REFUSED = "client_refused", _("Cliënt wilde niet")
    NO_CAPACITY = "no_capacity", _("Geen plek of capaciteit")
    OUT_OF_VIEW = "out_of_view", _("Cliënt uit beeld")
    OTHER = "other", _("Anders")


class CareReferralQuerySet(TenantQuerySet):
    def scope_filter(self, scope: Scope) -> models.Q:
        """The region's care coordinators; a partner member of the receiving organisation only while open."""
        condition = NOBODY
        regions = scope.regions_for(Role.CARE_COORDINATOR)
        if regions:
            condition |= models.Q(case__region_id__in=sorted(regions))
        organisations = scope.organisations_for(Role.PARTNER_MEMBER)
        if organisations:
            condition |= models.Q(organisation_id__in=sorted(organisations), status__in=OPEN_REFERRAL_STATUSES)
        return condition

    def for_partner(self, user) -> CareReferralQuerySet:
        """What a partner member works on: open referrals to their own organisation(s)."""
        from schakel.accounts.tenancy import scope_for

        organisations = scope_for(user).organisations_for(Role.PARTNER_MEMBER)
        return self.visible_to(user, include_emergency=False).filter(
            organisation_id__in=sorted(organisations), status__in=OPEN_REFERRAL_STATUSES)


class CareReferral(models.Model):
    """A referral to a partner, with a life of its own.

    Requested → accepted or declined → done or failed; or withdrawn by the coordinator.
    """

    case = models.ForeignKey(CareCase, on_delete=models.CASCADE, related_name="referrals")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="care_referrals",
                                     verbose_name=_("naar organisatie"))
    request = models.CharField(_("wat wordt gevraagd"), max_length=200,
                               help_text=_("Kort, zonder persoonsgegevens; dit ziet de partner in zijn lijst."))
    shared = EncryptedTextField(_("wat wordt gedeeld"),
                                help_text=_("Alleen wat de partner nodig heeft. De partner ziet alleen deze tekst."))
    status = models.CharField(_("status"), max_length=20, choices=ReferralStatus.choices,
                              default=ReferralStatus.REQUESTED)
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    override_ground = models.CharField(_("wettelijke grondslag (zonder toestemming)"), max_length=200, blank=True)
    override_reason = EncryptedTextField(_("reden delen zonder toestemming"))
    answer = EncryptedTextField(_("reden, uitkomst of toelichting"))
    failure_reason = models.CharField(_("waarom niet gelukt"), max_length=20, choices=FailureReason.choices,
                                      blank=True)
    requested_at = models.DateTimeField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    finished_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = CareReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("verwijzing")
        verbose_name_plural = _("verwijzingen")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REFERRAL_STATUSES


class ContactKind(models.TextChoices):
    INTAKE = "intake", _("Kennismaking of intake")
    IN_PERSON = "in_person", _("Gesprek met de cliënt")
    PHONE = "phone", _("Telefoon of beeldbellen met de cliënt")
    PROFESSIONAL = "professional", _("Overleg met een professional")
    NOTE = "note", _("Voortgangsnotitie (geen contact)")


CLIENT_CONTACT_KINDS = (ContactKind.INTAKE, ContactKind.IN_PERSON, ContactKind.PHONE)


class Contact(models.Model):
    """A contact or progress note: date, kind, duration, with whom, and what was said."""

    case = models.ForeignKey(CareCase, on_delete=models.CASCADE, related_name="contacts")
    on = models.DateField(_("datum"))
    kind = models.CharField(_("soort"), max_length=20, choices=ContactKind.choices)
    minutes = models.PositiveSmallIntegerField(_("duur in minuten"), default=0)
    with_whom = EncryptedTextField(_("met wie"))
    text = EncryptedTextField(_("verslag"))
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")

    objects = CaseRelatedQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("contact of notitie")
        verbose_name_plural = _("contacten en notities")
