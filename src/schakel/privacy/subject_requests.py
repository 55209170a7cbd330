"""Data-subject requests (GDPR art. 15-21): register, find the person's records, hand over, answer.

Finding works through the apps' blind indexes, never a plaintext scan: an app registers a finder
(`register_subject_finder(key, finder)`, `finder(name=..., birth_date=..., municipality_ids=...)`
returning `SubjectRecord`s). Linking records across apps and municipalities (issue 16) is not
built yet: each app's finder searches its own records by the exact normalised name.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from schakel.clock import now as clock_now

from .area import officer_area, region_of_municipality
from .audit import record_access
from .models import MIN_REASON_LENGTH, AccessAction, DataSubjectRequest, RequestStatus
from .retention import months_before

EXTENSION_MONTHS = 2


class RequestError(Exception):
    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


class StaleRequest(RequestError):
    pass


@dataclass(frozen=True)
class Withheld:
    what: str
    why: str


@dataclass
class SubjectRecord:
    record_type: str
    record_id: str
    noun: str
    reference: str
    received_on: datetime.date | None
    municipality: str
    status: str
    match: str  # how sure: "naam en geboortedatum" / "alleen naam"
    about_subject: dict = field(default_factory=dict)  # what was recorded about the person themselves
    withheld: list[Withheld] = field(default_factory=list)


_FINDERS: dict[str, Callable] = {}


def register_subject_finder(key: str, finder: Callable) -> None:
    _FINDERS[key] = finder


# Correction (art. 16): record_type -> corrector with `fields`, `current(record_id, name=, birth_date=)`
# -> (values, record_version) | None, and `apply(actor=, record_id=, name=, birth_date=, values=, reason=,
# record_version=)` -> names of the changed fields (see privacy/subject_correction.py).
_CORRECTORS: dict[str, object] = {}


def register_subject_corrector(record_type: str, corrector) -> None:
    _CORRECTORS[record_type] = corrector


def subject_corrector(record_type: str):
    return _CORRECTORS.get(record_type)


def months_after(day: datetime.date, months: int) -> datetime.date:
    moment = datetime.datetime.combine(day, datetime.time(12, 0))
    return months_before(moment, -months).date()


def _form_key_hash(actor, form_key: str) -> str | None:
    if not form_key:
        return None
    return hashlib.sha256(f"schakel-dsr\x1f{actor.pk}\x1f{form_key}".encode()).hexdigest()


@transaction.atomic
def register_request(*, actor, kind: str, subject_name: str, received_on: datetime.date,
                     subject_birth_date: datetime.date | None = None, form_key: str = "",
                     now: datetime.datetime | None = None) -> DataSubjectRequest:
    moment = now or clock_now()
    subject_name = (subject_name or "").strip()
    if len(subject_name) < 2:
        raise RequestError(_("Naam van de betrokkene: vul de naam in."), "subject_name")
    if received_on > moment.date():
        raise RequestError(_("Ontvangen op: deze datum ligt in de toekomst."), "received_on")
    area = officer_area(actor)
    municipality_id = min(area.municipality_ids) if area.municipality_ids else None
    region_id = min(area.region_ids) if area.region_ids else (
        region_of_municipality(municipality_id) if municipality_id else None)
    if municipality_id is None and region_id is None:
        raise RequestError(_("U bent geen privacyfunctionaris van een gemeente of regio."))
    key = _form_key_hash(actor, form_key)
    if key and (existing := DataSubjectRequest.objects.filter(idempotency_key=key).first()):
        return existing
    try:
        with transaction.atomic():
            request = DataSubjectRequest.objects.create(
                kind=kind, subject_name=subject_name, subject_birth_date=subject_birth_date, received_on=received_on,
                due_on=months_after(received_on, 1), registered_by=actor, registered_at=moment,
                municipality_id=municipality_id, region_id=region_id, idempotency_key=key)
    except IntegrityError:
        return DataSubjectRequest.objects.get(idempotency_key=key)
    record_access(user=actor, action=AccessAction.CREATE, record=request,
                  detail=f"verzoek van betrokkene ({request.get_kind_display()}) geregistreerd")
    return request


def _check_version(request: DataSubjectRequest, expected_version: int) -> None:
    if request.version != expected_version:
        raise StaleRequest(_("Iemand anders heeft dit verzoek intussen gewijzigd. Bekijk de nieuwe stand; uw tekst "
                             "staat nog in het formulier."))


def _bump(request: DataSubjectRequest, expected_version: int, **changes) -> DataSubjectRequest:
    updated = DataSubjectRequest.objects.filter(pk=request.pk, version=expected_version).update(
        version=expected_version + 1, **{k: v for k, v in changes.items() if k not in ("extension_reason", "outcome")})
    if not updated:
        raise StaleRequest(_("Iemand anders heeft dit verzoek intussen gewijzigd. Bekijk de nieuwe stand; uw tekst "
                             "staat nog in het formulier."))
    request.refresh_from_db()
    encrypted = {k: v for k, v in changes.items() if k in ("extension_reason", "outcome")}
    if encrypted:
        for name, value in encrypted.items():
            setattr(request, name, value)
        request.save(update_fields=list(encrypted))
    return request


@transaction.atomic
def extend_request(*, actor, request: DataSubjectRequest, reason: str, expected_version: int) -> DataSubjectRequest:
    reason = (reason or "").strip()
    _check_version(request, expected_version)
    if len(reason) < MIN_REASON_LENGTH:
        raise RequestError(_("Reden van verlenging: minstens %(count)d tekens.") % {"count": MIN_REASON_LENGTH},
                           "reason")
    if request.extended_to is not None:
        raise RequestError(_("Dit verzoek is al verlengd; verder verlengen staat de AVG niet toe."))
    if request.status != RequestStatus.OPEN:
        raise RequestError(_("Dit verzoek is al beantwoord."))
    request = _bump(request, expected_version, extended_to=months_after(request.due_on, EXTENSION_MONTHS),
                    extension_reason=reason)
    record_access(user=actor, action=AccessAction.CHANGE, record=request, reason=reason,
                  detail=f"termijn verlengd tot {request.extended_to:%d-%m-%Y}")
    return request


@transaction.atomic
def answer_request(*, actor, request: DataSubjectRequest, outcome: str, expected_version: int,
                   now: datetime.datetime | None = None) -> DataSubjectRequest:
    outcome = (outcome or "").strip()
    _check_version(request, expected_version)
    if len(outcome) < MIN_REASON_LENGTH:
        raise RequestError(_("Uitkomst: beschrijf de uitkomst in minstens %(count)d tekens.")
                           % {"count": MIN_REASON_LENGTH}, "outcome")
    if request.status != RequestStatus.OPEN:
        raise RequestError(_("Dit verzoek is al beantwoord."))
    request = _bump(request, expected_version, status=RequestStatus.ANSWERED, answered_by=actor,
                    answered_at=now or clock_now(), outcome=outcome)
    record_access(user=actor, action=AccessAction.CHANGE, record=request, detail="verzoek van betrokkene beantwoord")
    return request


def search_records(*, actor, request: DataSubjectRequest) -> list[SubjectRecord]:
    """Every registered app's records about the person, in the officer's area (not logged: callers log)."""
    municipality_ids = officer_area(actor).municipalities()
    found: list[SubjectRecord] = []
    for key in sorted(_FINDERS):
        found.extend(_FINDERS[key](name=request.subject_name, birth_date=request.subject_birth_date,
                                   municipality_ids=municipality_ids))
    return found


def find_subject_records(*, actor, request: DataSubjectRequest) -> list[SubjectRecord]:
    """Every registered app's records about the person, in the officer's area; the search is logged."""
    found = search_records(actor=actor, request=request)
    record_access(user=actor, action=AccessAction.SEARCH, record=request,
                  detail=f"gezocht naar de betrokkene: {len(found)} gegevens gevonden")
    for item in found:
        record_access(user=actor, action=AccessAction.VIEW, record_type=item.record_type, record_id=item.record_id,
                      reason=f"Verzoek van betrokkene nr. {request.pk}", detail="overzicht voor verzoek van betrokkene")
    return found


def export_payload(*, request: DataSubjectRequest, records: list[SubjectRecord]) -> dict:
    return {
        "verzoek": {"nummer": request.pk, "soort": str(request.get_kind_display()),
                    "ontvangen_op": request.received_on.isoformat(), "uiterlijk": request.deadline.isoformat()},
        "toelichting": _("Dit overzicht bevat wat Schakel over u heeft vastgelegd. Wat is achtergehouden, staat per "
                         "gegeven vermeld met de reden."),
        "gegevens": [{
            "soort": item.noun, "kenmerk": item.reference,
            "ontvangen_op": item.received_on.isoformat() if item.received_on else None,
            "gemeente": item.municipality, "status": item.status, "herkend_op": item.match,
            "over_u": item.about_subject,
            "achtergehouden": [{"wat": w.what, "waarom": w.why} for w in item.withheld],
        } for item in records],
    }
