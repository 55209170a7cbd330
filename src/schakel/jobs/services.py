"""Running a periodic job once per period: claim the period, run, record the outcome.

The claim is a database row with a unique (name, period_key); see `schakel.jobs.registry` for the
contract job authors rely on, and docs/decisions/0040-periodic-jobs-once-per-period.md for the why.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Q

from schakel import clock

from .models import JobOutcome, JobRun
from .registry import JobContext, JobDefinition, JobRegistry, registry as default_registry

logger = logging.getLogger(__name__)

SKIPPED = "skipped"
DETAIL_LIMIT = 2000


@dataclass(frozen=True)
class JobResult:
    name: str
    period_key: str
    outcome: str  # "succeeded", "failed" or "skipped" (another caller has or had this period)
    detail: str = ""
    attempt: int = 0

    @property
    def ran(self) -> bool:
        return self.outcome != SKIPPED


def _retryable(job: JobDefinition, run: JobRun, current: datetime.datetime) -> bool:
    if run.attempts >= job.max_attempts:
        return False
    if run.outcome == JobOutcome.FAILED:
        return True
    return run.outcome == JobOutcome.RUNNING and run.started_at < current - job.max_runtime


def _claim(job: JobDefinition, key: str) -> JobRun | None:
    """Insert the period's row, or take over a retryable one; None when another caller has it."""
    started = clock.now()
    try:
        # durable: the claim must be committed before the job runs, or rivals could not see it.
        with transaction.atomic(durable=True):
            return JobRun.objects.create(name=job.name, period_key=key, started_at=started,
                                         outcome=JobOutcome.RUNNING, attempts=1)
    except IntegrityError:
        pass
    existing = JobRun.objects.filter(name=job.name, period_key=key).first()
    if existing is None or not _retryable(job, existing, started):
        return None
    # Compare-and-set on (outcome, attempts): of several retrying callers exactly one updates the row.
    won = JobRun.objects.filter(pk=existing.pk, outcome=existing.outcome, attempts=existing.attempts).update(
        outcome=JobOutcome.RUNNING, attempts=F("attempts") + 1, started_at=started, finished_at=None)
    if not won:
        return None
    existing.refresh_from_db()
    return existing


def run_periodic_job(name: str, *, now: datetime.datetime | None = None,
                     registry: JobRegistry = default_registry) -> JobResult:
    """Run job `name` for the period that `now` (default: the clock) falls in, unless it has run.

    Must be called outside a transaction: the claim commits on its own.
    """
    job = registry.get(name)
    now = now or clock.now()
    key = job.period_key(now)
    run = _claim(job, key)
    if run is None:
        logger.info("periodic job %s: period %s already claimed, not running", name, key)
        return JobResult(name=name, period_key=key, outcome=SKIPPED)
    context = JobContext(name=name, period=job.period, period_key=key, now=now, attempt=run.attempts)
    try:
        detail = job.func(context) or ""
        outcome = JobOutcome.SUCCEEDED
    except Exception as exc:  # the job's failure is recorded, never lost; the caller carries on
        logger.exception("periodic job %s failed for period %s (attempt %s)", name, key, run.attempts)
        detail = f"{type(exc).__name__}: {exc}"
        outcome = JobOutcome.FAILED
    detail = str(detail)[:DETAIL_LIMIT]
    JobRun.objects.filter(pk=run.pk).update(outcome=outcome, finished_at=clock.now(), detail=detail)
    return JobResult(name=name, period_key=key, outcome=str(outcome), detail=detail, attempt=run.attempts)


def due_jobs(*, now: datetime.datetime | None = None, registry: JobRegistry = default_registry) -> list[JobDefinition]:
    """Jobs whose current period has no run yet, or whose run may be retried, and that may start now."""
    now = now or clock.now()
    keys = {job.name: job.period_key(now) for job in registry if job.may_start_at(now)}
    if not keys:
        return []
    condition = Q()
    for name, key in keys.items():
        condition |= Q(name=name, period_key=key)
    runs = {run.name: run for run in JobRun.objects.filter(condition)}
    current = clock.now()
    return [job for job in registry if job.name in keys
            and (job.name not in runs or _retryable(job, runs[job.name], current))]


def run_due_jobs_now(*, now: datetime.datetime | None = None,
                     registry: JobRegistry = default_registry) -> list[JobResult]:
    """Run every due job in this process, one after the other (cron without a worker)."""
    now = now or clock.now()
    return [run_periodic_job(job.name, now=now, registry=registry) for job in due_jobs(now=now, registry=registry)]


def prune_job_history(*, before: datetime.datetime) -> int:
    """Delete finished job runs started before `before`; returns how many were deleted."""
    deleted, _ = JobRun.objects.filter(started_at__lt=before).exclude(outcome=JobOutcome.RUNNING).delete()
    return deleted
