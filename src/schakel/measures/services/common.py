"""What every measures service shares: the clock, history rows, access-log rows, step deadlines."""

from __future__ import annotations

import datetime

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import scope_for
from schakel.clock import AMSTERDAM, now as clock_now
from schakel.organisations.models import ClosingDay
from schakel.privacy.audit import owner_keys, record_access

from ..errors import MeasureError, StaleMeasure
from ..models import Measure, MeasureEvent, MeasureStep
from ..rules import step_due, step_filled


def moment(now: datetime.datetime | None) -> datetime.datetime:
    return now or clock_now()


def local_date(at: datetime.datetime) -> datetime.date:
    return at.astimezone(AMSTERDAM).date()


def event(measure: Measure, *, actor, kind: str, at: datetime.datetime, text: str = "", data: dict | None = None):
    return MeasureEvent.objects.create(measure=measure, actor=actor, kind=kind, at=at, text=text, data=data or {})


def log(actor, action: str, measure: Measure, reason: str, detail: str = "") -> None:
    record_access(user=actor, action=action, record=measure, reason=reason, detail=detail,
                  owner_keys=owner_keys(municipality_id=measure.municipality_id, region_id=measure.region_id))


def closed_days(region_id: int) -> frozenset[datetime.date]:
    return frozenset(ClosingDay.objects.filter(region_id=region_id).values_list("date", flat=True))


def lock_current(measure: Measure, expected_version: int) -> Measure:
    """The measure as stored, locked for this transaction; StaleMeasure when it moved on."""
    current = Measure.objects.select_for_update().get(pk=measure.pk)
    if current.version != expected_version:
        raise StaleMeasure()
    return current


def bump(measure: Measure, at: datetime.datetime, fields: list[str]) -> None:
    measure.version += 1
    measure.updated_at = at
    measure.save(update_fields=[*fields, "version", "updated_at"])


def works_in(user, municipality_id: int) -> bool:
    """Someone who may be named on a measure of this municipality: an active member there."""
    scope = scope_for(user)
    from ..models import local_municipalities

    return municipality_id in local_municipalities(scope)


def require_focal_officer(actor, municipality_id: int) -> None:
    if municipality_id not in scope_for(actor).municipalities_for(Role.FOCAL_OFFICER):
        raise MeasureError("U bent geen aandachtsfunctionaris van deze gemeente.")


def sync_steps(measure: Measure, *, actor, at: datetime.datetime) -> None:
    """Create the type's steps that are missing and recompute deadlines and done dates from the details."""
    kind = measure.kind
    details = measure.details or {}
    closed = closed_days(measure.region_id)
    existing = {step.key: step for step in MeasureStep.objects.filter(measure=measure)}
    for position, step_type in enumerate(kind.steps):
        due = step_due(step_type, details, measure.started_on, closed_days=closed)
        step = existing.get(step_type.key)
        if step is None:
            step = MeasureStep(measure=measure, key=step_type.key, position=position,
                               municipality_id=measure.municipality_id)
        done_on = step.done_on
        if step_type.done_when:
            filled = step_filled(step_type, details)
            value = details.get(step_type.done_when)
            if filled:
                done_on = datetime.date.fromisoformat(value) if isinstance(value, str) else (step.done_on or local_date(at))
            else:
                done_on = None
        old = (step.due_on, step.done_on)
        step.due_on, step.done_on = due, done_on
        if step.pk is None or old != (due, done_on):
            if old[0] != due:
                step.reminded_on = None  # a new deadline gets its own reminder
            if done_on and step_type.done_when and not step.done_by_id:
                step.done_by = actor
            step.save()
