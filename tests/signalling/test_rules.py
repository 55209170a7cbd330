"""Deadlines in working days: tables (each row with its weekday) and property tests."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from dateutil.easter import easter
from hypothesis import given, settings
from hypothesis import strategies as st

from schakel.signalling.rules import (
    DeadlineState,
    deadline_state,
    is_working_day,
    received_date,
    termijnenwet_days,
    working_days_after,
    working_days_between,
)

D = datetime.date
UTC = datetime.timezone.utc


# (received on, norm in working days, deadline)
DEADLINES = [
    (D(2026, 3, 2), 5, D(2026, 3, 9)),     # Mon -> Mon: an ordinary week
    (D(2026, 3, 6), 1, D(2026, 3, 9)),     # Fri -> Mon: the weekend does not count
    (D(2026, 3, 7), 1, D(2026, 3, 9)),     # Sat -> Mon: received on a weekend day
    (D(2026, 3, 8), 5, D(2026, 3, 13)),    # Sun -> Fri
    (D(2026, 3, 4), 0, D(2026, 3, 4)),     # Wed -> Wed: a same-day norm
    (D(2026, 4, 24), 1, D(2026, 4, 28)),   # Fri -> Tue: Mon 27 April 2026 is King's Day
    (D(2026, 4, 24), 5, D(2026, 5, 4)),    # Fri -> Mon: King's Day skipped
    (D(2026, 4, 24), 10, D(2026, 5, 12)),  # Fri -> Tue: King's Day and Tue 5 May skipped
    (D(2026, 4, 2), 1, D(2026, 4, 7)),     # Thu -> Tue: Good Friday 3 April, Easter Monday 6 April
    (D(2026, 4, 2), 5, D(2026, 4, 13)),    # Thu -> Mon: Easter weekend skipped
    (D(2026, 5, 4), 1, D(2026, 5, 6)),     # Mon -> Wed: 5 May 2026 (Tue) counts although no lustrum year
    (D(2026, 5, 4), 5, D(2026, 5, 12)),    # Mon -> Tue
    (D(2026, 5, 13), 1, D(2026, 5, 15)),   # Wed -> Fri: Ascension Day Thu 14 May
    (D(2026, 5, 22), 1, D(2026, 5, 26)),   # Fri -> Tue: Whit Monday 25 May
    (D(2026, 12, 24), 1, D(2026, 12, 28)),  # Thu -> Mon: Christmas Fri 25, Boxing Day Sat 26
    (D(2026, 12, 24), 5, D(2027, 1, 4)),   # Thu -> Mon: across the year end, New Year Fri 1 Jan skipped
    (D(2026, 12, 23), 10, D(2027, 1, 8)),  # Wed -> Fri: Christmas and New Year
    (D(2025, 5, 2), 1, D(2025, 5, 6)),     # Fri -> Tue: 5 May 2025 (Mon), a lustrum year
    (D(2027, 5, 4), 1, D(2027, 5, 7)),     # Tue -> Fri: 5 May 2027 (Wed) and Ascension Thu 6 May
    (D(2027, 4, 26), 1, D(2027, 4, 28)),   # Mon -> Wed: King's Day Tue 27 April 2027
]


@pytest.mark.parametrize(("received", "days", "expected"), DEADLINES)
def test_deadline_is_nth_working_day_after_receipt(received, days, expected):
    assert working_days_after(received, days) == expected


@pytest.mark.parametrize(("received", "days", "expected"), [r for r in DEADLINES if r[1] > 0 and r[0].weekday() < 5])
def test_working_days_between_inverts_deadline(received, days, expected):
    assert working_days_between(received, expected) == days


# (received on, norm, region's extra closing days, deadline)
DEADLINES_WITH_CLOSING_DAYS = [
    (D(2026, 5, 13), 1, {D(2026, 5, 15)}, D(2026, 5, 18)),  # Wed -> Mon: bridge day Fri after Ascension
    (D(2026, 12, 28), 3, {D(2026, 12, 31)}, D(2027, 1, 4)),  # Mon -> Mon: Thu 31 Dec closed, Fri 1 Jan holiday
    (D(2026, 3, 2), 5, {D(2026, 3, 7)}, D(2026, 3, 9)),      # Mon -> Mon: a closed Saturday changes nothing
]


@pytest.mark.parametrize(("received", "days", "closed", "expected"), DEADLINES_WITH_CLOSING_DAYS)
def test_region_closing_days_are_skipped(received, days, closed, expected):
    assert working_days_after(received, days, closed_days=frozenset(closed)) == expected


# (day, working day?)
WORKING_DAYS = [
    (D(2026, 1, 1), False),   # Thu: New Year's Day
    (D(2026, 1, 2), True),    # Fri
    (D(2026, 4, 3), False),   # Fri: Good Friday
    (D(2026, 4, 5), False),   # Sun: Easter Sunday
    (D(2026, 4, 6), False),   # Mon: Easter Monday
    (D(2026, 4, 27), False),  # Mon: King's Day
    (D(2026, 5, 5), False),   # Tue: Liberation Day, every year under the Algemene termijnenwet
    (D(2026, 5, 14), False),  # Thu: Ascension Day
    (D(2026, 5, 15), True),   # Fri: day after Ascension, a working day unless the region closes
    (D(2026, 5, 25), False),  # Mon: Whit Monday
    (D(2026, 12, 24), True),  # Thu: Christmas Eve is a working day
    (D(2026, 12, 25), False),  # Fri: Christmas Day
    (D(2026, 12, 31), True),  # Thu: New Year's Eve is a working day
    (D(2026, 11, 11), True),  # Wed: Sint-Maarten is no holiday
    (D(2026, 12, 5), False),  # Sat: Sinterklaas falls on a weekend here, and is no holiday anyway
    (D(2027, 12, 24), True),  # Fri
    (D(2028, 12, 5), True),   # Tue: Sinterklaas is a working day
]


@pytest.mark.parametrize(("day", "expected"), WORKING_DAYS)
def test_is_working_day(day, expected):
    assert is_working_day(day) is expected


def _expected_termijnenwet_days(year: int) -> set[datetime.date]:
    """An independent computation of the Algemene termijnenwet days (art. 3), from Easter."""
    e = easter(year)
    kings_day = D(year, 4, 27) if D(year, 4, 27).weekday() != 6 else D(year, 4, 26)
    return {
        D(year, 1, 1), e - datetime.timedelta(days=2), e, e + datetime.timedelta(days=1), kings_day,
        D(year, 5, 5), e + datetime.timedelta(days=39), e + datetime.timedelta(days=49),
        e + datetime.timedelta(days=50), D(year, 12, 25), D(year, 12, 26),
    }


@pytest.mark.parametrize("year", range(2014, 2061))
def test_holidays_are_exactly_those_of_the_algemene_termijnenwet(year):
    assert termijnenwet_days(year) == _expected_termijnenwet_days(year)


# (due, today, state)
DEADLINE_STATES = [
    (D(2026, 3, 9), D(2026, 3, 4), DeadlineState.ON_TIME),    # due Mon, today Wed: three working days left
    (D(2026, 3, 9), D(2026, 3, 5), DeadlineState.DUE_SOON),   # due Mon, today Thu: two working days left
    (D(2026, 3, 9), D(2026, 3, 7), DeadlineState.DUE_SOON),   # due Mon, today Sat
    (D(2026, 3, 9), D(2026, 3, 9), DeadlineState.DUE_SOON),   # due Mon, today Mon: the deadline day is in time
    (D(2026, 3, 9), D(2026, 3, 10), DeadlineState.OVERDUE),   # due Mon, today Tue
    (D(2026, 4, 28), D(2026, 4, 23), DeadlineState.DUE_SOON),  # due Tue, today Thu: King's Day in between
    (D(2026, 4, 28), D(2026, 4, 22), DeadlineState.ON_TIME),   # due Tue, today Wed
    (D(2027, 1, 4), D(2026, 12, 24), DeadlineState.ON_TIME),   # due Mon, today Thu: Christmas and New Year
    (D(2027, 1, 4), D(2026, 12, 31), DeadlineState.DUE_SOON),  # due Mon, today Thu 31 Dec
]


@pytest.mark.parametrize(("due", "today", "expected"), DEADLINE_STATES)
def test_deadline_state(due, today, expected):
    assert deadline_state(due, today) is expected


def test_deadline_state_soon_window_is_configurable():
    # due Mon 9 March, today Wed 4 March: three working days left
    assert deadline_state(D(2026, 3, 9), D(2026, 3, 4), soon_days=3) is DeadlineState.DUE_SOON
    assert deadline_state(D(2026, 3, 9), D(2026, 3, 4), soon_days=0) is DeadlineState.ON_TIME


def _utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


# (moment received, Amsterdam date)
RECEIVED = [
    (_utc(2026, 4, 24, 21, 59), D(2026, 4, 24)),  # Fri 23:59 summer time: still Friday
    (_utc(2026, 4, 24, 23, 30), D(2026, 4, 25)),  # Fri 23:30 UTC is Sat 01:30 in Amsterdam
    (_utc(2026, 12, 31, 23, 30), D(2027, 1, 1)),  # Thu 23:30 UTC is New Year's Day 00:30 (winter time)
    (_utc(2026, 12, 31, 22, 59), D(2026, 12, 31)),  # Thu 23:59 winter time
    (_utc(2026, 3, 29, 0, 59), D(2026, 3, 29)),   # Sun: the night clocks go forward
    (datetime.datetime(2026, 4, 24, 12, 0, tzinfo=ZoneInfo("America/New_York")), D(2026, 4, 24)),  # Fri 18:00 here
]


@pytest.mark.parametrize(("moment", "expected"), RECEIVED)
def test_received_date_is_the_amsterdam_calendar_day(moment, expected):
    assert received_date(moment) == expected


def test_signal_received_late_friday_utc_counts_from_saturday_in_amsterdam():
    # Fri 24 April 2026 23:30 UTC = Sat 25 April 01:30; King's Day Mon 27 April is skipped
    received = received_date(_utc(2026, 4, 24, 23, 30))
    assert working_days_after(received, 1) == D(2026, 4, 28)
    assert working_days_after(received, 5) == D(2026, 5, 4)


def test_naive_moment_is_refused():
    with pytest.raises(ValueError):
        received_date(datetime.datetime(2026, 4, 24, 23, 30))


def test_negative_norm_is_refused():
    with pytest.raises(ValueError):
        working_days_after(D(2026, 3, 2), -1)


def test_a_moment_instead_of_a_date_is_refused():
    with pytest.raises(TypeError):
        working_days_after(_utc(2026, 3, 2, 10, 0), 5)


# --- properties -------------------------------------------------------------------------

dates = st.dates(min_value=D(2015, 1, 1), max_value=D(2060, 12, 31))
norms = st.integers(min_value=1, max_value=40)
year_ends = st.builds(lambda y, d: D(y, 12, 31) - datetime.timedelta(days=d),
                      st.integers(min_value=2015, max_value=2059), st.integers(min_value=0, max_value=14))
closing_days = st.frozensets(st.dates(min_value=D(2015, 1, 1), max_value=D(2061, 6, 30)), max_size=20)


@settings(max_examples=300, deadline=None)
@given(start=dates, days=norms, closed=closing_days)
def test_deadline_is_a_working_day_strictly_after_receipt(start, days, closed):
    due = working_days_after(start, days, closed_days=closed)
    assert due > start
    assert is_working_day(due, closed_days=closed)


@settings(max_examples=300, deadline=None)
@given(start=dates, days=norms)
def test_deadline_is_monotonic_in_the_norm(start, days):
    assert working_days_after(start, days) < working_days_after(start, days + 1)


@settings(max_examples=300, deadline=None)
@given(start=dates, later=st.integers(min_value=0, max_value=30), days=norms)
def test_later_receipt_never_gives_an_earlier_deadline(start, later, days):
    assert working_days_after(start, days) <= working_days_after(start + datetime.timedelta(days=later), days)


@settings(max_examples=300, deadline=None)
@given(start=dates, days=norms, closed=closing_days, extra=closing_days)
def test_adding_closing_days_never_makes_a_deadline_earlier(start, days, closed, extra):
    assert working_days_after(start, days, closed_days=closed) <= working_days_after(
        start, days, closed_days=closed | extra)


@settings(max_examples=300, deadline=None)
@given(start=year_ends, days=norms)
def test_deadlines_across_year_ends_skip_new_years_day(start, days):
    due = working_days_after(start, days)
    assert due != D(start.year + 1, 1, 1)
    assert working_days_between(start, due) == days


@settings(max_examples=300, deadline=None)
@given(start=dates, days=norms, closed=closing_days)
def test_between_inverts_after(start, days, closed):
    due = working_days_after(start, days, closed_days=closed)
    assert working_days_between(start, due, closed_days=closed) == days
    assert working_days_between(due, start, closed_days=closed) == -days


@settings(max_examples=300, deadline=None)
@given(due=dates, today=dates)
def test_deadline_state_is_overdue_exactly_after_the_due_date(due, today):
    state = deadline_state(due, today)
    assert (state is DeadlineState.OVERDUE) == (today > due)
