"""The jobs app's own periodic job: keep two years of job history."""

from __future__ import annotations

import datetime

from schakel.clock import AMSTERDAM

from .registry import JobContext, register_job
from .services import prune_job_history

KEEP_YEARS = 2


def two_years_before(moment: datetime.datetime) -> datetime.datetime:
    """Midnight (Amsterdam) of the same calendar day two years earlier; 29 February becomes the 28th."""
    day = moment.astimezone(AMSTERDAM).date()
    try:
        earlier = day.replace(year=day.year - KEEP_YEARS)
    except ValueError:
        earlier = day.replace(year=day.year - KEEP_YEARS, day=28)
    return datetime.datetime.combine(earlier, datetime.time.min, tzinfo=AMSTERDAM)


def prune_job_history_job(context: JobContext) -> str:
    cutoff = two_years_before(context.now)
    deleted = prune_job_history(before=cutoff)
    return f"{deleted} uitvoeringen van voor {cutoff.date().isoformat()} verwijderd"


register_job("jobs.prune_job_history", period="monthly", func=prune_job_history_job,
             description="Verwijdert uitvoeringen van periodieke taken die ouder zijn dan twee jaar.")
