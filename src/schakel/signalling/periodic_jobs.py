"""Periodic jobs of signalling (discovered by the jobs app; see schakel.jobs.registry)."""

from schakel.clock import AMSTERDAM
from schakel.jobs import JobContext, register_job

from .services import triage_mail


def mail_overdue_signals(context: JobContext) -> str:
    today = context.now.astimezone(AMSTERDAM).date()
    mailed, listed = triage_mail.send_overdue_lists(today=today)
    return f"{mailed} e-mails, {listed} signalen"


# max_attempts=1: a retry after a partial failure would mail some officers twice in one day;
# a failing mail server is logged per run, and tomorrow's list repeats what is still overdue.
register_job("signalling.overdue_signals", period="daily", func=mail_overdue_signals, max_attempts=1,
             description="Elke aandachtsfunctionaris een e-mail met zijn of haar signalen over de termijn.")
