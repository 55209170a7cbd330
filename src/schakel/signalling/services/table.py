"""What the screening table (issue 13) may change on a signal; the screening app calls only these.

The screening app never writes Signal rows itself. A focal officer puts a signal forward or
withdraws it (their own triage rights apply); the chair of the meeting (the chain director)
records what the table decided, which refers the signal or closes it; and when every route of a
signal is done the system closes it with the reason "Vervolg afgerond". Each change writes a
history row of kind TABLE whose `reason` is a plain sentence without personal data, so the
signal's history shows the whole path from intake to the last action.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import scope_for
from schakel.clock import now as clock_now
from schakel.privacy.audit import record_access

from ..models import CloseReason, EventKind, Signal, SignalEvent, SignalStatus
from ..permissions import can_triage
from ..transitions import check_transition
from .triage import StaleVersion, _save


def _locked(signal: Signal) -> Signal:
    return Signal.objects.select_for_update().get(pk=signal.pk)


def _history(signal: Signal, *, actor, moment, sentence: str, data: dict, previous: str = "") -> None:
    SignalEvent.objects.create(
        signal=signal, at=moment, actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=EventKind.TABLE, from_status=previous if previous != signal.status else "",
        to_status=signal.status if previous and previous != signal.status else "", reason=sentence[:1000],
        data=data)


def chairs_region_of(user, signal: Signal) -> bool:
    """The chain director of the signal's region (who chairs its screening meeting)."""
    return signal.region_id in scope_for(user).regions_for(Role.CHAIN_DIRECTOR)


@transaction.atomic
def put_forward(*, actor, signal: Signal, sentence: str, data: dict | None = None,
                now: datetime.datetime | None = None) -> Signal:
    """The focal officer puts the signal on the screening agenda (status 'op de agenda')."""
    moment = now or clock_now()
    current = _locked(signal)
    if not can_triage(actor, current):
        raise PermissionDenied
    previous = current.status
    if previous != SignalStatus.ON_AGENDA:
        check_transition(previous, SignalStatus.ON_AGENDA, role=Role.FOCAL_OFFICER)
        _save(current, expected_version=current.version, moment=moment, changes={"status": SignalStatus.ON_AGENDA})
    _history(current, actor=actor, moment=moment, sentence=sentence, data=data or {}, previous=previous)
    record_access(user=actor, action="change", record=current, reason="screening: aangemeld voor het overleg")
    return current


@transaction.atomic
def withdraw(*, actor, signal: Signal, sentence: str, data: dict | None = None,
             now: datetime.datetime | None = None) -> Signal:
    """The focal officer takes the signal off the agenda before it is sent: back to triage."""
    moment = now or clock_now()
    current = _locked(signal)
    if not can_triage(actor, current):
        raise PermissionDenied
    previous = current.status
    if previous == SignalStatus.ON_AGENDA:
        check_transition(previous, SignalStatus.IN_TRIAGE, role=Role.FOCAL_OFFICER)
        _save(current, expected_version=current.version, moment=moment, changes={"status": SignalStatus.IN_TRIAGE})
    _history(current, actor=actor, moment=moment, sentence=sentence, data=data or {}, previous=previous)
    record_access(user=actor, action="change", record=current, reason="screening: teruggetrokken van de agenda")
    return current


@transaction.atomic
def record_decision(*, actor, signal: Signal, sentence: str, refer: bool, close_reason: str = "",
                    data: dict | None = None, now: datetime.datetime | None = None) -> Signal:
    """The chair records the table's decision: `refer` moves it to 'doorverwezen' (routes were
    started); `close_reason` closes it (no further action); neither leaves the status (monitor)."""
    moment = now or clock_now()
    current = _locked(signal)
    if not chairs_region_of(actor, current):
        raise PermissionDenied
    previous = current.status
    changes: dict = {}
    if close_reason:
        check_transition(previous, SignalStatus.CLOSED, close_reason=close_reason, role=Role.CHAIN_DIRECTOR)
        changes = {"status": SignalStatus.CLOSED, "close_reason": close_reason, "closed_at": moment,
                   "waiting_for_reporter": False}
    elif refer and previous != SignalStatus.REFERRED:
        check_transition(previous, SignalStatus.REFERRED, role=Role.CHAIN_DIRECTOR)
        changes = {"status": SignalStatus.REFERRED}
    if changes:
        _save(current, expected_version=current.version, moment=moment, changes=changes)
    _history(current, actor=actor, moment=moment, sentence=sentence, data=data or {}, previous=previous)
    record_access(user=actor, action="change", record=current, reason="screening: besluit van het overleg")
    return current


@transaction.atomic
def note_route_finished(*, signal: Signal, sentence: str, all_routes_done: bool, data: dict | None = None,
                        actor=None, now: datetime.datetime | None = None) -> Signal:
    """A route of the table is done; when it was the last, the signal closes ('Vervolg afgerond')."""
    moment = now or clock_now()
    current = _locked(signal)
    previous = current.status
    if all_routes_done and previous == SignalStatus.REFERRED:
        _save(current, expected_version=current.version, moment=moment, changes={
            "status": SignalStatus.CLOSED, "close_reason": CloseReason.ROUTES_DONE, "closed_at": moment,
            "waiting_for_reporter": False})
    _history(current, actor=actor, moment=moment, sentence=sentence, data=data or {}, previous=previous)
    return current


__all__ = ["StaleVersion", "chairs_region_of", "note_route_finished", "put_forward", "record_decision", "withdraw"]
