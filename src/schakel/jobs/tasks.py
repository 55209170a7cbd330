"""django-q2 tasks: the scheduler tick and one task per due job (thin wrappers around services)."""

from __future__ import annotations

import datetime

from django_q.tasks import async_task

from schakel import clock

from .services import due_jobs, run_periodic_job

TASK_GROUP = "schakel.jobs"


def run_due_jobs(now: str | None = None) -> list[str]:
    """Queue a `run_job` task for every job whose current period has not run; returns their names.

    Each job gets its own task, so one slow job neither delays the others nor shares their
    time-out. The task carries the moment it was queued for, so a job queued just before
    midnight still runs for the period it was due in.
    """
    moment = datetime.datetime.fromisoformat(now) if now else clock.now()
    queued = []
    for job in due_jobs(now=moment):
        async_task("schakel.jobs.tasks.run_job", job.name, moment.isoformat(),
                   task_name=f"{job.name} {job.period_key(moment)}"[:100], group=TASK_GROUP)
        queued.append(job.name)
    return queued


def run_job(name: str, now: str | None = None) -> str:
    """Run one periodic job for the period of `now` (ISO 8601); a no-op if that period has run."""
    moment = datetime.datetime.fromisoformat(now) if now else clock.now()
    result = run_periodic_job(name, now=moment)
    return f"{result.name} {result.period_key}: {result.outcome}"
