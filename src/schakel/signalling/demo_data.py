"""Synthetic demo signals for the demo region: plausible scenarios, no real people.

Names come from Faker (nl_NL) with a fixed seed, e-mail addresses and websites are on
example.org, telephone numbers are in the Dutch 097 machine-to-machine range (never a
person's number), and every signal goes through the intake service and the triage services
like a real one. Idempotent: each demo signal is keyed on 'demo:<n>'.
"""

from __future__ import annotations

import datetime

from faker import Faker

from schakel.demo import DemoContext, register_demo_loader

from .catalogue import load_indicator_catalogue
from .models import Channel, CloseReason, ReferralTarget, Signal, SignalStatus
from .services import triage
from .services.intake import idempotency_hash, submit_signal

SIGNALS = 36

# Who handles which demo municipality (see schakel.demo.people.DEMO_USERS).
FOCAL_OFFICER_BY_MUNICIPALITY = {
    "GM9901": "demo-af",
    "GM9902": "demo-af-voorbeeldstad",
    "GM9903": "demo-af-regionaal",
    "GM9904": "demo-af-regionaal",
}

SCENARIOS = (
    {
        "description": "In de nagelsalon werken steeds andere jonge vrouwen, tot laat in de avond. Ze spreken "
                       "geen Nederlands, worden 's avonds met een busje opgehaald en lijken bang als de eigenaar "
                       "binnenkomt.",
        "forms": ["labour"], "sector": "beauty", "location_type": "nail_salon",
        "indicators": ["arbeid-lange-dagen", "algemeen-huisvesting-geregeld", "algemeen-geisoleerd"],
        "company": "Nagelstudio {word}", "vehicle": True, "victims": 2,
    },
    {
        "description": "Achter de loods van het tuinbouwbedrijf staan zes caravans. Er wonen zeker twintig "
                       "mannen; ze werken zeven dagen per week en zeggen dat de huur van hun loon wordt "
                       "ingehouden.",
        "forms": ["labour"], "sector": "agriculture", "location_type": "farm",
        "indicators": ["arbeid-slechte-huisvesting", "algemeen-hoge-afdrachten", "arbeid-lange-dagen"],
        "company": "Kwekerij {word}", "victims": 1,
    },
    {
        "description": "Bij de autowasstraat werken mannen zonder handschoenen met schoonmaakmiddel, ook als het "
                       "vriest. Een van hen vertelde dat zijn paspoort bij de baas ligt.",
        "forms": ["labour"], "sector": "car_wash", "location_type": "car_wash",
        "indicators": ["algemeen-geen-eigen-id", "arbeid-gevaarlijk-werk"],
        "company": "Carwash {word}", "victims": 1,
    },
    {
        "description": "Online advertenties voor massages bij een woning in de wijk, met steeds nieuwe foto's van "
                       "jonge vrouwen. De buren zien 's nachts veel mannen komen en gaan.",
        "forms": ["sexual"], "sector": "prostitution", "location_type": "online",
        "indicators": ["seks-begeleider", "algemeen-niet-vrij"],
        "website": True,
    },
    {
        "description": "Een leerling van vijftien spijbelt vaak, heeft twee telefoons en ineens dure kleding. Hij "
                       "wordt na school opgehaald door oudere jongens in een auto.",
        "forms": ["criminal"], "location_type": "public_space", "minors_involved": "yes",
        "indicators": ["crimineel-spijbelen", "crimineel-telefoons", "crimineel-opgewacht"],
        "vehicle": True, "victims": 1, "department": "school_attendance",
    },
    {
        "description": "Op één adres staan veertien mensen ingeschreven in het BRP. Bij een huisbezoek bleek de "
                       "woning overvol; de bewoners werken via hetzelfde uitzendbureau.",
        "forms": ["unknown"], "sector": "temporary_agency", "location_type": "home",
        "indicators": ["arbeid-slechte-huisvesting", "algemeen-huisvesting-geregeld"],
        "company": "Uitzendbureau {word}", "department": "front_office",
    },
    {
        "description": "In de keuken van het restaurant slapen twee medewerkers op matrassen. Ze krijgen contant "
                       "betaald en weten niet op welk adres ze wonen.",
        "forms": ["labour"], "sector": "hospitality", "location_type": "restaurant",
        "indicators": ["arbeid-slaapt-op-werk", "arbeid-zwart", "algemeen-adres-onbekend"],
        "company": "Restaurant {word}", "victims": 1, "department": "enforcement",
    },
    {
        "description": "Een jonge vrouw in het hotel wordt steeds door dezelfde man gebracht en gehaald; hij houdt "
                       "haar telefoon en betaalt de kamer contant.",
        "forms": ["sexual"], "location_type": "hotel",
        "indicators": ["seks-begeleider", "algemeen-niet-vrij", "algemeen-geen-geld"],
        "perpetrator": True, "victims": 1,
    },
    {
        "description": "Op het bedrijventerrein werkt een bouwploeg tot diep in de nacht. De mannen zeggen een "
                       "schuld te hebben bij de bemiddelaar die hen naar Nederland haalde.",
        "forms": ["labour"], "sector": "construction", "location_type": "business_park",
        "indicators": ["algemeen-schuld", "algemeen-misleid", "arbeid-lange-dagen"],
        "company": "Bouwbedrijf {word}", "department": "permits",
    },
    {
        "description": "Een matroos op een binnenvaartschip vertelde bij de sluis dat hij al maanden geen loon "
                       "kreeg en het schip niet af mag.",
        "forms": ["labour"], "sector": "inland_shipping", "location_type": "ship",
        "indicators": ["arbeid-te-weinig-loon", "algemeen-niet-vrij"],
        "victims": 1,
    },
)

LETTERS = "BCDEGHJKLMNPRTVWXZ"
CHANNELS = (Channel.STAFF, Channel.STAFF, Channel.PUBLIC, Channel.STAFF, Channel.PHONE, Channel.PARTNER_API)


def _phone(random) -> str:
    return f"+31 970 {random.randint(1000, 9999)} {random.randint(1000, 9999)}"


def _payload(scenario: dict, fake: Faker, random, index: int, now: datetime.datetime) -> dict:
    word = fake.last_name().split(" ")[-1]
    payload = {
        "description": scenario["description"],
        "acute_danger": index % 11 == 3,
        "forms": scenario["forms"],
        "sector": scenario.get("sector", ""),
        "location_type": scenario["location_type"],
        "observed_on": (now - datetime.timedelta(days=random.randint(0, 6))).date().isoformat(),
        "minors_involved": scenario.get("minors_involved", "unknown"),
        "indicators": scenario["indicators"],
        "reporter_department": scenario.get("department", "social_domain"),
        "address": {} if scenario["location_type"] == "online" else {
            "postcode": f"{random.randint(1000, 9899)} {random.choice(LETTERS)}{random.choice(LETTERS)}",
            "house_number": str(random.randint(1, 180)),
            "street": f"{fake.last_name()}straat (demo)", "place": "Demodorp",
        },
        "persons": [],
        "companies": [],
        "vehicles": [],
        "phones": [{"number": _phone(random)}],
        "websites": [],
    }
    for _victim in range(scenario.get("victims", 0)):
        payload["persons"].append({"role": "presumed_victim", "name": fake.first_name(),
                                   "nationality": random.choice(["Pools", "Roemeens", "Bulgaars", "Oekraïens",
                                                                 "Nederlands", "onbekend"]),
                                   "description": f"ongeveer {random.randint(17, 45)} jaar"})
    if scenario.get("perpetrator") or index % 4 == 0:
        payload["persons"].append({"role": "presumed_perpetrator", "name": fake.name()})
    if scenario.get("company"):
        payload["companies"].append({"name": scenario["company"].format(word=word),
                                     "kvk": f"{random.randint(90000000, 99999999)}"})
    if scenario.get("vehicle"):
        payload["vehicles"].append({"plate": f"ZZ-{random.randint(100, 999)}-{random.choice(LETTERS)}",
                                    "description": random.choice(["witte bestelbus", "grijze stationwagen"])})
    if scenario.get("website"):
        payload["websites"].append({"url": f"https://advertenties.example.org/{word.lower()}-{index}",
                                    "description": "advertentie met steeds nieuwe foto's"})
    return payload


def _triage(signal: Signal, officer, age_days: int, index: int, received_at: datetime.datetime) -> None:
    """Older demo signals have moved on, through the same services the focal officer uses."""
    if age_days < 4:
        return
    moment = received_at + datetime.timedelta(days=1, hours=2)
    signal = triage.pick_up(actor=officer, signal=signal, expected_version=signal.version, now=moment)
    if age_days < 20:
        return
    later = moment + datetime.timedelta(days=3)
    outcome = index % 4
    if outcome == 0:
        triage.change_status(actor=officer, signal=signal, target=SignalStatus.ON_AGENDA,
                             expected_version=signal.version, now=later)
    elif outcome == 1:
        triage.refer(actor=officer, signal=signal, to_kind=ReferralTarget.POLICE, expected_version=signal.version,
                     note="Doorgezet naar AVIM (demo).", now=later)
    elif outcome == 2:
        triage.change_status(actor=officer, signal=signal, target=SignalStatus.CLOSED,
                             close_reason=CloseReason.INSUFFICIENT_INFORMATION, expected_version=signal.version,
                             reason="Geen aanknopingspunten na navraag (demo).", now=later)


def load_signals(context: DemoContext) -> str:
    load_indicator_catalogue()  # the scenarios tick indicators; loading is idempotent
    fake = Faker("nl_NL")
    fake.seed_instance(20260401)
    random = context.random
    users = context.users_by_username
    by_code = {municipality.cbs_code: municipality for municipality in context.municipalities}
    created = 0
    for index in range(SIGNALS):
        key = f"demo:{index:04d}"
        scenario = SCENARIOS[index % len(SCENARIOS)]
        cbs_code = sorted(by_code)[index % len(by_code)]
        age_days = (SIGNALS - index) * 3
        received_at = context.now - datetime.timedelta(days=age_days, hours=random.randint(0, 8))
        payload = _payload(scenario, fake, random, index, received_at)
        if Signal.objects.filter(idempotency_key=idempotency_hash(key)).exists():
            continue
        channel = CHANNELS[index % len(CHANNELS)]
        officer = users[FOCAL_OFFICER_BY_MUNICIPALITY[cbs_code]]
        reporter, recorded_by = None, None
        if channel == Channel.STAFF:
            reporter = users["demo-melder"] if index % 3 else users["demo-beleid"]
        elif channel == Channel.PARTNER_API:
            reporter = users["demo-arbeidsinspectie"] if "labour" in scenario["forms"] else users["demo-ketenpartner"]
            payload["reporter_department"] = ""
        elif channel == Channel.PHONE:
            recorded_by = officer
            payload["reporter_contact"] = {"name": fake.name(), "phone": _phone(random)}
            payload["reporter_department"] = ""
        else:
            payload["reporter_department"] = ""
            payload["language"] = random.choice(["nl", "pl", "en"])
        signal = submit_signal(channel=channel, municipality=by_code[cbs_code], payload=payload, reporter=reporter,
                               recorded_by=recorded_by, idempotency_key=key, now=received_at, notify=False)
        _triage(signal, officer, age_days, index, received_at)
        created += 1
    return f"{created} signalen"


register_demo_loader("signalling.signals", load_signals, order=20)

from . import demo_showcase  # noqa: E402,F401  (registers the demo signals that show every state)
