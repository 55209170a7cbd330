"""Running a periodic job: once per period, again in a new period, failures and retries."""

import datetime

import pytest
import time_machine

from schakel.jobs import JobContext, JobRegistry
from schakel.jobs.models import JobOutcome, JobRun
from schakel.jobs.periodic_jobs import prune_job_history_job, two_years_before
from schakel.jobs.services import due_jobs, run_due_jobs_now, run_periodic_job

pytestmark = pytest.mark.django_db

AMS = datetime.timezone(datetime.timedelta(hours=1))  # CET; November has no summer time
WED = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=AMS)


class Recorder:
    """A job function that records its calls and fails while told to."""

    def __init__(self, failures=0):
        self.calls: list[JobContext] = []
        self.failures = failures

    def __call__(self, context):
        self.calls.append(context)
        if self.failures:
            self.failures -= 1
            raise RuntimeError("SMTP-server niet bereikbaar")
        return f"klaar voor {context.period_key}"


@pytest.fixture
def jobs():
    return JobRegistry()


@time_machine.travel(WED, tick=False)
def test_a_job_runs_once_in_its_period(jobs):
    recorder = Recorder()
    jobs.register("test.daily", period="daily", func=recorder, description="")

    first = run_periodic_job("test.daily", registry=jobs)
    second = run_periodic_job("test.daily", registry=jobs)
    later_that_day = run_periodic_job("test.daily", now=WED.replace(hour=23, minute=59), registry=jobs)

    assert (first.outcome, second.outcome, later_that_day.outcome) == ("succeeded", "skipped", "skipped")
    assert len(recorder.calls) == 1
    run = JobRun.objects.get()
    assert (run.name, run.period_key, run.outcome, run.attempts) == ("test.daily", "2026-11-25", "succeeded", 1)
    assert run.started_at == WED
    assert run.finished_at == WED
    assert run.detail == "klaar voor 2026-11-25"


def test_the_job_gets_the_moment_and_period_it_runs_for(jobs):
    recorder = Recorder()
    jobs.register("test.weekly", period="weekly", func=recorder, description="")

    run_periodic_job("test.weekly", now=WED, registry=jobs)

    (context,) = recorder.calls
    assert (context.name, context.period, context.period_key, context.now, context.attempt) == (
        "test.weekly", "weekly", "2026-W48", WED, 1)
    assert context.today == datetime.date(2026, 11, 25)


def test_today_is_the_amsterdam_date_of_the_moment():
    just_after_midnight = datetime.datetime(2026, 11, 24, 23, 30, tzinfo=datetime.timezone.utc)
    context = JobContext(name="x", period="daily", period_key="2026-11-25", now=just_after_midnight, attempt=1)

    assert context.today == datetime.date(2026, 11, 25)


@pytest.mark.parametrize(("period", "same_period", "next_period"), [
    ("daily", WED + datetime.timedelta(hours=14), WED + datetime.timedelta(hours=15)),
    ("weekly", datetime.datetime(2026, 11, 29, 23, 59, tzinfo=AMS), datetime.datetime(2026, 11, 30, 0, 0, tzinfo=AMS)),
    ("monthly", datetime.datetime(2026, 11, 30, 23, 59, tzinfo=AMS), datetime.datetime(2026, 12, 1, 0, 0, tzinfo=AMS)),
])
def test_a_new_period_runs_the_job_again(jobs, period, same_period, next_period):
    recorder = Recorder()
    jobs.register("test.job", period=period, func=recorder, description="")

    outcomes = [run_periodic_job("test.job", now=moment, registry=jobs).outcome
                for moment in (WED, same_period, next_period, next_period)]

    assert outcomes == ["succeeded", "skipped", "succeeded", "skipped"]
    assert len(recorder.calls) == 2
    assert JobRun.objects.filter(name="test.job").count() == 2


def test_jobs_with_different_names_share_a_period_independently(jobs):
    first, second = Recorder(), Recorder()
    jobs.register("test.first", period="daily", func=first, description="")
    jobs.register("test.second", period="daily", func=second, description="")

    run_periodic_job("test.first", now=WED, registry=jobs)
    run_periodic_job("test.second", now=WED, registry=jobs)

    assert len(first.calls) == len(second.calls) == 1


def test_a_failing_job_records_failed_with_the_error(jobs):
    jobs.register("test.failing", period="daily", func=Recorder(failures=99), description="")

    result = run_periodic_job("test.failing", now=WED, registry=jobs)

    assert result.outcome == "failed"
    run = JobRun.objects.get()
    assert run.outcome == JobOutcome.FAILED
    assert run.detail == "RuntimeError: SMTP-server niet bereikbaar"
    assert run.finished_at is not None


def test_a_failed_job_is_retried_in_the_same_period_until_max_attempts(jobs):
    recorder = Recorder(failures=99)
    jobs.register("test.failing", period="daily", func=recorder, description="", max_attempts=3)

    results = [run_periodic_job("test.failing", now=WED, registry=jobs) for _ in range(5)]

    assert [(r.outcome, r.attempt) for r in results] == [
        ("failed", 1), ("failed", 2), ("failed", 3), ("skipped", 0), ("skipped", 0)]
    assert [context.attempt for context in recorder.calls] == [1, 2, 3]
    run = JobRun.objects.get()
    assert (run.outcome, run.attempts) == ("failed", 3)


def test_a_retry_that_succeeds_ends_the_period(jobs):
    recorder = Recorder(failures=1)
    jobs.register("test.flaky", period="daily", func=recorder, description="")

    outcomes = [run_periodic_job("test.flaky", now=WED, registry=jobs).outcome for _ in range(3)]

    assert outcomes == ["failed", "succeeded", "skipped"]
    run = JobRun.objects.get()
    assert (run.outcome, run.attempts, run.detail) == ("succeeded", 2, "klaar voor 2026-11-25")


def test_a_job_with_one_attempt_is_not_retried_in_the_same_period(jobs):
    recorder = Recorder(failures=1)
    jobs.register("test.once", period="daily", func=recorder, description="", max_attempts=1)

    outcomes = [run_periodic_job("test.once", now=moment, registry=jobs).outcome
                for moment in (WED, WED, WED + datetime.timedelta(days=1))]

    assert outcomes == ["failed", "skipped", "succeeded"]


def test_a_run_abandoned_by_a_dead_worker_is_taken_over_after_max_runtime(jobs):
    recorder = Recorder()
    jobs.register("test.job", period="daily", func=recorder, description="",
                  max_runtime=datetime.timedelta(minutes=30))
    JobRun.objects.create(name="test.job", period_key="2026-11-25", started_at=WED, outcome=JobOutcome.RUNNING)

    with time_machine.travel(WED + datetime.timedelta(minutes=29), tick=False):
        still_running = run_periodic_job("test.job", registry=jobs)
    with time_machine.travel(WED + datetime.timedelta(minutes=31), tick=False):
        taken_over = run_periodic_job("test.job", now=WED, registry=jobs)

    assert (still_running.outcome, taken_over.outcome, taken_over.attempt) == ("skipped", "succeeded", 2)
    assert len(recorder.calls) == 1


@time_machine.travel(WED, tick=False)
def test_due_jobs_are_those_without_a_run_or_with_a_retryable_one(jobs):
    for name in ("test.never", "test.done", "test.failed_once", "test.failed_out", "test.running"):
        jobs.register(name, period="daily", func=Recorder(), description="", max_attempts=2)
    key = "2026-11-25"
    JobRun.objects.create(name="test.done", period_key=key, started_at=WED, outcome=JobOutcome.SUCCEEDED)
    JobRun.objects.create(name="test.failed_once", period_key=key, started_at=WED, outcome=JobOutcome.FAILED)
    JobRun.objects.create(name="test.failed_out", period_key=key, started_at=WED, outcome=JobOutcome.FAILED,
                          attempts=2)
    JobRun.objects.create(name="test.running", period_key=key, started_at=WED, outcome=JobOutcome.RUNNING)
    JobRun.objects.create(name="test.done", period_key="2026-11-24", started_at=WED, outcome=JobOutcome.SUCCEEDED)

    assert [job.name for job in due_jobs(registry=jobs)] == ["test.never", "test.failed_once"]
    assert [result.name for result in run_due_jobs_now(registry=jobs)] == ["test.never", "test.failed_once"]
    assert due_jobs(registry=jobs) == []


def test_prune_job_history_deletes_runs_older_than_two_years():
    now = datetime.datetime(2026, 11, 25, 3, 0, tzinfo=AMS)
    for started, name in [
        (datetime.datetime(2024, 11, 24, 23, 59, tzinfo=AMS), "test.too_old"),
        (datetime.datetime(2024, 11, 25, 0, 0, tzinfo=AMS), "test.just_kept"),
        (datetime.datetime(2026, 11, 1, 0, 0, tzinfo=AMS), "test.recent"),
    ]:
        JobRun.objects.create(name=name, period_key="x", started_at=started, outcome=JobOutcome.SUCCEEDED)

    detail = prune_job_history_job(JobContext(name="jobs.prune_job_history", period="monthly", period_key="2026-11",
                                              now=now, attempt=1))

    assert sorted(JobRun.objects.values_list("name", flat=True)) == ["test.just_kept", "test.recent"]
    assert detail == "1 uitvoeringen van voor 2024-11-25 verwijderd"


def test_prune_job_history_runs_monthly_through_the_registry():
    JobRun.objects.create(name="test.ancient", period_key="2020-01", outcome=JobOutcome.SUCCEEDED,
                          started_at=datetime.datetime(2020, 1, 1, tzinfo=AMS))

    first = run_periodic_job("jobs.prune_job_history", now=WED)
    second = run_periodic_job("jobs.prune_job_history", now=WED + datetime.timedelta(days=5))

    assert (first.outcome, second.outcome) == ("succeeded", "skipped")
    assert list(JobRun.objects.values_list("name", "period_key")) == [("jobs.prune_job_history", "2026-11")]


@pytest.mark.parametrize(("now", "expected"), [
    (datetime.datetime(2026, 11, 25, 12, 0, tzinfo=AMS), datetime.date(2024, 11, 25)),
    (datetime.datetime(2028, 2, 29, 12, 0, tzinfo=AMS), datetime.date(2026, 2, 28)),   # leap day
    # 00:30 on 1 January in Amsterdam:
    (datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.timezone.utc), datetime.date(2025, 1, 1)),
])
def test_two_years_before_counts_calendar_days_in_amsterdam(now, expected):
    cutoff = two_years_before(now)
    assert cutoff.date() == expected
    assert (cutoff.hour, cutoff.minute) == (0, 0)


def test_a_job_with_not_before_is_due_only_from_that_amsterdam_time_of_day(jobs):
    jobs.register("test.morning", period="daily", func=Recorder(), description="", not_before=datetime.time(6, 0))
    jobs.register("test.any_time", period="daily", func=Recorder(), description="")
    just_after_midnight = datetime.datetime(2026, 11, 25, 0, 5, tzinfo=AMS)

    assert [job.name for job in due_jobs(now=just_after_midnight, registry=jobs)] == ["test.any_time"]
    assert [job.name for job in due_jobs(now=WED.replace(hour=5, minute=59), registry=jobs)] == ["test.any_time"]
    assert [job.name for job in due_jobs(now=WED.replace(hour=6), registry=jobs)] == ["test.morning", "test.any_time"]
    # In summer time too: 06:00 in Amsterdam is 04:00 UTC.
    summer = datetime.datetime(2026, 7, 1, 4, 0, tzinfo=datetime.timezone.utc)
    assert "test.morning" in [job.name for job in due_jobs(now=summer, registry=jobs)]
    assert run_periodic_job("test.morning", now=just_after_midnight, registry=jobs).outcome == "succeeded"


def test_two_callers_retrying_the_same_failed_period_run_it_once(jobs, monkeypatch):
    """A rival takes over the failed run between our read of it and our write: only one may win."""
    from schakel.jobs import services

    jobs.register("test.retry-race", period="daily", func=Recorder(failures=1), description="", max_attempts=3)
    assert run_periodic_job("test.retry-race", now=WED, registry=jobs).outcome == "failed"
    job = jobs.get("test.retry-race")
    key = job.period_key(WED)
    real_retryable = services._retryable
    rival: list = []

    def retryable_while_a_rival_claims(job, run, current):
        if not rival:
            rival.append("racing")
            rival.append(services._claim(job, key))   # the rival reads and writes first
        return real_retryable(job, run, current)

    monkeypatch.setattr(services, "_retryable", retryable_while_a_rival_claims)
    with time_machine.travel(WED, tick=False):
        ours = services._claim(job, key)

    assert rival[1] is not None and ours is None
    assert JobRun.objects.get().attempts == 2
