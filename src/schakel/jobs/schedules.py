"""The one django-q2 schedule that drives all periodic jobs, kept in place after every migrate."""

from __future__ import annotations

import logging

from django.db import DEFAULT_DB_ALIAS, connections, transaction

logger = logging.getLogger(__name__)

SCHEDULE_NAME = "schakel.jobs.run_due_jobs"
SCHEDULE_FUNC = "schakel.jobs.tasks.run_due_jobs"
TICK_MINUTES = 15


def ensure_schedule(*, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Create or correct the scheduler tick; returns True when something changed. Idempotent."""
    from django_q.models import Schedule

    if Schedule._meta.db_table not in connections[using].introspection.table_names():
        return False
    wanted = {"func": SCHEDULE_FUNC, "schedule_type": Schedule.MINUTES, "minutes": TICK_MINUTES, "repeats": -1}
    with transaction.atomic(using=using):
        schedules = list(Schedule.objects.using(using).filter(name=SCHEDULE_NAME).order_by("pk"))
        if not schedules:
            Schedule.objects.using(using).create(name=SCHEDULE_NAME, **wanted)
            return True
        first, extras = schedules[0], schedules[1:]
        changed = bool(extras)
        for extra in extras:
            extra.delete()
        if any(getattr(first, field) != value for field, value in wanted.items()):
            for field, value in wanted.items():
                setattr(first, field, value)
            first.save(update_fields=list(wanted))
            changed = True
        return changed


def ensure_schedule_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    if ensure_schedule(using=using):
        logger.info("periodic job schedule %s created or corrected", SCHEDULE_NAME)
