"""Periodic jobs of the network (discovered by the jobs app; see schakel.jobs.registry)."""

import datetime

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


def prepare_bulletins(context: JobContext) -> str:
    from .services.bulletin import prepare_monthly_drafts

    return f"{prepare_monthly_drafts(today=context.today)} trendbulletins klaargezet"


register_job("network.prepare_bulletins", period="monthly", func=prepare_bulletins, max_attempts=1,
             not_before=datetime.time(7, 0),
             description="Aan het begin van de maand de cijfers van het trendbulletin van vorige maand klaarzetten "
                         "en de ketenregisseur een link sturen.")
