"""The care pages' forms: they parse and check input; the services decide."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from schakel.organisations.models import Municipality, Organisation, OrganisationKind, Region

from .countries import COUNTRIES
from .models import (
    B8Outcome,
    CloseReason,
    ConsentPurpose,
    ContactKind,
    FailureReason,
    Form,
    Gender,
    Guardian,
    MunicipalityBasis,
    NeedKind,
    NeedStatus,
    ReferralStatus,
    Referrer,
    ReflectionDecision,
    Residence,
    ShelterKind,
)
from .services.cases import ClientData
from .selectors import CaseloadFilters, Sort

PARTNER_KINDS = (OrganisationKind.SHELTER, OrganisationKind.CARE_PROVIDER, OrganisationKind.NIDOS,
                 OrganisationKind.COA, OrganisationKind.POLICE, OrganisationKind.KMAR,
                 OrganisationKind.LABOUR_INSPECTORATE, OrganisationKind.VEILIG_THUIS, OrganisationKind.MUNICIPALITY,
                 OrganisationKind.OTHER)


def _date(label, *, required=True, help_text=""):
    return forms.DateField(label=label, required=required, help_text=help_text,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           error_messages={"invalid": _("Vul een geldige datum in (dag-maand-jaar)."),
                                           "required": _("Vul de datum in.")})


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


def region_municipalities(region_ids):
    return Municipality.objects.filter(region_membership__region_id__in=sorted(region_ids), active=True)


def partner_organisations():
    return Organisation.objects.filter(active=True, kind__in=PARTNER_KINDS).order_by("name")


class ClientFields(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200,
                           error_messages={"required": _("Vul de naam van de cliënt in (of ‘Onbekend’).")})
    date_of_birth = _date(_("Geboortedatum"), required=False)
    gender = forms.ChoiceField(label=_("Geslacht"), choices=Gender.choices, initial=Gender.UNKNOWN)
    nationality = forms.ChoiceField(label=_("Nationaliteit"), choices=COUNTRIES, initial="XX")
    languages = forms.CharField(label=_("Talen"), max_length=200, required=False,
                                help_text=_("Bijvoorbeeld: Roemeens, een beetje Engels."))
    interpreter_needed = forms.BooleanField(label=_("Tolk nodig"), required=False)
    residence = forms.ChoiceField(label=_("Verblijfssituatie"), choices=Residence.choices, initial=Residence.UNKNOWN)
    minor = forms.BooleanField(label=_("Minderjarig"), required=False)
    guardian = forms.ChoiceField(label=_("Voogd (bij een minderjarige)"), choices=Guardian.choices, required=False)
    forms = forms.MultipleChoiceField(label=_("Vormen van uitbuiting"), choices=Form.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)

    def client_data(self) -> ClientData:
        data = self.cleaned_data
        return ClientData(name=data["name"], date_of_birth=data.get("date_of_birth"), gender=data["gender"],
                          nationality=data["nationality"], languages=data.get("languages", ""),
                          interpreter_needed=data.get("interpreter_needed", False), residence=data["residence"],
                          minor=data.get("minor", False), guardian=data.get("guardian") or "",
                          forms=list(data.get("forms") or []))


class CaseForm(ClientFields):
    municipality = forms.ModelChoiceField(label=_("Verantwoordelijke gemeente"), queryset=Municipality.objects.none(),
                                          error_messages={"required": _("Kies de verantwoordelijke gemeente.")})
    municipality_basis = forms.ChoiceField(label=_("Waarom deze gemeente"), choices=MunicipalityBasis.choices,
                                           widget=forms.RadioSelect, initial=MunicipalityBasis.REGISTERED)
    referrer = forms.ChoiceField(label=_("Aangemeld door"), choices=Referrer.choices,
                                 error_messages={"required": _("Kies wie de cliënt heeft aangemeld.")})
    opened_on = _date(_("Aangemeld op"))
    submission = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = ["opened_on", "referrer", "municipality", "municipality_basis"]

    def __init__(self, *args, region_ids=(), **kwargs):
        kwargs.setdefault("initial", {}).setdefault("submission", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = region_municipalities(region_ids)


class ClientForm(VersionedForm, ClientFields):
    pass


class MunicipalityForm(VersionedForm):
    municipality = forms.ModelChoiceField(label=_("Verantwoordelijke gemeente"), queryset=Municipality.objects.none())
    basis = forms.ChoiceField(label=_("Waarom deze gemeente"), choices=MunicipalityBasis.choices,
                              widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reden van de wijziging"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=5000, error_messages={"required": _("Vul de reden van de wijziging in.")})

    def __init__(self, *args, region_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = region_municipalities(region_ids)


class NeedForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Hulpvraag"), choices=NeedKind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=NeedStatus.choices)
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class PlacementForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Soort opvang"), choices=ShelterKind.choices)
    provider = forms.ModelChoiceField(label=_("Aanbieder"), required=False, queryset=Organisation.objects.none())
    provider_name = forms.CharField(label=_("Of: naam van de aanbieder (niet in de lijst)"), required=False,
                                    max_length=200)
    starts_on = _date(_("Begindatum"))
    ends_on = _date(_("Einddatum"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Organisation.objects.filter(
            active=True, kind__in=(OrganisationKind.SHELTER, OrganisationKind.CARE_PROVIDER, OrganisationKind.NIDOS,
                                   OrganisationKind.COA)).order_by("name")


class EndPlacementForm(VersionedForm):
    placement = forms.IntegerField(widget=forms.HiddenInput)
    ends_on = _date(_("Einddatum"))


class ReflectionStartForm(VersionedForm):
    starts_on = _date(_("Begin bedenktijd"), help_text=_("Het einde (drie maanden later) rekent Schakel uit."))


class ReflectionDecisionForm(VersionedForm):
    decision = forms.ChoiceField(label=_("Besluit"), widget=forms.RadioSelect,
                                 choices=[c for c in ReflectionDecision.choices if c[0]])
    decided_on = _date(_("Besloten op"))
    extended_until = _date(_("Verlengd tot (alleen bij verlenging)"), required=False)


class B8Form(VersionedForm):
    applied_on = _date(_("B8-vergunning aangevraagd op"))
    outcome = forms.ChoiceField(label=_("Stand van de aanvraag"), choices=[c for c in B8Outcome.choices if c[0]])
    decided_on = _date(_("Besluit op"), required=False)


class ConsentForm(VersionedForm):
    purpose = forms.ChoiceField(label=_("Waarvoor"), choices=ConsentPurpose.choices, widget=forms.RadioSelect)
    organisation = forms.ModelChoiceField(label=_("Met organisatie (bij delen)"), required=False,
                                          queryset=Organisation.objects.none())
    given_on = _date(_("Gegeven op"))
    scope = forms.CharField(label=_("Reikwijdte"), required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 2}),
                            help_text=_("Wat mag worden gedeeld, en waarvoor."))
    legal_ground = forms.CharField(label=_("Of: wettelijke grondslag in plaats van toestemming (alleen CoMensha)"),
                                   required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partner_organisations()


class WithdrawConsentForm(VersionedForm):
    consent = forms.IntegerField(widget=forms.HiddenInput)
    withdrawn_on = _date(_("Ingetrokken op"))


class ReferralForm(VersionedForm):
    organisation = forms.ModelChoiceField(label=_("Naar organisatie"), queryset=Organisation.objects.none(),
                                          error_messages={"required": _("Kies de organisatie.")})
    request = forms.CharField(label=_("Wat wordt gevraagd"), max_length=200,
                              help_text=_("Kort, zonder persoonsgegevens: dit staat in de lijst van de partner."),
                              error_messages={"required": _("Vul in wat u de partner vraagt.")})
    shared = forms.CharField(label=_("Wat wordt gedeeld"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Alleen wat de partner nodig heeft; de partner ziet alleen deze tekst."),
                             error_messages={"required": _("Vul in wat u met de partner deelt.")})
    override_ground = forms.CharField(label=_("Zonder toestemming: wettelijke grondslag"), required=False,
                                      max_length=200)
    override_reason = forms.CharField(label=_("Zonder toestemming: reden"), required=False, max_length=5000,
                                      widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partner_organisations()


class WithdrawReferralForm(VersionedForm):
    referral = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reden intrekken"), max_length=5000,
                             error_messages={"required": _("Vul de reden van het intrekken in.")})


class ContactForm(VersionedForm):
    on = _date(_("Datum"))
    kind = forms.ChoiceField(label=_("Soort"), choices=ContactKind.choices)
    minutes = forms.IntegerField(label=_("Duur in minuten"), min_value=0, max_value=1440, initial=0,
                                 error_messages={"invalid": _("Vul de duur in hele minuten in."),
                                                 "min_value": _("De duur kan niet negatief zijn."),
                                                 "max_value": _("Hoogstens 1440 minuten (een dag).")})
    with_whom = forms.CharField(label=_("Met wie"), required=False, max_length=5000)
    text = forms.CharField(label=_("Verslag"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Vul het verslag in.")})


class CloseForm(VersionedForm):
    reason = forms.ChoiceField(label=_("Reden afsluiten"), choices=CloseReason.choices, widget=forms.RadioSelect,
                               error_messages={"required": _("Kies de reden van afsluiten.")})
    closed_on = _date(_("Afgesloten op"))
    transferred_to = forms.ModelChoiceField(label=_("Overgedragen aan regio"), required=False,
                                            queryset=Region.objects.all())
    note = forms.CharField(label=_("Toelichting (bij overdracht: de overdracht)"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ReopenForm(VersionedForm):
    reason = forms.CharField(label=_("Reden heropenen"), max_length=5000,
                             error_messages={"required": _("Vul de reden van het heropenen in.")})


class AnswerForm(VersionedForm):
    status = forms.ChoiceField(label=_("Antwoord"), widget=forms.RadioSelect, choices=(),
                               error_messages={"required": _("Kies een antwoord.")})
    text = forms.CharField(label=_("Reden, uitkomst of toelichting"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    failure_reason = forms.ChoiceField(label=_("Waarom niet gelukt (alleen bij ‘niet gelukt’)"), required=False,
                                       choices=[("", "–"), *FailureReason.choices])

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {ReferralStatus.ACCEPTED: _("Accepteren"), ReferralStatus.DECLINED: _("Afwijzen (met reden)"),
                  ReferralStatus.DONE: _("Afgerond (met uitkomst)"), ReferralStatus.FAILED: _("Niet gelukt")}
        allowed = ((ReferralStatus.ACCEPTED, ReferralStatus.DECLINED) if current == ReferralStatus.REQUESTED
                   else (ReferralStatus.DONE, ReferralStatus.FAILED))
        self.fields["status"].choices = [(status, labels[status]) for status in allowed]


class ComenshaForm(forms.Form):
    period_from = _date(_("Aangemeld vanaf"))
    period_until = _date(_("Aangemeld tot en met"))


class CaseloadForm(forms.Form):
    q = forms.CharField(label=_("Zoeken"), required=False, max_length=100,
                        help_text=_("Op cliëntnummer of gemeente."),
                        widget=forms.TextInput(attrs={"type": "search"}))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("open", _("Lopend")), ("closed", _("Afgesloten")), ("alle", _("Alle"))])
    termijn = forms.ChoiceField(label=_("Termijn bedenktijd"), required=False,
                                choices=[("", _("Alle")), ("overdue", _("Verstreken zonder besluit")),
                                         ("due_soon", _("Eindigt binnen 4 weken"))])
    sortering = forms.ChoiceField(label=_("Sorteren op"), required=False, choices=Sort.choices)

    def filters(self) -> CaseloadFilters:
        self.is_valid()
        data = self.cleaned_data
        status = data.get("status") or "open"
        return CaseloadFilters(query=data.get("q") or "", status="" if status == "alle" else status,
                               deadline=data.get("termijn") or "", sort=data.get("sortering") or Sort.DEADLINE)


class ContractedHoursForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Regio"), queryset=Region.objects.none(),
                                    error_messages={"required": _("Kies de regio."),
                                                    "invalid_choice": _("Kies een regio uit de lijst.")})
    hours_per_week = forms.DecimalField(label=_("Uren per week"), min_value=0, max_value=400, decimal_places=1,
                                        localize=True,
                                        error_messages={"required": _("Vul het aantal uren per week in."),
                                                        "invalid": _("Vul een getal in, bijvoorbeeld 32 of 18,5."),
                                                        "min_value": _("Vul 0 of meer uren in."),
                                                        "max_value": _("Vul hoogstens 400 uren in."),
                                                        "max_decimal_places": _("Vul hoogstens één decimaal in.")})
    valid_from = _date(_("Geldt vanaf"))
    note = forms.CharField(label=_("Toelichting"), max_length=200, required=False,
                           help_text=_("Bijvoorbeeld het besluit of de subsidiebeschikking."))

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions if regions is not None else Region.objects.none()


class CapacityForm(forms.Form):
    provider = forms.ModelChoiceField(label=_("Aanbieder"), queryset=Organisation.objects.none(),
                                      error_messages={"required": _("Kies de aanbieder."),
                                                      "invalid_choice": _("Kies een aanbieder uit de lijst.")})
    places = forms.IntegerField(label=_("Aantal plaatsen"), min_value=0, max_value=1000,
                                error_messages={"required": _("Vul het aantal plaatsen in."),
                                                "invalid": _("Vul een heel getal in."),
                                                "min_value": _("Vul 0 of meer plaatsen in."),
                                                "max_value": _("Vul hoogstens 1000 plaatsen in.")})
    note = forms.CharField(label=_("Toelichting"), max_length=200, required=False,
                           help_text=_("Bijvoorbeeld: alleen voor vrouwen, of tot en met welke datum dit geldt."))

    def __init__(self, *args, providers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers if providers is not None else Organisation.objects.none()
