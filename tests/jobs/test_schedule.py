"""The django-q2 schedule that drives periodic jobs, and the tasks it queues."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django_q.models import OrmQ, Schedule
from django_q.signing import SignedPackage

from schakel.jobs import registry
from schakel.jobs.models import JobOutcome, JobRun
from schakel.jobs.schedules import SCHEDULE_FUNC, SCHEDULE_NAME, TICK_MINUTES, ensure_schedule
from schakel.jobs.tasks import run_due_jobs, run_job

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("project_jobs")]

NOW = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.timezone.utc)


def _queued_tasks():
    return [SignedPackage.loads(item.payload) for item in OrmQ.objects.order_by("pk")]


def test_migrate_leaves_exactly_one_schedule_every_15_minutes():
    (schedule,) = Schedule.objects.filter(name=SCHEDULE_NAME)
    assert (schedule.func, schedule.schedule_type, schedule.minutes, schedule.repeats) == (
        SCHEDULE_FUNC, Schedule.MINUTES, TICK_MINUTES, -1)


def test_ensuring_the_schedule_twice_changes_nothing():
    schedule = Schedule.objects.get(name=SCHEDULE_NAME)

    assert ensure_schedule() is False
    call_command("migrate", verbosity=0)

    assert list(Schedule.objects.filter(name=SCHEDULE_NAME)) == [schedule]
    assert Schedule.objects.get(name=SCHEDULE_NAME).next_run == schedule.next_run


def test_a_changed_or_duplicated_schedule_is_corrected():
    Schedule.objects.filter(name=SCHEDULE_NAME).update(minutes=60, func="elders.taak")
    Schedule.objects.create(name=SCHEDULE_NAME, func=SCHEDULE_FUNC, schedule_type=Schedule.MINUTES, minutes=15)

    assert ensure_schedule() is True

    (schedule,) = Schedule.objects.filter(name=SCHEDULE_NAME)
    assert (schedule.func, schedule.minutes) == (SCHEDULE_FUNC, TICK_MINUTES)


def test_a_lost_schedule_comes_back_after_migrate():
    Schedule.objects.all().delete()

    call_command("migrate", verbosity=0)

    assert Schedule.objects.filter(name=SCHEDULE_NAME).count() == 1


def test_the_tick_queues_one_task_per_due_job_and_the_task_runs_it():
    queued = run_due_jobs(NOW.isoformat())

    assert queued == registry.names()
    tasks = _queued_tasks()
    assert [(task["func"], task["args"][0]) for task in tasks] == [("schakel.jobs.tasks.run_job", n) for n in queued]
    prune = next(task for task in tasks if task["args"][0] == "jobs.prune_job_history")
    assert prune["name"] == "jobs.prune_job_history 2026-11"

    with time_machine.travel(NOW + datetime.timedelta(minutes=1), tick=False):
        assert run_job(*prune["args"]) == "jobs.prune_job_history 2026-11: succeeded"
        assert run_job(*prune["args"]) == "jobs.prune_job_history 2026-11: skipped"
    assert JobRun.objects.get(name="jobs.prune_job_history").outcome == JobOutcome.SUCCEEDED


def test_a_task_queued_before_midnight_runs_for_the_period_it_was_due_in():
    before_midnight = datetime.datetime(2026, 11, 30, 22, 59, tzinfo=datetime.timezone.utc)  # 23:59 Amsterdam

    with time_machine.travel(before_midnight + datetime.timedelta(minutes=5), tick=False):
        run_job("jobs.prune_job_history", before_midnight.isoformat())

    assert JobRun.objects.get(name="jobs.prune_job_history").period_key == "2026-11"


def test_the_next_tick_in_the_same_period_queues_nothing():
    with time_machine.travel(NOW, tick=False):
        for name in registry.names():
            run_job(name, NOW.isoformat())
    OrmQ.objects.all().delete()

    assert run_due_jobs((NOW + datetime.timedelta(minutes=15)).isoformat()) == []
    assert OrmQ.objects.count() == 0


def test_the_tick_uses_the_clock_when_no_moment_is_given():
    with time_machine.travel(NOW, tick=False):
        run_due_jobs()

    assert {task["name"] for task in _queued_tasks()} >= {"jobs.prune_job_history 2026-11"}
