"""Synthetic demo measures in Demodorp (GM9901): a register with history on one address.

On the address of a demo signal: a finished BRP address investigation, a Bibob check waiting for
the Landelijk Bureau Bibob's advice (only demo-af is on it, so the backup officer cannot read it),
a refused permit and a running 174a closure; and a penalty order on a company whose term has run
out (an overdue step on the start page). Idempotent: each measure has a fixed one-time form token.
"""

from __future__ import annotations

import datetime

from schakel.demo import DemoContext, register_demo_loader

from .models import Measure, MeasureStatus
from .services import measures as service
from .services.measures import idempotency_hash

MUNICIPALITY = "GM9901"
OFFICER = "demo-af"


def _address_of_a_signal(municipality) -> tuple[object, str]:
    from schakel.signalling.models import Signal

    for signal in Signal.objects.filter(municipality=municipality).order_by("received_at"):
        address = signal.location_address or {}
        if address.get("postcode") and address.get("house_number"):
            return signal, f"{address['postcode']} {address['house_number']}"
    return None, "7399 ZZ 14"


def load_measures(context: DemoContext) -> str:
    municipality = next((m for m in context.municipalities if m.cbs_code == MUNICIPALITY), None)
    officer = context.users_by_username.get(OFFICER)
    if municipality is None or officer is None:
        return "geen demogemeente"
    signal, address = _address_of_a_signal(municipality)
    today = context.now.date()

    def day(offset: int) -> str:
        return (today - datetime.timedelta(days=offset)).isoformat()

    company = {"kind": "company", "name": "Uitzendbureau Demoflex (demo)", "kvk": "99887766"}
    on_address = {"kind": "address", "text": address, "street": "Demodorp (demo)"}
    plans = [
        ("demo:measure:brp", "brp_address_investigation", "wet_brp", 45,
         {"registered_persons": 14, "visited_on": day(38), "persons_found": 5, "result": "registrations_corrected",
          "concluded_on": day(30)}, [on_address], signal, ("done", "registrations_corrected")),
        ("demo:measure:bibob", "bibob_check", "wet_bibob_9", 28,
         {"permit_concerned": "exploitation", "investigation_started_on": day(28), "investigation_done_on": day(22),
          "advice_requested_on": day(20)}, [on_address, company], None, None),
        ("demo:measure:permit", "permit_refusal", "apv_exploitation", 60,
         {"permit_kind": "exploitation", "decision": "refused", "application_received_on": day(60),
          "intention_on": day(25), "decided_on": day(12)}, [on_address, company], None, None),
        ("demo:measure:closure", "premises_closure", "gemeentewet_174a", 16,
         {"warned_on": day(16), "ordered_on": day(10), "closed_from": day(8), "period_months": 3},
         [on_address], signal, ("running", "")),
        ("demo:measure:penalty", "penalty_order", "awb_5_32", 40,
         {"imposed_on": day(40), "amount_eur": 2500, "maximum_eur": 25000, "term_days": 14}, [company], None,
         ("running", "")),
    ]
    created = 0
    for token, type_key, basis, age, details, subjects, linked, status in plans:
        if Measure.objects.filter(idempotency_key=idempotency_hash(officer, token)).exists():
            continue
        measure = service.create_measure(
            actor=officer, municipality=municipality, type_key=type_key, legal_basis=basis,
            started_on=today - datetime.timedelta(days=age), details=details, department="Veiligheid en handhaving",
            responsible=officer, signal=linked, subjects=subjects, form_token=token,
            description="Demogegevens: verzonnen maatregel.", now=context.now)
        if status:
            target, outcome = status
            if target == "done":
                measure = service.change_status(actor=officer, measure=measure, target=MeasureStatus.RUNNING,
                                                expected_version=measure.version, now=context.now)
            service.change_status(actor=officer, measure=measure, target=target, outcome=outcome,
                                  expected_version=measure.version, ended_on=today if target == "done" else None,
                                  now=context.now)
        created += 1
    return f"{created} maatregelen"


register_demo_loader("measures.measures", load_measures, order=60)
