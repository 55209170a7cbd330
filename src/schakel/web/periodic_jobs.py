"""Periodic jobs of the web shell (discovered by the jobs app; see schakel.jobs.registry)."""

from schakel.jobs import JobContext, register_job

from . import ratelimit


def purge_rate_limits(context: JobContext) -> str:
    return f"{ratelimit.purge()} rijen"


register_job("web.purge_rate_limits", period="daily", func=purge_rate_limits, max_attempts=3,
             description="Afgelopen tellers van de verzoeklimieten en de zouten van eergisteren en eerder "
                         "vergeten, zodat een pseudoniem niet meer aan een adres te koppelen is.")
