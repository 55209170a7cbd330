"""Opening, editing, closing and reopening a care case; the responsible municipality; consent."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import scope_for
from schakel.clock import AMSTERDAM
from schakel.clock import now as clock_now
from schakel.organisations.models import Municipality, Organisation, Region

from ..countries import NAMES as COUNTRY_NAMES
from ..models import (
    CareCase,
    CaseStatus,
    ClientNumberCounter,
    CloseReason,
    Consent,
    ConsentPurpose,
    Form,
    Gender,
    Guardian,
    MunicipalityBasis,
    Referrer,
    Residence,
)
from .common import CareError, bump, event, lock, log, text


@dataclass
class ClientData:
    """What the coordinator types about the client (the case form and the client form)."""

    name: str
    date_of_birth: datetime.date | None = None
    gender: str = Gender.UNKNOWN
    nationality: str = "XX"
    languages: str = ""
    interpreter_needed: bool = False
    residence: str = Residence.UNKNOWN
    minor: bool = False
    guardian: str = ""
    forms: list[str] = field(default_factory=list)


def _age(date_of_birth: datetime.date | None, on: datetime.date) -> int | None:
    if date_of_birth is None:
        return None
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


def _validate_client(data: ClientData, *, on: datetime.date) -> dict:
    name = text(data.name, field="name", label=_("Naam"))
    if len(name) > 200:
        raise CareError(_("De naam is te lang: hoogstens 200 tekens."), field="name")
    if data.date_of_birth is not None and data.date_of_birth > on:
        raise CareError(_("De geboortedatum ligt in de toekomst. Vul een datum in het verleden in."),
                        field="date_of_birth")
    for value, choices, field_name in ((data.gender, Gender, "gender"), (data.residence, Residence, "residence"),
                                       (data.guardian, Guardian, "guardian")):
        if value not in choices.values:
            raise CareError(_("Kies een waarde uit de lijst."), field=field_name)
    if data.nationality not in COUNTRY_NAMES:
        raise CareError(_("Kies een nationaliteit uit de lijst (of ‘Onbekend of staatloos’)."), field="nationality")
    if any(form not in Form.values for form in data.forms):
        raise CareError(_("Kies de vormen van uitbuiting uit de lijst."), field="forms")
    age = _age(data.date_of_birth, on)
    minor = data.minor or (age is not None and age < 18)
    if data.guardian and not minor:
        raise CareError(_("Een voogd hoort alleen bij een minderjarige. Vink ‘minderjarig’ aan of kies "
                          "‘Geen’."), field="guardian")
    if data.residence == Residence.DUTCH and data.nationality not in ("NL", "XX"):
        raise CareError(_("Een Nederlander heeft de Nederlandse nationaliteit. Kies ‘Nederland’ of een andere "
                          "verblijfssituatie."), field="residence")
    return {
        "name": name, "name_token": name_token(name), "date_of_birth": data.date_of_birth, "age_at_registration": age, "gender": data.gender,
        "nationality": data.nationality, "languages": (data.languages or "").strip()[:200],
        "interpreter_needed": bool(data.interpreter_needed), "residence": data.residence, "minor": minor,
        "guardian": data.guardian, "forms": sorted(set(data.forms)),
    }


def name_token(name: str) -> str:
    """The blind index of the normalised name ('' when nothing is left, e.g. 'Onbekend' stays searchable)."""
    from schakel.privacy.crypto import blind_index
    from schakel.signalling.normalise import normalise_name

    normalised = normalise_name(name or "")
    return blind_index("name", normalised) if normalised else ""


def _next_client_number(year: int) -> str:
    counter, _created = ClientNumberCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"ZC-{year}-{counter.last:04d}"


def region_of(municipality: Municipality) -> Region | None:
    membership = getattr(municipality, "region_membership", None)
    return membership.region if membership is not None else None


@transaction.atomic
def open_case(*, actor, client: ClientData, municipality: Municipality, referrer: str,
              municipality_basis: str = MunicipalityBasis.FOUND, signal=None, route_id: int | None = None,
              coordinator=None, submission: str | None = None, opened_on: datetime.date | None = None,
              now: datetime.datetime | None = None) -> CareCase:
    """A new care case in the region of `municipality`, for that region's care coordinator.

    `actor` is a care coordinator of that region, or (a screening route) anyone whose decision opens it
    for the coordinator `coordinator`. A repeated `submission` token or route returns the case already opened.
    """
    moment = now or clock_now()
    day = opened_on or moment.astimezone(AMSTERDAM).date()
    if submission:
        existing = CareCase.objects.filter(submission=submission).first()
        if existing is not None:
            return existing
    if route_id is not None:
        existing = CareCase.objects.filter(route_id=route_id).first()
        if existing is not None:
            return existing
    region = region_of(municipality)
    if region is None:
        raise CareError(_("Deze gemeente hoort bij geen regio. Kies de gemeente waar de cliënt staat ingeschreven "
                          "of is aangetroffen."), field="municipality")
    if route_id is None and region.pk not in scope_for(actor).regions_for(Role.CARE_COORDINATOR):
        # Direct opening: only by a coordinator of that region (outside it: as if the municipality were unknown).
        raise CareError(_("Kies een gemeente in uw eigen regio."), field="municipality")
    if referrer not in Referrer.values:
        raise CareError(_("Kies wie de cliënt heeft aangemeld."), field="referrer")
    if municipality_basis not in MunicipalityBasis.values:
        raise CareError(_("Kies of de cliënt in deze gemeente staat ingeschreven of hier is aangetroffen."),
                        field="municipality_basis")
    if day > moment.astimezone(AMSTERDAM).date():
        raise CareError(_("De aanmelddatum ligt in de toekomst."), field="opened_on")
    values = _validate_client(client, on=day)
    try:
        with transaction.atomic():
            case = CareCase.objects.create(
                client_number=_next_client_number(day.year), region=region, municipality=municipality,
                municipality_basis=municipality_basis, referrer=referrer, signal=signal, route_id=route_id,
                coordinator=coordinator or actor, opened_on=day, submission=submission or None,
                created_at=moment, created_by=actor, updated_at=moment, **values)
    except IntegrityError:
        # The same submission or route, committed by a concurrent request in between: that one counts.
        existing = CareCase.objects.filter(submission=submission).first() if submission else None
        existing = existing or CareCase.objects.filter(route_id=route_id).first()
        if existing is None:
            raise
        return existing
    event(case, actor=actor, moment=moment, what=_("Zorgtraject geopend"))
    log(actor, case, "zorgtraject geopend", action="create")
    return case


@transaction.atomic
def update_client(*, actor, case: CareCase, client: ClientData, expected_version: int,
                  now: datetime.datetime | None = None) -> CareCase:
    moment = now or clock_now()
    current = lock(actor=actor, case=case, expected_version=expected_version)
    values = _validate_client(client, on=current.opened_on)
    reflection = getattr(current, "reflection", None)
    if reflection is not None and values["residence"] != Residence.THIRD_COUNTRY_UNLAWFUL:
        raise CareError(_("Deze cliënt heeft een bedenktijd, die alleen geldt voor een derdelander zonder "
                          "rechtmatig verblijf. Leg eerst het besluit over de bedenktijd vast."), field="residence")
    current = bump(current, moment=moment, **values)
    event(current, actor=actor, moment=moment, what=_("Cliëntgegevens gewijzigd"))
    log(actor, current, "cliëntgegevens gewijzigd")
    return current


@transaction.atomic
def change_municipality(*, actor, case: CareCase, municipality: Municipality, basis: str, reason: str,
                        expected_version: int, now: datetime.datetime | None = None) -> CareCase:
    """The responsible municipality: where the client is registered, else where found; changed with a reason."""
    moment = now or clock_now()
    current = lock(actor=actor, case=case, expected_version=expected_version)
    reason = text(reason, field="reason", label=_("Reden"))
    if basis not in MunicipalityBasis.values:
        raise CareError(_("Kies of de cliënt in deze gemeente staat ingeschreven of hier is aangetroffen."),
                        field="basis")
    region = region_of(municipality)
    if region is None or region.pk != current.region_id:
        raise CareError(_("Kies een gemeente in de regio van dit zorgtraject. Gaat de cliënt naar een andere regio, "
                          "sluit het zorgtraject dan af met ‘Overgedragen aan een andere regio’."),
                        field="municipality")
    if municipality.pk == current.municipality_id and basis == current.municipality_basis:
        raise CareError(_("Dit is al de verantwoordelijke gemeente."), field="municipality")
    previous = current.municipality.name
    current = bump(current, moment=moment, municipality=municipality, municipality_basis=basis)
    event(current, actor=actor, moment=moment,
          what=_("Verantwoordelijke gemeente: %(old)s → %(new)s") % {"old": previous, "new": municipality.name},
          reason=reason)
    log(actor, current, "verantwoordelijke gemeente gewijzigd")
    return current


@transaction.atomic
def close_case(*, actor, case: CareCase, reason: str, note: str = "", transferred_to: Region | None = None,
               closed_on: datetime.date | None = None, expected_version: int,
               now: datetime.datetime | None = None) -> CareCase:
    moment = now or clock_now()
    current = lock(actor=actor, case=case, expected_version=expected_version)
    day = closed_on or moment.astimezone(AMSTERDAM).date()
    if reason not in CloseReason.values:
        raise CareError(_("Kies de reden van afsluiten."), field="reason")
    if day < current.opened_on:
        raise CareError(_("De datum van afsluiten ligt vóór de aanmelding (%(date)s).")
                        % {"date": current.opened_on.strftime("%d-%m-%Y")}, field="closed_on")
    if day > moment.astimezone(AMSTERDAM).date():
        raise CareError(_("De datum van afsluiten ligt in de toekomst."), field="closed_on")
    note = text(note, field="note", required=reason in (CloseReason.OTHER, CloseReason.TRANSFERRED),
                label=_("Toelichting (overdracht)") if reason == CloseReason.TRANSFERRED else _("Toelichting"))
    if reason == CloseReason.TRANSFERRED:
        if transferred_to is None or transferred_to.pk == current.region_id:
            raise CareError(_("Kies de regio waaraan het zorgtraject wordt overgedragen (een andere dan de eigen)."),
                            field="transferred_to")
    else:
        transferred_to = None
    if current.referrals.filter(status__in=("requested", "accepted")).exists():
        raise CareError(_("Er lopen nog verwijzingen. Trek ze in of laat de partner ze afronden voordat u het "
                          "zorgtraject afsluit."), field="reason")
    current = bump(current, moment=moment, status=CaseStatus.CLOSED, close_reason=reason, close_note=note,
                    closed_on=day, transferred_to=transferred_to)
    what = _("Afgesloten: %(reason)s") % {"reason": CloseReason(reason).label}
    if transferred_to is not None:
        what = _("Afgesloten: overgedragen aan %(region)s") % {"region": transferred_to.name}
    event(current, actor=actor, moment=moment, what=what, reason=note)
    log(actor, current, "zorgtraject afgesloten")
    from .route import case_closed

    case_closed(current, actor=actor, moment=moment)
    return current


@transaction.atomic
def reopen_case(*, actor, case: CareCase, reason: str, expected_version: int,
                now: datetime.datetime | None = None) -> CareCase:
    """A closed case is read-only; reopening is the one change it allows, with a logged reason."""
    moment = now or clock_now()
    current = lock(actor=actor, case=case, expected_version=expected_version, allow_closed=True)
    if current.is_open:
        raise CareError(_("Dit zorgtraject loopt nog."))
    reason = text(reason, field="reason", label=_("Reden heropenen"))
    current = bump(current, moment=moment, status=CaseStatus.OPEN, close_reason="", close_note="", closed_on=None,
                    transferred_to=None)
    event(current, actor=actor, moment=moment, what=_("Heropend"), reason=reason)
    log(actor, current, "zorgtraject heropend")
    return current


@transaction.atomic
def record_consent(*, actor, case: CareCase, purpose: str, given_on: datetime.date, scope: str,
                   organisation: Organisation | None = None, legal_ground: str = "", expected_version: int,
                   now: datetime.datetime | None = None) -> Consent:
    moment = now or clock_now()
    current = lock(actor=actor, case=case, expected_version=expected_version)
    if purpose not in ConsentPurpose.values:
        raise CareError(_("Kies waarvoor de toestemming is."), field="purpose")
    if given_on > moment.astimezone(AMSTERDAM).date():
        raise CareError(_("De datum van de toestemming ligt in de toekomst."), field="given_on")
    if purpose == ConsentPurpose.SHARING and organisation is None:
        raise CareError(_("Kies met welke organisatie de cliënt toestemt te delen."), field="organisation")
    if purpose == ConsentPurpose.COMENSHA:
        organisation = None
    legal_ground = (legal_ground or "").strip()[:200]
    scope = text(scope, field="scope", required=not legal_ground, label=_("Reikwijdte"))
    consent = Consent.objects.create(case=current, purpose=purpose, organisation=organisation, given_on=given_on,
                                     scope=scope, legal_ground=legal_ground, recorded_at=moment, recorded_by=actor)
    bump(current, moment=moment)
    label = ConsentPurpose(purpose).label
    event(current, actor=actor, moment=moment,
          what=(_("Grondslag vastgelegd: %(purpose)s") if legal_ground else _("Toestemming vastgelegd: %(purpose)s"))
          % {"purpose": label})
    log(actor, current, "toestemming vastgelegd")
    return consent


@transaction.atomic
def withdraw_consent(*, actor, case: CareCase, consent: Consent, withdrawn_on: datetime.date, expected_version: int,
                     now: datetime.datetime | None = None) -> Consent:
    moment = now or clock_now()
    current = lock(actor=actor, case=case, expected_version=expected_version)
    if consent.case_id != current.pk:
        raise PermissionDenied
    if consent.withdrawn_on is not None:
        raise CareError(_("Deze toestemming is al ingetrokken."))
    if withdrawn_on < consent.given_on:
        raise CareError(_("De intrekking ligt vóór de datum van de toestemming."), field="withdrawn_on")
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on"])
    bump(current, moment=moment)
    event(current, actor=actor, moment=moment,
          what=_("Toestemming ingetrokken: %(purpose)s") % {"purpose": consent.get_purpose_display()})
    log(actor, current, "toestemming ingetrokken")
    return consent


def active_consent(case: CareCase, *, purpose: str, on: datetime.date, organisation_id: int | None = None):
    consents = case.consents.filter(purpose=purpose)
    if organisation_id is not None:
        consents = consents.filter(organisation_id=organisation_id)
    for consent in consents.order_by("-given_on", "-id"):
        if consent.is_active(on):
            return consent
    return None
