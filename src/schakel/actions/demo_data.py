"""Synthetic demo actions: direct referrals by Demodorp's focal officer to the demo police and the
demo labour inspectorate, in every status, so that 'Mijn acties' and the API show something.

Five demo signals of Demodorp (GM9901), each referred through `signalling.services.triage.refer`
(the referral listener makes the action) and then worked on through `schakel.actions.services`
as demo-ketenpartner (police) and demo-arbeidsinspectie (labour inspectorate) would:

- both organisations: one open, one picked up, one done with an outcome, one not done with a
  reason; the police also have one open action past its due date (overdue).

Idempotent: each signal has a fixed intake key ('demo:actions-<n>'); a signal that exists is
left as it is. Runs after the signalling loaders (order 30).
"""

from __future__ import annotations

import datetime

from django.db import transaction

from schakel.demo import DemoContext, register_demo_loader

from .models import Action, ActionStatus
from .services import accept, report_back

MUNICIPALITY = "GM9901"
OFFICER = "demo-af"
PARTNERS = {"police": "demo-ketenpartner", "labour_inspectorate": "demo-arbeidsinspectie"}

BASE = {
    "forms": ["labour"], "sector": "", "location_type": "", "minors_involved": "unknown", "indicators": [],
    "reporter_department": "", "address": {}, "persons": [], "companies": [], "vehicles": [], "phones": [],
    "websites": [],
}

# (key, days ago received, description, extra payload, [(organisation key, days ago referred, note, outcome)])
# outcome: None = open, "accepted" = picked up (a day after the referral), ("done"|"not_done", text, days ago).
PLANS = (
    ("demo:actions-1", 52, "Bij de autowasstraat aan de ringweg werken elke dag dezelfde mannen van 's ochtends "
                           "vroeg tot laat; ze worden met een busje gebracht en gehaald. (demo)",
     {"sector": "car_wash", "location_type": "car_wash"},
     [("police", 48, "Graag een controle ter plaatse met de wijkagent.",
       ("done", "Controle uitgevoerd met de wijkagent; twee werknemers gehoord, proces-verbaal opgemaakt en "
                "doorgezet naar het AVIM-team. (demo)", 40)),
      ("labour_inspectorate", 48, "Graag een inspectie van de arbeidsvoorwaarden en de loonadministratie.",
       ("done", "Inspectie uitgevoerd; onderbetaling vastgesteld, boeterapport opgemaakt. (demo)", 38))]),
    ("demo:actions-2", 44, "Een uitzendbureau huisvest seizoenswerkers in een leegstaand kantoorpand aan de "
                           "Stationsweg; de huur wordt ingehouden op het loon. (demo)",
     {"sector": "temporary_agency", "location_type": "home"},
     [("police", 40, "Is dit pand bij u bekend?",
       ("not_done", "Het pand stond bij ons bezoek leeg; de bewoners zijn volgens buren vorige week vertrokken. "
                    "Geen aanknopingspunten meer. (demo)", 33)),
      ("labour_inspectorate", 40, "Graag de inhoudingen op het loon bekijken.",
       ("not_done", "Het uitzendbureau is uitgeschreven bij de KvK en niet meer bereikbaar. (demo)", 31))]),
    ("demo:actions-3", 9, "In een nagelsalon in het centrum slapen volgens een buurvrouw jonge vrouwen in de "
                          "achterkamer. (demo)",
     {"sector": "beauty", "location_type": "nail_salon"},
     [("police", 4, "Graag een verkennend bezoek.", "accepted"),
      ("labour_inspectorate", 4, "Graag de arbeidsvoorwaarden van de medewerkers bekijken.", "accepted")]),
    ("demo:actions-4", 27, "Op een erf aan de Dijkweg staan caravans waarin arbeiders wonen die op de kwekerij "
                           "werken; hun paspoorten zouden bij de baas liggen. (demo)",
     {"sector": "agriculture", "location_type": "farm"},
     [("police", 24, "Mogelijk ingehouden identiteitsbewijzen: graag snel een bezoek.", None)]),
    ("demo:actions-5", 3, "Bij een maaltijdbezorger werken jongens die zeggen dat ze hun verdiensten moeten "
                          "afstaan aan de man die hun fietsen regelt. (demo)",
     {"sector": "hospitality", "location_type": "public_space"},
     [("police", 1, "Graag een gesprek met de bezorgers.", None),
      ("labour_inspectorate", 1, "Graag de contracten en de afdrachten bekijken.", None)]),
)


def _at(context: DemoContext, days_ago: float, hour: int = 10) -> datetime.datetime:
    moment = context.now - datetime.timedelta(days=days_ago)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _work_on(action: Action, partner, plan, referred_at: datetime.datetime, context: DemoContext) -> None:
    if plan is None:
        return
    if plan == "accepted":
        accept(actor=partner, action=action, expected_version=action.version,
               now=referred_at + datetime.timedelta(days=1))
        return
    status, text, days_ago = plan
    action = accept(actor=partner, action=action, expected_version=action.version,
                    now=referred_at + datetime.timedelta(days=1))
    report_back(actor=partner, action=action, status=ActionStatus(status), text=text,
                expected_version=action.version, now=_at(context, days_ago, hour=15))


def load_actions(context: DemoContext) -> str:
    from schakel.signalling.models import Channel, ReferralTarget, Signal
    from schakel.signalling.services import triage
    from schakel.signalling.services.intake import idempotency_hash, submit_signal

    municipality = next((m for m in context.municipalities if m.cbs_code == MUNICIPALITY), None)
    officer = context.users_by_username.get(OFFICER)
    if municipality is None or officer is None:
        return "geen demogemeente"
    created = 0
    for key, received_days_ago, description, extra, referrals in PLANS:
        if Signal.objects.filter(idempotency_key=idempotency_hash(key)).exists():
            continue
        received_at = _at(context, received_days_ago, hour=9)
        with transaction.atomic():
            signal = submit_signal(channel=Channel.STAFF, municipality=municipality,
                                   payload={**BASE, "description": description, **extra},
                                   reporter=context.users_by_username.get("demo-melder"), idempotency_key=key,
                                   now=received_at, notify=False)
            signal = triage.pick_up(actor=officer, signal=signal, expected_version=signal.version,
                                    now=received_at + datetime.timedelta(hours=2))
            for organisation_key, referred_days_ago, note, plan in referrals:
                organisation = context.organisations[organisation_key]
                referred_at = _at(context, referred_days_ago, hour=11)
                version = Signal.objects.filter(pk=signal.pk).values_list("version", flat=True).get()
                referral = triage.refer(
                    actor=officer, signal=signal, expected_version=version, to_organisation=organisation,
                    to_kind=ReferralTarget.POLICE if organisation_key == "police" else ReferralTarget.OTHER,
                    to_description="" if organisation_key == "police" else organisation.name,
                    note=f"{note} (demo)", now=referred_at)
                action = Action.objects.get(source="signalling.referral", source_id=referral.pk)
                partner = context.users_by_username[PARTNERS[organisation_key]]
                _work_on(action, partner, plan, referred_at, context)
                created += 1
    return f"{created} acties"


register_demo_loader("actions.referrals", load_actions, order=30)
