"""Periodic jobs of measures (discovered by the jobs app; see schakel.jobs.registry)."""

import datetime

from schakel.clock import AMSTERDAM
from schakel.jobs import JobContext, register_job
from schakel.signalling.rules import is_working_day

from .services import reminders


def remind_step_deadlines(context: JobContext) -> str:
    today = context.now.astimezone(AMSTERDAM).date()
    if not is_working_day(today):
        return "geen werkdag"
    mailed, steps = reminders.send_step_reminders(today=today)
    return f"{mailed} e-mails, {steps} stappen"


# Each step is reminded once per deadline (reminded_on), so a retry does not mail twice.
register_job("measures.step_reminders", period="daily", func=remind_step_deadlines,
             not_before=datetime.time(7, 0),
             description="Wie op een maatregel staat een e-mail met de stappen die binnenkort of te laat verlopen.")
