"""The job registry and Europe/Amsterdam period keys."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from schakel.jobs import JobAlreadyRegistered, JobRegistry, UnknownJob, register_job, registry
from schakel.jobs.registry import period_key

UTC = datetime.timezone.utc


def at(*args):
    return datetime.datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(("period", "moment", "expected"), [
    ("daily", at(2026, 11, 25, 12, 0), "2026-11-25"),
    ("daily", at(2026, 11, 24, 23, 30), "2026-11-25"),      # 00:30 in Amsterdam (CET, UTC+1)
    ("daily", at(2026, 11, 24, 22, 59), "2026-11-24"),      # 23:59 in Amsterdam
    ("daily", at(2026, 6, 30, 22, 30), "2026-07-01"),       # 00:30 in Amsterdam (CEST, UTC+2)
    ("daily", at(2026, 3, 29, 1, 30), "2026-03-29"),        # Sunday, just after the switch to summer time
    ("weekly", at(2026, 11, 25, 12, 0), "2026-W48"),        # Wednesday
    ("weekly", at(2026, 11, 22, 22, 59), "2026-W47"),       # Sunday 23:59 in Amsterdam
    ("weekly", at(2026, 11, 22, 23, 0), "2026-W48"),        # Monday 00:00 in Amsterdam
    ("weekly", at(2027, 1, 1, 12, 0), "2026-W53"),          # Friday 1 January belongs to 2026's week 53
    ("weekly", at(2027, 1, 4, 12, 0), "2027-W01"),          # Monday
    ("weekly", at(2029, 12, 31, 12, 0), "2030-W01"),        # Monday 31 December starts 2030's week 1
    ("monthly", at(2026, 11, 25, 12, 0), "2026-11"),
    ("monthly", at(2026, 11, 30, 23, 30), "2026-12"),       # 00:30 on 1 December in Amsterdam
    ("monthly", at(2026, 12, 31, 22, 59), "2026-12"),
])
def test_period_keys_follow_the_amsterdam_calendar(period, moment, expected):
    assert period_key(period, moment) == expected


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="aware"):
        period_key("daily", datetime.datetime(2026, 11, 25, 12, 0))


def test_an_unknown_period_is_refused():
    with pytest.raises(ValueError, match="unknown period"):
        period_key("hourly", at(2026, 11, 25))


def _noop(context):
    return None


def test_a_duplicate_name_fails_at_registration():
    jobs = JobRegistry()
    jobs.register("demo.job", period="daily", func=_noop, description="een")

    with pytest.raises(JobAlreadyRegistered, match="demo.job"):
        jobs.register("demo.job", period="weekly", func=_noop, description="twee")

    assert jobs.get("demo.job").period == "daily"


def test_registering_an_existing_project_job_again_fails():
    with pytest.raises(JobAlreadyRegistered):
        register_job("jobs.prune_job_history", period="monthly", func=_noop, description="dubbel")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"period": "hourly"}, "period must be one of"),
    ({"func": "not callable"}, "callable"),
    ({"max_attempts": 0}, "max_attempts"),
])
def test_an_invalid_registration_fails(kwargs, message):
    arguments = {"period": "daily", "func": _noop, "description": "x", **kwargs}
    with pytest.raises(ImproperlyConfigured, match=message):
        JobRegistry().register("demo.job", **arguments)


def test_an_unknown_job_raises():
    with pytest.raises(UnknownJob):
        JobRegistry().get("nope")


def test_the_prune_job_is_registered_monthly_through_autodiscovery():
    job = registry.get("jobs.prune_job_history")
    assert job.period == "monthly"
    assert job.description


def test_not_before_must_be_a_time_of_day():
    with pytest.raises(ImproperlyConfigured, match="not_before"):
        JobRegistry().register("demo.job", period="daily", func=_noop, description="", not_before=6)
