"""Periodic jobs that run exactly once per period, however many workers and machines there are.

Registering a job
-----------------
Put the registration in a module called ``periodic_jobs.py`` inside your app; the jobs app
imports every app's ``periodic_jobs`` module at start-up (``JobsConfig.ready``)::

    # src/schakel/signalling/periodic_jobs.py
    from schakel.jobs import JobContext, register_job

    from . import services


    def send_overdue_reminders(context: JobContext) -> str:
        sent = services.send_overdue_reminders(today=context.today)
        return f"{sent} herinneringen verstuurd"    # stored as JobRun.detail


    register_job("signalling.overdue_reminders", period="daily", func=send_overdue_reminders,
                 description="Herinnering aan aandachtsfunctionarissen voor signalen over de termijn.")

- ``name``: unique, ``<app>.<what>``; a second registration of the same name raises
  ``JobAlreadyRegistered`` at import time.
- ``period``: ``"daily"``, ``"weekly"`` (ISO week, Monday to Sunday) or ``"monthly"``. Periods are
  calendar periods in Europe/Amsterdam; their keys look like ``2026-11-25``, ``2026-W48``, ``2026-11``.
- ``func(context)``: called with a ``JobContext`` (``name``, ``period``, ``period_key``, ``now``:
  the moment the period is run for, ``today``: its Europe/Amsterdam date, ``attempt``: 1 for the
  first try). Use ``context.now``/``context.today`` instead of reading the clock, so the job is
  testable. Return a short text (stored in ``JobRun.detail``) or ``None``. Raising any exception
  marks the run *failed*.
- ``max_attempts`` (default 3): attempts per period, the first included; a *failed* run is retried
  **in the same period** until they are used up. A retry happens at the next scheduler tick
  (every 15 minutes) or on ``manage.py run_job``. A job must therefore be safe to run again after
  a partial failure (e.g. mark each mail as sent as it goes). A job that must never repeat within
  its period passes ``max_attempts=1``.
- ``max_runtime`` (default one hour): a run still "running" after this long is taken to be
  abandoned (its worker died) and may be claimed again as a retry.
- ``not_before`` (optional ``datetime.time``, Europe/Amsterdam): the scheduler starts the job only
  from this time of day, e.g. ``datetime.time(6, 0)`` so a daily mail goes out in the morning
  rather than just after midnight. An explicit ``manage.py run_job <name>`` ignores it.

How "exactly once" is guaranteed
--------------------------------
``run_periodic_job`` first *claims* the period by inserting a ``JobRun`` row; the database's
unique constraint on ``(name, period_key)`` lets exactly one inserter win, on SQLite and
PostgreSQL alike, across threads, processes and machines. Losers return at once without running
the job. A retry claims the existing row with a compare-and-set ``UPDATE`` (on the attempt
number), so a retry, too, has exactly one winner. See docs/decisions/0040-periodic-jobs-once-per-period.md.

Running jobs
------------
- A django-q2 schedule (created by a ``post_migrate`` handler) calls
  ``schakel.jobs.tasks.run_due_jobs`` every 15 minutes; it queues one task per job whose current
  period has not run yet.
- ``manage.py run_job <name>`` runs one job for the current period (for cron; exit status 1 when
  it failed), ``manage.py run_job --due`` runs every due job, ``manage.py run_job --list`` lists them.
- In tests call ``run_periodic_job(name, now=...)`` or the job function itself with a
  ``JobContext``; pass ``registry=JobRegistry()`` to test with jobs of your own.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import ImproperlyConfigured

from schakel.clock import AMSTERDAM

Period = Literal["daily", "weekly", "monthly"]
PERIODS: tuple[str, ...] = ("daily", "weekly", "monthly")


class JobAlreadyRegistered(ImproperlyConfigured):
    """Two jobs claim the same name."""


class UnknownJob(LookupError):
    """No job is registered under this name."""


@dataclass(frozen=True)
class JobContext:
    name: str
    period: str
    period_key: str
    now: datetime.datetime
    attempt: int

    @property
    def today(self) -> datetime.date:
        """The Europe/Amsterdam date of `now`."""
        return self.now.astimezone(AMSTERDAM).date()


@dataclass(frozen=True)
class JobDefinition:
    name: str
    period: str
    func: Callable[[JobContext], str | None]
    description: str
    max_attempts: int = 3
    max_runtime: datetime.timedelta = datetime.timedelta(hours=1)
    not_before: datetime.time | None = None

    def period_key(self, moment: datetime.datetime) -> str:
        return period_key(self.period, moment)

    def may_start_at(self, moment: datetime.datetime) -> bool:
        """Whether the scheduler may start this job at `moment` (its `not_before` time of day)."""
        return self.not_before is None or moment.astimezone(AMSTERDAM).time() >= self.not_before


def period_key(period: str, moment: datetime.datetime) -> str:
    """The key of the Europe/Amsterdam calendar period that `moment` falls in."""
    if moment.tzinfo is None:
        raise ValueError("period_key needs an aware datetime")
    day = moment.astimezone(AMSTERDAM).date()
    if period == "daily":
        return day.isoformat()
    if period == "weekly":
        iso_year, iso_week, _ = day.isocalendar()
        return f"{iso_year}-W{iso_week:02d}"
    if period == "monthly":
        return f"{day.year}-{day.month:02d}"
    raise ValueError(f"unknown period {period!r}; expected one of {', '.join(PERIODS)}")


class JobRegistry:
    """Jobs by unique name, in registration order."""

    def __init__(self) -> None:
        self._jobs: dict[str, JobDefinition] = {}

    def register(self, name: str, *, period: Period, func: Callable[[JobContext], str | None],
                 description: str, max_attempts: int = 3,
                 max_runtime: datetime.timedelta = datetime.timedelta(hours=1),
                 not_before: datetime.time | None = None) -> JobDefinition:
        if name in self._jobs:
            raise JobAlreadyRegistered(f"a periodic job named {name!r} is already registered")
        if period not in PERIODS:
            raise ImproperlyConfigured(f"job {name!r}: period must be one of {', '.join(PERIODS)}, not {period!r}")
        if not callable(func):
            raise ImproperlyConfigured(f"job {name!r}: func must be callable")
        if max_attempts < 1:
            raise ImproperlyConfigured(f"job {name!r}: max_attempts must be at least 1")
        if len(name) > 100:
            raise ImproperlyConfigured(f"job {name!r}: name longer than 100 characters")
        if not_before is not None and not isinstance(not_before, datetime.time):
            raise ImproperlyConfigured(f"job {name!r}: not_before must be a datetime.time")
        definition = JobDefinition(name=name, period=period, func=func, description=description,
                                   max_attempts=max_attempts, max_runtime=max_runtime, not_before=not_before)
        self._jobs[name] = definition
        return definition

    def get(self, name: str) -> JobDefinition:
        try:
            return self._jobs[name]
        except KeyError:
            raise UnknownJob(name) from None

    def names(self) -> list[str]:
        return list(self._jobs)

    def __iter__(self) -> Iterator[JobDefinition]:
        return iter(list(self._jobs.values()))

    def __contains__(self, name: object) -> bool:
        return name in self._jobs

    def __len__(self) -> int:
        return len(self._jobs)


registry = JobRegistry()


def register_job(name: str, *, period: Period, func: Callable[[JobContext], str | None], description: str,
                 max_attempts: int = 3, max_runtime: datetime.timedelta = datetime.timedelta(hours=1),
                 not_before: datetime.time | None = None) -> JobDefinition:
    """Register a periodic job in the project's registry (see the module docstring)."""
    return registry.register(name, period=period, func=func, description=description,
                             max_attempts=max_attempts, max_runtime=max_runtime, not_before=not_before)
