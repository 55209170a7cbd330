"""Demo records of the privacy desk (never in production): a data-subject request and a legal hold.

Demodorp's privacy officer (`demo-privacy`) finds on her desk an open request for inspection about
a person named in one of the demo signals, and a legal hold on a demo signal that is on the agenda. Both are made
through the desk's own services, keyed so that loading twice makes nothing twice.
"""

from __future__ import annotations

import datetime

from schakel.demo import DemoContext, register_demo_loader

MUNICIPALITY = "GM9901"
OFFICER = "demo-privacy"


def _named_person(municipality):
    from schakel.signalling.models import EntityKind, SignalEntity

    for entity in (SignalEntity.objects.filter(signal__municipality=municipality, kind=EntityKind.PERSON,
                                               person_role="presumed_victim").order_by("signal__received_at", "pk")):
        name = (entity.data or {}).get("name")
        if name:
            return name
    return None


def load_privacy(context: DemoContext) -> str:
    from schakel.signalling.models import Signal, SignalStatus

    from .holds import HoldError, place_hold
    from .models import DataSubjectRequest, LegalHold
    from .subject_requests import register_request

    municipality = next((m for m in context.municipalities if m.cbs_code == MUNICIPALITY), None)
    officer = context.users_by_username.get(OFFICER)
    if municipality is None or officer is None:
        return "geen demogemeente"
    before = (DataSubjectRequest.objects.count(), LegalHold.objects.count())
    name = _named_person(municipality)
    if name:
        register_request(actor=officer, kind="inspection", subject_name=name,
                         received_on=context.now.date() - datetime.timedelta(days=9), form_key="demo:privacy:inzage",
                         now=context.now)
    # A hold is placed while an investigation runs, often before the signal is closed.
    held = (Signal.objects.filter(municipality=municipality, status__in=[SignalStatus.ON_AGENDA, SignalStatus.CLOSED])
            .order_by("received_at", "pk").first())
    if held is not None:
        try:
            place_hold(actor=officer, record_type="signalling.signal", reference=held.reference,
                       reason="Demo: strafrechtelijk onderzoek loopt nog (verzonnen)",
                       review_on=context.now.date() + datetime.timedelta(days=120), now=context.now)
        except HoldError:
            pass
    requests = DataSubjectRequest.objects.count() - before[0]
    holds = LegalHold.objects.count() - before[1]
    return f"{requests} verzoeken van betrokkenen, {holds} bewaarplichten"


register_demo_loader("privacy.desk", load_privacy, order=70)
