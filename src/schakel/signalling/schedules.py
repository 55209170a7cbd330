"""The worker's five-minute schedule that escalates acute signals whose norm passed (issue 12).

Not a job of schakel.jobs (that registry knows days, weeks and months, and acute danger cannot
wait for tomorrow's run): a named django-q2 schedule, created and kept correct after every
migrate like the jobs' own tick.
"""

from __future__ import annotations

import logging

from django.db import DEFAULT_DB_ALIAS

logger = logging.getLogger(__name__)

SCHEDULE_NAME = "schakel.signalling.escalate_acute"
SCHEDULE_FUNC = "schakel.signalling.tasks.escalate_acute_signals"
ESCALATION_MINUTES = 5


def ensure_escalation_schedule(*, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Create or correct the escalation schedule; returns True when something changed. Idempotent."""
    from schakel.jobs.schedules import ensure_minutes_schedule

    return ensure_minutes_schedule(SCHEDULE_NAME, SCHEDULE_FUNC, ESCALATION_MINUTES, using=using)


def ensure_escalation_schedule_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    if ensure_escalation_schedule(using=using):
        logger.info("acute escalation schedule %s created or corrected", SCHEDULE_NAME)
