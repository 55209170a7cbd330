"""Periodic jobs of the screening table (discovered by the jobs app; see schakel.jobs.registry)."""

import datetime

from schakel.jobs import JobContext, register_job

from .services import send_due_agendas


def send_agendas(context: JobContext) -> str:
    sent = send_due_agendas(now=context.now)
    return f"{sent} agenda's verstuurd"


register_job("screening.send_agendas", period="daily", func=send_agendas, max_attempts=3,
             not_before=datetime.time(7, 0),
             description="Het screeningsoverleg vooruit plannen en de agenda (een link, geen inhoud) versturen "
                         "zodra de ingestelde werkdagen voor het overleg zijn aangebroken.")
