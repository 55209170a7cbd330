"""The worker's one-minute schedule that seals the access log (decision 0068).

Not a job of schakel.jobs: that registry knows days, weeks and months. This is a second named
django-q2 schedule, created and kept correct after every migrate like the jobs' own tick.
"""

from __future__ import annotations

import logging

from django.db import DEFAULT_DB_ALIAS, connections, transaction

logger = logging.getLogger(__name__)

SCHEDULE_NAME = "schakel.privacy.seal_access_log"
SCHEDULE_FUNC = "schakel.privacy.audit.seal_pending"
SEAL_MINUTES = 1


def ensure_seal_schedule(*, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Create or correct the sealing schedule; returns True when something changed. Idempotent."""
    from django_q.models import Schedule

    if Schedule._meta.db_table not in connections[using].introspection.table_names():
        return False
    wanted = {"func": SCHEDULE_FUNC, "schedule_type": Schedule.MINUTES, "minutes": SEAL_MINUTES, "repeats": -1}
    with transaction.atomic(using=using):
        schedules = list(Schedule.objects.using(using).filter(name=SCHEDULE_NAME).order_by("pk"))
        if not schedules:
            Schedule.objects.using(using).create(name=SCHEDULE_NAME, **wanted)
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


def ensure_seal_schedule_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    if ensure_seal_schedule(using=using):
        logger.info("access-log sealing schedule %s created or corrected", SCHEDULE_NAME)
