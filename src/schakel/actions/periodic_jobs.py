"""Periodic jobs of actions (discovered by the jobs app; see schakel.jobs.registry)."""

import datetime

from schakel.clock import AMSTERDAM
from schakel.jobs import JobContext, register_job
from schakel.signalling.rules import is_working_day

from .services.overdue import notify_overdue


def mail_overdue_actions(context: JobContext) -> str:
    today = context.now.astimezone(AMSTERDAM).date()
    if not is_working_day(today):
        # No mail on weekends and public holidays; the next working day picks these up.
        return "geen werkdag"
    mailed, marked = notify_overdue(today=today, now=context.now)
    return f"{mailed} e-mails, {marked} acties"


# max_attempts=1 and once per action (Action.overdue_notified_on): nobody is told twice.
register_job("actions.overdue_actions", period="daily", func=mail_overdue_actions, max_attempts=1,
             not_before=datetime.time(7, 0),
             description="De aandachtsfunctionaris eenmalig een e-mail sturen wanneer een actie bij een signaal "
                         "over de termijn is.")
