"""Recording a measure, changing it, and moving its status (finishing it reports the route's action)."""

from __future__ import annotations

import datetime
import hashlib

from django.db import IntegrityError, transaction
from django.db.models import F

from schakel.privacy.models import AccessAction

from ..catalogue import get_type
from ..errors import MeasureError
from ..models import EventKind, Measure, MeasurePerson, MeasureStatus, ReferenceCounter
from ..rules import check_details, clean_details
from ..transitions import move
from .common import bump, event, local_date, lock_current, log, moment, require_focal_officer, sync_steps, works_in
from .subjects import add_subject_rows

DATES_IN_ORDER = "De einddatum ligt vóór de startdatum van de maatregel."


def next_reference(year: int) -> str:
    ReferenceCounter.objects.get_or_create(year=year)
    ReferenceCounter.objects.filter(year=year).update(last=F("last") + 1)
    number = ReferenceCounter.objects.filter(year=year).values_list("last", flat=True).get()
    return f"BM-{year}-{number:04d}"


def idempotency_hash(actor, form_token: str) -> str:
    return hashlib.sha256(f"schakel-measure\x1f{actor.pk}\x1f{form_token}".encode("utf-8")).hexdigest()


def _checked(kind, *, legal_basis: str, details: dict, started_on, responsible, municipality_id: int) -> dict:
    """The cleaned details, or MeasureError with every problem per field (nothing is stored)."""
    errors: dict[str, list[str]] = {}
    if legal_basis not in {basis.key for basis in kind.legal_bases}:
        errors["legal_basis"] = ["Kies een wettelijke grondslag die bij deze soort maatregel past."]
    if started_on is None:
        errors["started_on"] = ["Vul de startdatum in."]
    cleaned = clean_details(kind, details)
    errors.update(check_details(kind, cleaned))
    if responsible is not None and not works_in(responsible, municipality_id):
        errors["responsible"] = ["De verantwoordelijke moet bij deze gemeente werken."]
    if errors:
        raise MeasureError("De maatregel is niet opgeslagen: controleer de gemarkeerde velden.", errors=errors)
    return cleaned


def _name(measure: Measure, user, *, function: str, actor, at) -> None:
    if user is not None:
        MeasurePerson.objects.get_or_create(measure=measure, user=user,
                                            defaults={"function": function, "added_at": at, "added_by": actor})


@transaction.atomic
def create_measure(*, actor, municipality, type_key: str, legal_basis: str, started_on: datetime.date,
                   details: dict, description: str = "", department: str = "", responsible=None, signal=None,
                   parent=None, subjects=(), source: str = "", source_id: int | None = None,
                   form_token: str = "", on_behalf_of_route: bool = False,
                   now: datetime.datetime | None = None) -> Measure:
    """Record a measure of a type from the catalogue; a repeated form token returns the first one.

    The actor is a focal officer of the municipality (and is named on the measure, so a secret
    measure stays readable to them), or, with `on_behalf_of_route`, whoever started the screening
    route: then nobody is named and the municipality's focal officers take it up.
    """
    at = moment(now)
    key = idempotency_hash(actor, form_token) if form_token else None
    if key and (existing := Measure.objects.filter(idempotency_key=key).first()):
        return existing
    if not on_behalf_of_route:
        require_focal_officer(actor, municipality.pk)
    kind = get_type(type_key)
    if kind is None or (kind.route_start and not on_behalf_of_route):
        raise MeasureError("Kies een soort maatregel uit de lijst.", errors={"type_key": ["Kies een soort maatregel."]})
    if signal is not None and signal.municipality_id != municipality.pk:
        raise MeasureError("Het signaal hoort bij een andere gemeente.")
    if parent is not None and parent.municipality_id != municipality.pk:
        raise MeasureError("De maatregel waarop deze volgt, hoort bij een andere gemeente.")
    cleaned = _checked(kind, legal_basis=legal_basis, details=details, started_on=started_on,
                       responsible=responsible, municipality_id=municipality.pk)
    region = municipality.region_membership.region
    measure = Measure(
        reference=next_reference(local_date(at).year), municipality=municipality, region=region, type_key=kind.key,
        secret=kind.secret, legal_basis=legal_basis, signal=signal or (parent.signal if parent else None),
        parent=parent, source=source or (parent.source if parent else ""),
        source_id=source_id if source_id is not None else (parent.source_id if parent else None),
        department=department, responsible=responsible, description=description, details=cleaned,
        started_on=started_on, created_at=at, created_by=actor, updated_at=at, idempotency_key=key)
    try:
        with transaction.atomic():
            measure.save()
    except IntegrityError:
        if key and (existing := Measure.objects.filter(idempotency_key=key).first()):
            return existing
        raise
    if not on_behalf_of_route:
        _name(measure, actor, function="Vastgelegd door", actor=actor, at=at)
    _name(measure, responsible, function="Verantwoordelijk", actor=actor, at=at)
    sync_steps(measure, actor=actor, at=at)
    add_subject_rows(measure, subjects, actor=actor, at=at)
    event(measure, actor=actor, kind=EventKind.CREATED, at=at, data={"type": kind.key, "source": measure.source})
    log(actor, AccessAction.CREATE, measure, reason="maatregel vastgelegd")
    return measure


@transaction.atomic
def update_measure(*, actor, measure: Measure, expected_version: int, legal_basis: str,
                   started_on: datetime.date, details: dict, description: str = "", department: str = "",
                   responsible=None, now: datetime.datetime | None = None) -> Measure:
    at = moment(now)
    current = lock_current(measure, expected_version)
    kind = current.kind
    cleaned = _checked(kind, legal_basis=legal_basis, details=details, started_on=started_on,
                       responsible=responsible, municipality_id=current.municipality_id)
    if current.ended_on and started_on > current.ended_on:
        raise MeasureError(DATES_IN_ORDER, errors={"started_on": [DATES_IN_ORDER]})
    before = current.details or {}
    changed = sorted(name for name in set(before) | set(cleaned) if before.get(name) != cleaned.get(name))
    for name, value in (("legal_basis", legal_basis), ("started_on", started_on), ("description", description),
                        ("department", department), ("responsible_id", getattr(responsible, "pk", None))):
        if getattr(current, name) != value:
            changed.append(name)
            setattr(current, name, value)
    current.details = cleaned
    bump(current, at, ["legal_basis", "started_on", "description", "department", "responsible", "details"])
    _name(current, responsible, function="Verantwoordelijk", actor=actor, at=at)
    sync_steps(current, actor=actor, at=at)
    event(current, actor=actor, kind=EventKind.CHANGED, at=at, data={"fields": changed})
    log(actor, AccessAction.CHANGE, current, reason="maatregel bijgewerkt")
    return current


@transaction.atomic
def change_status(*, actor, measure: Measure, target: str, expected_version: int, outcome: str = "",
                  outcome_text: str = "", reason: str = "", ended_on: datetime.date | None = None,
                  now: datetime.datetime | None = None) -> Measure:
    """Move the status along the table; finishing needs an outcome of the type and an end date not before the start."""
    at = moment(now)
    current = lock_current(measure, expected_version)
    step = move(current.status, target)
    if step is None:
        raise MeasureError("Deze statuswijziging is niet mogelijk vanuit de huidige status.")
    if step.needs_reason and not reason.strip():
        raise MeasureError("Geef een reden.", errors={"reason": ["Geef een reden."]})
    if step.needs_outcome:
        if outcome not in {choice.key for choice in current.kind.outcomes}:
            raise MeasureError("Kies de uitkomst van de maatregel.", errors={"outcome": ["Kies de uitkomst."]})
        ended_on = ended_on or local_date(at)
        if ended_on < current.started_on:
            raise MeasureError(DATES_IN_ORDER, errors={"ended_on": [DATES_IN_ORDER]})
        current.outcome, current.outcome_text, current.ended_on = outcome, outcome_text, ended_on
    elif target == MeasureStatus.STOPPED:
        current.ended_on = ended_on or local_date(at)
        if current.ended_on < current.started_on:
            raise MeasureError(DATES_IN_ORDER, errors={"ended_on": [DATES_IN_ORDER]})
    else:
        current.ended_on, current.outcome, current.outcome_text = None, "", ""
    source = current.status
    current.status = target
    bump(current, at, ["status", "ended_on", "outcome", "outcome_text"])
    event(current, actor=actor, kind=EventKind.STATUS, at=at, text=reason,
          data={"from": source, "to": target, "outcome": current.outcome})
    log(actor, AccessAction.CHANGE, current, reason=f"maatregel: status {target}")
    if target in (MeasureStatus.DONE, MeasureStatus.STOPPED) and current.action_id:
        from ..route import finish_route_action

        finish_route_action(current, actor=actor, now=at)
    return current
