"""Periodic jobs of the network (discovered by the jobs app; see schakel.jobs.registry)."""

from schakel.jobs import JobContext, register_job

from .services.absence import apply_all
from .services.handover import check_all_staffing


def apply_absences(context: JobContext) -> str:
    return f"{apply_all(today=context.today)} aandachtsfunctionarissen bijgewerkt"


def check_staffing(context: JobContext) -> str:
    return f"{check_all_staffing(now=context.now)} waarschuwingen verstuurd"


register_job("network.apply_absences", period="daily", func=apply_absences,
             description="Afwezigheden die vandaag beginnen of eindigen laten ingaan: de vervanger krijgt het werk, "
                         "of de aandachtsfunctionaris weer.")
register_job("network.check_staffing", period="daily", func=check_staffing,
             description="Gemeenten met minder actieve aandachtsfunctionarissen dan de regio vraagt: de beheerder "
                         "en de ketenregisseur eenmaal een e-mail sturen.")
