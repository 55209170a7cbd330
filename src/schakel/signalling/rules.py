"""Deadlines in working days: pure arithmetic on dates, no ORM and no clock.

A working day is a day that is not a Saturday or Sunday, not a day of the Algemene
termijnenwet and not one of the region's extra closing days. Counting convention (see
docs/decisions/0030-deadlines-in-working-days.md): the day of receipt does not count; the
deadline of an N-day norm is the N-th working day after the (Amsterdam) day of receipt.
"""

from __future__ import annotations

import datetime
import enum
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# The general holidays of the Algemene termijnenwet, art. 3 lid 1, by their name in the
# `holidays` package (language en_US). Easter Sunday and Whit Sunday are Sundays anyway.
# The package also files 5 May under OPTIONAL in the years it is not PUBLIC; anything
# else the package may add to either category is not a termijnenwet day and is left out.
TERMIJNENWET_HOLIDAYS = frozenset({
    "New Year's Day",
    "Good Friday",
    "Easter Sunday",
    "Easter Monday",
    "King's Day",
    "Queen's Day",
    "Liberation Day",
    "Ascension Day",
    "Pentecost",
    "Pentecost Monday",
    "Christmas Day",
    "Second Day of Christmas",
})

# A generous bound on how far one deadline can reach: 366 working days is more than a year.
MAX_DAYS = 366


class DeadlineState(str, enum.Enum):
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


@lru_cache(maxsize=256)
def termijnenwet_days(year: int) -> frozenset[datetime.date]:
    """The general holidays of the Algemene termijnenwet that fall in `year`."""
    calendar = holidays.NL(
        years=year, categories=(holidays.PUBLIC, holidays.OPTIONAL), language="en_US")
    return frozenset(
        day for day, names in calendar.items()
        if any(name.strip() in TERMIJNENWET_HOLIDAYS for name in names.split(";"))
    )


def is_working_day(day: datetime.date, *, closed_days: frozenset[datetime.date] = frozenset()) -> bool:
    if day.weekday() >= 5:
        return False
    if day in closed_days:
        return False
    return day not in termijnenwet_days(day.year)


def working_days_after(
    start: datetime.date, days: int, *, closed_days: frozenset[datetime.date] = frozenset()
) -> datetime.date:
    """The `days`-th working day after `start`; `start` itself never counts.

    With `days=0` the deadline is `start` itself (a same-day norm).
    """
    if isinstance(start, datetime.datetime):
        raise TypeError("working_days_after takes a date; convert a moment with received_date() first")
    if days < 0 or days > MAX_DAYS:
        raise ValueError(f"a deadline norm must be between 0 and {MAX_DAYS} working days, not {days}")
    day = start
    remaining = days
    while remaining:
        day += datetime.timedelta(days=1)
        if is_working_day(day, closed_days=closed_days):
            remaining -= 1
    return day


def working_days_between(
    start: datetime.date, end: datetime.date, *, closed_days: frozenset[datetime.date] = frozenset()
) -> int:
    """The number of working days d with start < d <= end; negative when `end` lies before `start`.

    The inverse of `working_days_after`: working_days_between(s, working_days_after(s, n)) == n.
    """
    if end < start:
        return -working_days_between(end, start, closed_days=closed_days)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day, closed_days=closed_days):
            count += 1
    return count


def due_soon_limit(
    today: datetime.date, *, soon_days: int = 2, closed_days: frozenset[datetime.date] = frozenset()
) -> datetime.date:
    """The last due date that still counts as 'due soon' today (for filtering stored dates)."""
    return working_days_after(today, soon_days, closed_days=closed_days)


def deadline_state(
    due: datetime.date,
    today: datetime.date,
    *,
    soon_days: int = 2,
    closed_days: frozenset[datetime.date] = frozenset(),
) -> DeadlineState:
    """Overdue after the due date; due soon from `soon_days` working days before it; else on time.

    The due date itself is still in time: a first reaction on the deadline day is on time.
    """
    if today > due:
        return DeadlineState.OVERDUE
    if due <= due_soon_limit(today, soon_days=soon_days, closed_days=closed_days):
        return DeadlineState.DUE_SOON
    return DeadlineState.ON_TIME


def received_date(received_at: datetime.datetime) -> datetime.date:
    """The calendar day in Amsterdam on which a moment falls (deadlines count from it)."""
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise ValueError("received_at must be timezone-aware (store UTC, count on Amsterdam dates)")
    return received_at.astimezone(AMSTERDAM).date()


def acute_reaction_due(received_at: datetime.datetime, hours: int) -> datetime.datetime:
    """When an acute signal's first reaction is due: `hours` clock hours after receipt.

    Acute danger does not wait for a working day: the norm runs through evenings and weekends
    (decision in docs/gebruikershandleiding/triage.md, 'Acuut gevaar').
    """
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise ValueError("received_at must be timezone-aware")
    if hours < 0 or hours > 24 * 7:
        raise ValueError(f"an acute norm must be between 0 and {24 * 7} hours, not {hours}")
    return received_at + datetime.timedelta(hours=hours)
