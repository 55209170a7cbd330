"""Periodic jobs of care coordination (discovered by the jobs app; see schakel.jobs.registry)."""

import datetime

from schakel.jobs import JobContext, register_job

from .services.reminders import send_reflection_reminders


def remind_reflection_periods(context: JobContext) -> str:
    return f"{send_reflection_reminders(today=context.today, now=context.now)} herinneringen bedenktijd"


# Each period is marked as reminded before its mail goes, so a retry never mails twice.
register_job("care.reflection_reminders", period="daily", func=remind_reflection_periods,
             not_before=datetime.time(7, 0),
             description="De zorgcoördinator een herinnering 4 en 2 weken voor het einde van een bedenktijd.")
