"""The worker's one-minute schedule that seals the access log (decision 0068).

Not a job of schakel.jobs: that registry knows days, weeks and months. This is a second named
django-q2 schedule, created and kept correct after every migrate like the jobs' own tick.
"""

from __future__ import annotations

import logging

from django.db import DEFAULT_DB_ALIAS

logger = logging.getLogger(__name__)

SCHEDULE_NAME = "schakel.privacy.seal_access_log"
SCHEDULE_FUNC = "schakel.privacy.audit.seal_pending"
SEAL_MINUTES = 1


def ensure_seal_schedule(*, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Create or correct the sealing schedule; returns True when something changed. Idempotent."""
    from schakel.jobs.schedules import ensure_minutes_schedule

    return ensure_minutes_schedule(SCHEDULE_NAME, SCHEDULE_FUNC, SEAL_MINUTES, using=using)


def ensure_seal_schedule_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    if ensure_seal_schedule(using=using):
        logger.info("access-log sealing schedule %s created or corrected", SCHEDULE_NAME)
