"""Periodic jobs of privacy (discovered by the jobs app): the daily purge."""

from __future__ import annotations

import datetime

from schakel.jobs import JobContext, register_job

from .models import PurgeTrigger


def apply_retention_job(context: JobContext) -> str:
    from .purge import apply_retention

    report = apply_retention(now=context.now, dry_run=False, trigger=PurgeTrigger.JOB)
    return (report.describe() or "niets te verwijderen")[:500]


# Each record is deleted in its own transaction, so a retry after a failure continues where it stopped.
register_job("privacy.apply_retention", period="daily", func=apply_retention_job, not_before=datetime.time(2, 0),
             description="Verwijdert wat over zijn bewaartermijn is (behalve bij bewaarplicht), bewaart eerst de "
                         "tellingen en schrijft het opschoonlog.")


def detect_unusual_access_job(context: JobContext) -> str:
    from .flags import detect_unusual_access

    return f"{detect_unusual_access(now=context.now)} nieuwe meldingen van opvallende toegang"


register_job("privacy.detect_unusual_access", period="daily", func=detect_unusual_access_job,
             description="Zoekt in het toegangslog naar opvallende toegang (veel gegevens in korte tijd, buiten "
                         "kantoortijd, noodtoegang, zoeken zonder vervolg) voor de privacyfunctionaris.")
