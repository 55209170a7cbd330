"""Acute danger: the region's much shorter first-reaction norm, in clock hours.

An acute signal's first reaction is due `Region.acute_first_reaction_hours` after receipt
(`Signal.first_reaction_due_at`); its `first_reaction_due` is that moment's Amsterdam date, so
every date-based list (overdue tab, sorting, the daily list) agrees with it. When the moment
passes without a first reaction, services/escalation.py tells the backup and the chain director.
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from .models import OPEN_STATUSES, Signal
from .rules import acute_reaction_due, received_date


def apply_acute_norm(signal: Signal, region) -> Signal:
    """Set the acute deadline on a signal that is being stored (not saved here)."""
    due_at = acute_reaction_due(signal.received_at, region.acute_first_reaction_hours)
    signal.first_reaction_due_at = due_at
    due_day = received_date(due_at)
    if signal.first_reaction_due is None or due_day < signal.first_reaction_due:
        signal.first_reaction_due = due_day
    return signal


def acute_overdue_q(now: datetime.datetime) -> Q:
    """Open acute signals without a first reaction whose acute norm has passed."""
    return Q(acute_danger=True, first_reaction_at__isnull=True, first_reaction_due_at__lt=now,
             status__in=[s.value for s in OPEN_STATUSES])


def acute_waiting_q() -> Q:
    """Open acute signals: they sort above every other open signal."""
    return Q(acute_danger=True, status__in=[s.value for s in OPEN_STATUSES])
