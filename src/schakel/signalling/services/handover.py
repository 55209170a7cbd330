"""Handover (issue 19): an officer's open signals of one municipality move to a successor in one step.

The network app checks who may hand over and to whom; this writes the assignment, a history row per
signal and the access log, like an ordinary assignment.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F

from schakel.clock import now as clock_now
from schakel.privacy.audit import record_access

from ..models import EventKind, Signal, SignalEvent, SignalStatus


@transaction.atomic
def hand_over_signals(*, actor, from_user, to_user, municipality_id: int,
                      now: datetime.datetime | None = None) -> int:
    """Assign every open signal of `from_user` in the municipality to `to_user`; returns how many."""
    moment = now or clock_now()
    signals = list(Signal.objects.select_for_update().filter(
        assigned_to=from_user, municipality_id=municipality_id).exclude(status=SignalStatus.CLOSED)
        .only("id", "reference", "municipality_id", "version").order_by("pk"))
    if not signals:
        return 0
    Signal.objects.filter(pk__in=[s.pk for s in signals]).update(
        assigned_to=to_user, version=F("version") + 1, updated_at=moment)
    SignalEvent.objects.bulk_create([
        SignalEvent(signal=signal, at=moment, actor=actor, kind=EventKind.ASSIGNMENT,
                    data={"assigned_to": to_user.pk, "assigned_to_name": str(to_user), "handover": True,
                          "from": from_user.pk, "from_name": str(from_user)})
        for signal in signals])
    for signal in signals:
        record_access(user=actor, action="change", record=signal, reason="overdracht: toegewezen aan opvolger")
    return len(signals)
