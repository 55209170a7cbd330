"""Periodic jobs of signalling (discovered by the jobs app; see schakel.jobs.registry)."""

import datetime

from schakel.clock import AMSTERDAM
from schakel.jobs import JobContext, register_job

from .rules import is_working_day
from .services import attachments, triage_mail


def mail_overdue_signals(context: JobContext) -> str:
    today = context.now.astimezone(AMSTERDAM).date()
    if not is_working_day(today):
        # No mail on weekends and public holidays; the next working day's list has it all.
        return "geen werkdag"
    mailed, listed = triage_mail.send_overdue_lists(today=today)
    return f"{mailed} e-mails, {listed} signalen"


# max_attempts=1: a retry after a partial failure would mail some officers twice in one day;
# a failing mail server is logged per run, and tomorrow's list repeats what is still overdue.
# not_before: the list arrives at the start of the working day, not just after midnight.
register_job("signalling.overdue_signals", period="daily", func=mail_overdue_signals, max_attempts=1,
             not_before=datetime.time(7, 0),
             description="Elke aandachtsfunctionaris een e-mail met zijn of haar signalen over de termijn.")


def purge_unsent_uploads(context: JobContext) -> str:
    return f"{attachments.purge_unsent_uploads(now=context.now)} bijlagen opgeruimd"


register_job("signalling.purge_unsent_uploads", period="daily", func=purge_unsent_uploads,
             description="Bijlagen van formulieren die nooit zijn verstuurd (na een dag) of die de melder "
                         "voor het versturen weghaalde, verwijderen.")
