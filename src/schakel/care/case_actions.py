"""The actions on a case page: one POST address per action, each a form and one service call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from schakel.clock import today

from . import forms
from .models import CareCase, CareReferral, Consent, ShelterPlacement
from .services import cases, referrals, work


@dataclass(frozen=True)
class CaseAction:
    prefix: str
    form_class: type
    run: Callable  # (user, case, form) -> success message
    anchor: str
    needs_regions: bool = False

    def form_kwargs(self, case: CareCase, region_ids) -> dict:
        return {"region_ids": region_ids} if self.needs_regions else {}


def _v(form) -> int:
    return form.cleaned_data["version"]


def _own(model, case: CareCase, pk: int):
    row = get_object_or_404(model, pk=pk)
    if row.case_id != case.pk:
        raise PermissionDenied
    return row


def _client(user, case, form):
    cases.update_client(actor=user, case=case, client=form.client_data(), expected_version=_v(form))
    return _("De cliëntgegevens zijn opgeslagen.")


def _municipality(user, case, form):
    data = form.cleaned_data
    cases.change_municipality(actor=user, case=case, municipality=data["municipality"], basis=data["basis"],
                              reason=data["reason"], expected_version=_v(form))
    return _("De verantwoordelijke gemeente is gewijzigd.")


def _need(user, case, form):
    data = form.cleaned_data
    work.set_need(actor=user, case=case, kind=data["kind"], status=data["status"], note=data.get("note", ""),
                  expected_version=_v(form))
    return _("De hulpvraag is bijgewerkt.")


def _placement(user, case, form):
    data = form.cleaned_data
    placement = work.add_placement(actor=user, case=case, kind=data["kind"], provider=data.get("provider"),
                                   provider_name=data.get("provider_name", ""), starts_on=data["starts_on"],
                                   ends_on=data.get("ends_on"), expected_version=_v(form))
    from .capacity import load_of

    load = load_of(placement.provider, on=today())
    if load is not None and load.excess:
        return _("De opvangplaatsing is vastgelegd. Let op: volgens Schakel heeft %(provider)s nu meer plaatsingen "
                 "(%(occupied)s) dan plaatsen (%(places)s).") % {"provider": load.provider.name,
                                                                 "occupied": load.occupied, "places": load.places}
    return _("De opvangplaatsing is vastgelegd.")


def _end_placement(user, case, form):
    placement = _own(ShelterPlacement, case, form.cleaned_data["placement"])
    work.end_placement(actor=user, case=case, placement=placement, ends_on=form.cleaned_data["ends_on"],
                       expected_version=_v(form))
    return _("De einddatum van de opvang is vastgelegd.")


def _reflection(user, case, form):
    period = work.start_reflection(actor=user, case=case, starts_on=form.cleaned_data["starts_on"],
                                   expected_version=_v(form))
    return _("De bedenktijd loopt tot en met %(end)s.") % {"end": period.ends_on.strftime("%d-%m-%Y")}


def _decision(user, case, form):
    data = form.cleaned_data
    work.decide_reflection(actor=user, case=case, decision=data["decision"], decided_on=data["decided_on"],
                           extended_until=data.get("extended_until"), expected_version=_v(form))
    return _("Het besluit over de bedenktijd is vastgelegd.")


def _b8(user, case, form):
    data = form.cleaned_data
    work.record_b8(actor=user, case=case, applied_on=data["applied_on"], outcome=data["outcome"],
                   decided_on=data.get("decided_on"), expected_version=_v(form))
    return _("De B8-aanvraag is vastgelegd.")


def _consent(user, case, form):
    data = form.cleaned_data
    cases.record_consent(actor=user, case=case, purpose=data["purpose"], organisation=data.get("organisation"),
                         given_on=data["given_on"], scope=data.get("scope", ""),
                         legal_ground=data.get("legal_ground", ""), expected_version=_v(form))
    return _("De toestemming is vastgelegd.")


def _withdraw_consent(user, case, form):
    consent = _own(Consent, case, form.cleaned_data["consent"])
    cases.withdraw_consent(actor=user, case=case, consent=consent, withdrawn_on=form.cleaned_data["withdrawn_on"],
                           expected_version=_v(form))
    return _("De toestemming is ingetrokken.")


def _refer(user, case, form):
    data = form.cleaned_data
    referral = referrals.refer(actor=user, case=case, organisation=data["organisation"], request=data["request"],
                               shared=data["shared"], override_ground=data.get("override_ground", ""),
                               override_reason=data.get("override_reason", ""), expected_version=_v(form))
    return _("De verwijzing naar %(organisation)s is verstuurd.") % {"organisation": referral.organisation.name}


def _withdraw_referral(user, case, form):
    referral = _own(CareReferral, case, form.cleaned_data["referral"])
    referrals.withdraw(actor=user, case=case, referral=referral, reason=form.cleaned_data["reason"],
                       expected_version=_v(form))
    return _("De verwijzing is ingetrokken; de partner ziet haar niet meer.")


def _contact(user, case, form):
    data = form.cleaned_data
    work.add_contact(actor=user, case=case, on=data["on"], kind=data["kind"], minutes=data["minutes"],
                     with_whom=data.get("with_whom", ""), text_=data["text"], expected_version=_v(form))
    return _("Het contact is vastgelegd.")


def _close(user, case, form):
    data = form.cleaned_data
    cases.close_case(actor=user, case=case, reason=data["reason"], note=data.get("note", ""),
                     transferred_to=data.get("transferred_to"), closed_on=data["closed_on"],
                     expected_version=_v(form))
    return _("Het zorgtraject is afgesloten.")


def _reopen(user, case, form):
    cases.reopen_case(actor=user, case=case, reason=form.cleaned_data["reason"], expected_version=_v(form))
    return _("Het zorgtraject is heropend.")


ACTIONS: dict[str, CaseAction] = {
    "client": CaseAction("client", forms.ClientForm, _client, "client"),
    "gemeente": CaseAction("municipality", forms.MunicipalityForm, _municipality, "client", needs_regions=True),
    "hulpvraag": CaseAction("need", forms.NeedForm, _need, "needs"),
    "opvang": CaseAction("placement", forms.PlacementForm, _placement, "shelter"),
    "opvang-einde": CaseAction("end_placement", forms.EndPlacementForm, _end_placement, "shelter"),
    "bedenktijd": CaseAction("reflection", forms.ReflectionStartForm, _reflection, "reflection"),
    "bedenktijd-besluit": CaseAction("decision", forms.ReflectionDecisionForm, _decision, "reflection"),
    "b8": CaseAction("b8", forms.B8Form, _b8, "reflection"),
    "toestemming": CaseAction("consent", forms.ConsentForm, _consent, "consent"),
    "toestemming-intrekken": CaseAction("withdraw_consent", forms.WithdrawConsentForm, _withdraw_consent, "consent"),
    "verwijzing": CaseAction("referral", forms.ReferralForm, _refer, "referrals"),
    "verwijzing-intrekken": CaseAction("withdraw_referral", forms.WithdrawReferralForm, _withdraw_referral,
                                       "referrals"),
    "contact": CaseAction("contact", forms.ContactForm, _contact, "contacts"),
    "afsluiten": CaseAction("close", forms.CloseForm, _close, "status"),
    "heropenen": CaseAction("reopen", forms.ReopenForm, _reopen, "status"),
}


def initial_forms(case: CareCase, *, region_ids) -> dict:
    """Every form of the case page, unbound, with the case's current version."""
    version = {"version": case.version}
    day = today()
    client = {field: getattr(case, field) for field in forms.ClientFields.base_fields}
    return {
        "client": forms.ClientForm(initial={**version, **client}, prefix="client"),
        "municipality": forms.MunicipalityForm(initial={**version, "municipality": case.municipality_id,
                                                        "basis": case.municipality_basis},
                                               prefix="municipality", region_ids=region_ids),
        "need": forms.NeedForm(initial=version, prefix="need"),
        "placement": forms.PlacementForm(initial={**version, "starts_on": day}, prefix="placement"),
        "end_placement": forms.EndPlacementForm(initial={**version, "ends_on": day}, prefix="end_placement"),
        "reflection": forms.ReflectionStartForm(initial={**version, "starts_on": day}, prefix="reflection"),
        "decision": forms.ReflectionDecisionForm(initial={**version, "decided_on": day}, prefix="decision"),
        "b8": forms.B8Form(initial={**version, "applied_on": day}, prefix="b8"),
        "consent": forms.ConsentForm(initial={**version, "given_on": day}, prefix="consent"),
        "withdraw_consent": forms.WithdrawConsentForm(initial={**version, "withdrawn_on": day},
                                                      prefix="withdraw_consent"),
        "referral": forms.ReferralForm(initial=version, prefix="referral"),
        "withdraw_referral": forms.WithdrawReferralForm(initial=version, prefix="withdraw_referral"),
        "contact": forms.ContactForm(initial={**version, "on": day}, prefix="contact"),
        "close": forms.CloseForm(initial={**version, "closed_on": day}, prefix="close"),
        "reopen": forms.ReopenForm(initial=version, prefix="reopen"),
    }
