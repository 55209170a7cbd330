"""Escalation of an acute signal whose first-reaction norm passed without a reaction.

Runs every few minutes (schedules.py, tasks.escalate_acute_signals). For each such signal, once:
the assignee (every focal officer of the municipality when nobody is assigned), their backups
and the chain directors of the signal's region get an e-mail (a link, never content), the signal
gets `escalated_at` and a history row. The mail goes after the commit; a failing mail server is
logged and does not undo the escalation (the signal stays first in every inbox).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q

from schakel.accounts.models import Membership
from schakel.accounts.roles import Role
from schakel.clock import now as clock_now

from ..acute import acute_overdue_q
from ..models import EventKind, Signal, SignalEvent
from . import triage_mail


def escalation_recipients(signal: Signal) -> list[int]:
    """User ids to tell: the assignee or the municipality's officers, their backups, the chain directors."""
    officers = list(
        Membership.objects.filter(role=Role.FOCAL_OFFICER, active=True, user__is_active=True)
        .filter(Q(acts_for=signal.municipality_id)
                | Q(acts_for__isnull=True, organisation__municipality=signal.municipality_id))
        .values_list("user_id", "backup_id"))
    responsible = [(user, backup) for user, backup in officers if user == signal.assigned_to_id] or officers
    recipients = {user for user, _backup in responsible} | {backup for _user, backup in responsible if backup}
    if signal.assigned_to_id:
        recipients.add(signal.assigned_to_id)
    directors = (Membership.objects.filter(role=Role.CHAIN_DIRECTOR, active=True, user__is_active=True,
                                           organisation__active=True)
                 .filter(Q(organisation__region_id=signal.region_id)
                         | Q(organisation__municipality__region_membership__region_id=signal.region_id))
                 .values_list("user_id", flat=True))
    recipients |= set(directors)
    return sorted(recipients)


@transaction.atomic
def escalate_signal(*, signal_id: int, now: datetime.datetime) -> bool:
    """Escalate one acute signal if it still needs it; True when it was escalated now."""
    signal = (Signal.objects.select_for_update().filter(pk=signal_id, escalated_at__isnull=True)
              .filter(acute_overdue_q(now)).first())
    if signal is None:
        return False
    recipients = escalation_recipients(signal)
    Signal.objects.filter(pk=signal.pk).update(escalated_at=now)
    SignalEvent.objects.create(signal=signal, at=now, actor=None, kind=EventKind.ESCALATION,
                               reason="acute norm verstreken zonder eerste reactie",
                               data={"recipients": len(recipients)})
    reference = signal.reference
    transaction.on_commit(lambda: triage_mail.notify_acute_escalation(reference=reference, user_ids=recipients))
    return True


def escalate_overdue_acute(*, now: datetime.datetime | None = None) -> int:
    """Escalate every acute signal whose norm passed without a reaction and that was not escalated yet."""
    moment = now or clock_now()
    ids = list(Signal.objects.filter(acute_overdue_q(moment), escalated_at__isnull=True)
               .order_by("first_reaction_due_at", "id").values_list("pk", flat=True))
    return sum(1 for signal_id in ids if escalate_signal(signal_id=signal_id, now=moment))
