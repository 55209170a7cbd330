"""Synthetic demo care cases for demo-zorgcoordinator in Demoregio Oost: one in each kind of state.

- ZC …: a third-country national in COSM shelter at the demo shelter, with a reflection period that
  ends within four weeks (on the start page) and an open referral the demo shelter (demo-opvang) sees;
- an EU citizen in labour exploitation, needs arranged, a referral the police (demo-ketenpartner) accepted,
  registered at CoMensha with consent;
- a minor with a Jeugdzorg guardian, waiting for the first contact;
- a closed case (own life again).
The demo shelter has 6 places. The region's contracted hours are those of seed 002: 18 hours a week, 32 from 1 May 2022. Everything
goes through the care services like a real case, with names that are invented. Idempotent: each case
has a fixed one-time form token ('demo:care:<n>'); an existing one is left as it is.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from schakel.demo import DemoContext, register_demo_loader

from .capacity import set_capacity
from .hours import record_contracted_hours
from .models import CareCase, ContractedHours, ShelterCapacity
from .services import cases, referrals, work
from .services.cases import ClientData

COORDINATOR = "demo-zorgcoordinator"
CHAIN_DIRECTOR = "demo-ketenregisseur"
SHELTER_PLACES = 6
CONTRACTS = ((datetime.date(2022, 1, 1), Decimal(18), "Subsidiebeschikking 2022 (demo)"),
             (datetime.date(2022, 5, 1), Decimal(32), "Uitbreiding vanaf 1 mei 2022 (demo)"))


def _at(context: DemoContext, days_ago: int) -> datetime.date:
    return context.now.date() - datetime.timedelta(days=days_ago)


class _Case:
    """One demo case and the coordinator's steps on it, each with the case's current version."""

    def __init__(self, context: DemoContext, actor, case: CareCase):
        self.context, self.actor, self.case = context, actor, case

    def __call__(self, service, **kwargs):
        self.case.refresh_from_db()
        result = service(actor=self.actor, case=self.case, expected_version=self.case.version, now=self.context.now,
                         **kwargs)
        self.case.refresh_from_db()
        return result


def _open(context, actor, key, *, municipality, days_ago, referrer, client: ClientData):
    case = cases.open_case(actor=actor, client=client, municipality=municipality, referrer=referrer,
                           municipality_basis="found", submission=f"demo:care:{key}",
                           opened_on=_at(context, days_ago), now=context.now)
    return _Case(context, actor, case)


def _cosm_with_reflection(context, actor, shelter, municipality):
    step = _open(context, actor, 1, municipality=municipality, days_ago=75, referrer="police", client=ClientData(
        name="Blessing Okafor-Demo", date_of_birth=datetime.date(2002, 4, 9), gender="female", nationality="NG",
        languages="Engels, Edo", interpreter_needed=True, residence="third_country_unlawful", forms=["sexual"]))
    step(cases.record_consent, purpose="sharing", organisation=shelter, given_on=_at(context, 74),
         scope="Opvang en begeleiding in de COSM-opvang")
    step(work.add_contact, on=_at(context, 74), kind="intake", minutes=90, with_whom="Tolk Engels (demo)",
         text_="Kennismaking met tolk. Cliënte wil eerst rust en een veilige plek.")
    step(work.set_need, kind="safety", status="met")
    step(work.set_need, kind="shelter", status="arranged")
    step(work.set_need, kind="medical", status="asked", note="Huisarts en GGD-consult")
    step(work.set_need, kind="legal", status="asked")
    step(work.add_placement, kind="cosm", provider=shelter, starts_on=_at(context, 73))
    step(work.start_reflection, starts_on=_at(context, 70))
    step(referrals.refer, organisation=shelter, request="Begeleiding naar huisarts en GGD",
         shared="Jonge vrouw, spreekt Engels, tolk nodig bij medische gesprekken. Verblijft in uw COSM-opvang.")
    return step.case


def _eu_citizen_reported(context, actor, police, municipality):
    step = _open(context, actor, 2, municipality=municipality, days_ago=40, referrer="labour_inspectorate",
                 client=ClientData(name="Marius Ionescu-Demo", date_of_birth=datetime.date(1990, 11, 2),
                                   gender="male", nationality="RO", languages="Roemeens", interpreter_needed=True,
                                   residence="eu_citizen", forms=["labour"]))
    step(cases.record_consent, purpose="comensha", given_on=_at(context, 39), scope="Registratie bij CoMensha")
    step(cases.record_consent, purpose="sharing", organisation=police, given_on=_at(context, 39),
         scope="Gesprek over aangifte")
    step(work.add_contact, on=_at(context, 39), kind="in_person", minutes=60, with_whom="",
         text_="Gesprek over werk en huisvesting; wil aangifte overwegen.")
    step(work.add_contact, on=_at(context, 20), kind="professional", minutes=30, with_whom="Arbeidsinspectie (demo)",
         text_="Afstemming over de werkgever.")
    for kind, status in (("income", "arranged"), ("identity", "met"), ("shelter", "not_needed")):
        step(work.set_need, kind=kind, status=status)
    referral = step(referrals.refer, organisation=police, request="Informatief gesprek over aangifte",
                    shared="Man, spreekt Roemeens, tolk nodig. Wil weten wat aangifte voor hem betekent.")
    member = context.users_by_username.get("demo-ketenpartner")
    if member is not None:
        referrals.answer(actor=member, referral=referral, status="accepted", expected_version=referral.version,
                         now=context.now)
    return step.case


def _minor_waiting(context, actor, municipality):
    step = _open(context, actor, 3, municipality=municipality, days_ago=3, referrer="shelter", client=ClientData(
        name="Jayden de Wit-Demo", date_of_birth=context.now.date().replace(year=context.now.year - 16),
        gender="male", nationality="NL", languages="Nederlands", residence="dutch", minor=True, guardian="jeugdzorg",
        forms=["criminal"]))
    step(work.set_need, kind="safety", status="asked", note="Zicht op wie hem ronselt")
    return step.case


def _closed(context, actor, municipality):
    step = _open(context, actor, 4, municipality=municipality, days_ago=200, referrer="police", client=ClientData(
        name="Olena Kovalenko-Demo", date_of_birth=datetime.date(1985, 2, 17), gender="female", nationality="UA",
        languages="Oekraïens, Engels", residence="third_country_lawful", forms=["labour"]))
    step(work.add_contact, on=_at(context, 199), kind="intake", minutes=60, with_whom="",
         text_="Kennismaking; werk en woning via een malafide bureau.")
    step(work.set_need, kind="education_work", status="met", note="Nieuwe baan via het UWV")
    step(cases.close_case, reason="own_life", closed_on=_at(context, 30), note="Eigen woning en werk.")
    return step.case


def load_care_cases(context: DemoContext) -> str:
    actor = context.users_by_username.get(COORDINATOR)
    if actor is None or not context.municipalities:
        return "geen demozorgcoördinator"
    director = context.users_by_username.get(CHAIN_DIRECTOR)
    if director is not None:
        for valid_from, hours, note in CONTRACTS:
            if not ContractedHours.objects.filter(region=context.region, valid_from=valid_from).exists():
                record_contracted_hours(actor=director, region=context.region, hours_per_week=hours,
                                        valid_from=valid_from, note=note, now=context.now)
    shelter, police = context.organisations["shelter"], context.organisations["police"]
    if not ShelterCapacity.objects.filter(provider=shelter).exists():
        set_capacity(actor=actor, provider=shelter, places=SHELTER_PLACES, note="COSM-plaatsen (demo)", now=context.now)
    first, second = context.municipalities[0], context.municipalities[1 % len(context.municipalities)]
    plans = ((1, lambda: _cosm_with_reflection(context, actor, shelter, first)),
             (2, lambda: _eu_citizen_reported(context, actor, police, second)),
             (3, lambda: _minor_waiting(context, actor, first)),
             (4, lambda: _closed(context, actor, second)))
    made = 0
    for key, build in plans:
        if CareCase.objects.filter(submission=f"demo:care:{key}").exists():
            continue
        build()
        made += 1
    if made and not _reported(context.region):
        from .services import comensha

        comensha.export(actor=actor, region=context.region, period_from=_at(context, 365),
                        period_until=context.now.date(), now=context.now)
    return f"{made} zorgtrajecten"


def _reported(region) -> bool:
    from .models import ComenshaExport

    return ComenshaExport.objects.filter(region=region).exists()


register_demo_loader("care.cases", load_care_cases, order=70)
