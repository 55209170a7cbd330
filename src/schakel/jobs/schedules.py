"""The one django-q2 schedule that drives all periodic jobs, kept in place after every migrate."""

from __future__ import annotations

import logging

from django.db import DEFAULT_DB_ALIAS, connections, transaction

logger = logging.getLogger(__name__)

SCHEDULE_NAME = "schakel.jobs.run_due_jobs"
SCHEDULE_FUNC = "schakel.jobs.tasks.run_due_jobs"
TICK_MINUTES = 15


def ensure_minutes_schedule(name: str, func: str, minutes: int, *, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Create or correct the django-q2 schedule `name` that runs `func` every `minutes`, for ever;
    returns True when something changed. Idempotent; a duplicate of the name is removed."""
    from django_q.models import Schedule

    if Schedule._meta.db_table not in connections[using].introspection.table_names():
        return False
    wanted = {"func": func, "schedule_type": Schedule.MINUTES, "minutes": minutes, "repeats": -1}
    with transaction.atomic(using=using):
        schedules = list(Schedule.objects.using(using).filter(name=name).order_by("pk"))
        if not schedules:
            Schedule.objects.using(using).create(name=name, **wanted)
            return True
        first, extras = schedules[0], schedules[1:]
        for extra in extras:
            extra.delete()
        wrong = [field for field, value in wanted.items() if getattr(first, field) != value]
        if wrong:
            for field in wrong:
                setattr(first, field, wanted[field])
            first.save(update_fields=wrong)
        return bool(extras or wrong)


def ensure_schedule(*, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Create or correct the scheduler tick; returns True when something changed. Idempotent."""
    return ensure_minutes_schedule(SCHEDULE_NAME, SCHEDULE_FUNC, TICK_MINUTES, using=using)


def ensure_schedule_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    if ensure_schedule(using=using):
        logger.info("periodic job schedule %s created or corrected", SCHEDULE_NAME)
