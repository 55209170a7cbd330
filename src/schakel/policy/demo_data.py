"""Synthetic policy records for the demo region (demo-beleid, Demodorp GM9901).

An action plan 'Naar een regio zonder uitbuiting' from the Zuid-Limburg template with
activities in each line (one past its end date), two trainings, two self-assessments a year
apart (so the matrix shows a change), and the demo region's funding scheme at 15 ct per
inhabitant for 32 hours a week. Idempotent: every record is found again by a fixed title or date.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from schakel.demo import DemoContext, register_demo_loader

from .models import ActionPlan, FundingBasis, FundingScheme, KaderComponent, SelfAssessment
from .services import assessments, plans, trainings
from .services.funding import reference_dates, save_scheme

MUNICIPALITY = "GM9901"
PLAN_TITLE = "Naar een regio zonder uitbuiting (demo)"

ACTIVITIES = [
    (1, "Bewustwordingstraining voor baliemedewerkers en wijkteams", "Alle frontlinie-afdelingen getraind",
     "CoMensha, aandachtsfunctionaris", -300, -30, "Aandachtsfunctionaris", "done"),
    (1, "Voorlichting aan ondernemers in de horeca en op bedrijventerreinen", "Ondernemers weten waar zij melden",
     "Ondernemersvereniging, RIEC", -120, -10, "Team veiligheid", "in_progress"),
    (2, "Gezamenlijke controles met de AVIM", "Twee integrale controles per jaar", "Politie (AVIM), handhaving",
     -60, 200, "Teamleider handhaving", "in_progress"),
    (2, "Werkafspraken screeningsoverleg vastleggen", "Convenant getekend door alle partners",
     "Zorg- en Veiligheidshuis, RIEC, Veilig Thuis", 10, 120, "Ketenregisseur", "planned"),
    (3, "Opvangplekken in de regio in kaart", "Overzicht van beschikbare opvang", "Zorgcoördinator, opvang",
     -30, 90, "Zorgcoördinator", "planned"),
]


def _day(context, offset: int) -> datetime.date:
    return context.now.date() + datetime.timedelta(days=offset)


def load_policy(context: DemoContext) -> str:
    municipality = next((m for m in context.municipalities if m.cbs_code == MUNICIPALITY), None)
    officer = context.users_by_username.get("demo-beleid")
    if municipality is None or officer is None:
        return "geen demogemeente"
    made = []
    plan = ActionPlan.objects.filter(title=PLAN_TITLE, municipality=municipality).first()
    if plan is None:
        year = context.now.year
        plan = plans.create_plan(actor=officer, title=PLAN_TITLE, first_year=year - 1, last_year=year + 2,
                                 municipality=municipality, template_key="zuid-limburg")
        lines = {line.number: line for line in plan.lines.all()}
        for number, title, result, partners, start, end, responsible, status in ACTIVITIES:
            activity = plans.add_activity(line=lines[number], data={
                "title": title, "intended_result": result, "partners": partners, "start_on": _day(context, start),
                "end_on": _day(context, end), "responsible": responsible, "status": status})
            if status != "planned":
                plans.add_note(actor=officer, activity=activity, noted_on=_day(context, -14),
                               text="Eerste bijeenkomst gehouden; planning afgestemd met de partners.")
        made.append("1 uitvoeringsplan")
    for title, offset, counts in (("Mensenhandel Academy: signalen herkennen", -200, {"civil_affairs": 9,
                                                                                      "social_team": 14}),
                                  ("Workshop arbeidsuitbuiting (FairWork)", -900, {"enforcement": 6})):
        trainings.record_training(
            actor=officer, municipality=municipality,
            data={"title": title, "provider": "comensha" if offset > -500 else "fairwork", "provider_name": "",
                  "kind": "online" if offset > -500 else "meeting", "held_on": _day(context, offset)},
            counts=counts)
    components = list(KaderComponent.objects.order_by("number"))
    for offset, plateaus in ((-420, [1, 0, 1, 1, 0]), (-40, [1, 1, 2, 1, 0])):
        day = _day(context, offset)
        if not SelfAssessment.objects.filter(municipality=municipality, assessed_on=day).exists() and components:
            assessments.record_assessment(
                actor=officer, municipality=municipality, assessed_on=day, notes="Demo-zelfevaluatie",
                scores={c.pk: {"plateau": p, "evidence": "Zie het uitvoeringsplan.",
                               "evidence_links": f"/beleid/plannen/{plan.pk}/"} for c, p in zip(components, plateaus)})
    dates = reference_dates(context.region)
    year = context.now.year
    if dates and not FundingScheme.objects.filter(region=context.region, year=year).exists():
        save_scheme(actor=officer, region=context.region, data={
            "year": year, "label": "Zorgcoördinatie mensenhandel (demo)", "basis": FundingBasis.RATE,
            "rate_cents": Decimal("15"), "total_amount": None, "reference_date": dates[0],
            "period_start": datetime.date(year, 1, 1), "period_end": datetime.date(year, 12, 31),
            "hours_per_week": Decimal("32"), "notes": "Fictief tarief voor de demoregio."})
        made.append("1 financieringsregeling")
    return ", ".join(made) or "al aanwezig"


register_demo_loader("policy.instruments", load_policy, order=90)
