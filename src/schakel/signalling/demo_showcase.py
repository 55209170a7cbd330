"""Demo signals that show every state to the main demo focal officer (demo-af, GM9901), and the
demo region's standard texts. Registered from demo_data.py; idempotent like it ('demo:show-<n>').

demo-af gets: an acute signal whose norm has just passed (escalated), one still within its
norm, an overdue one, one waiting for the reporter (public, with a question in the mailbox), one
whose reporter has answered (the inbox's 'nieuw bericht'), and a merged pair.
"""

from __future__ import annotations

import datetime

from schakel.demo import DemoContext, register_demo_loader

from .models import Channel, Signal, StandardText
from .services import escalation, mailbox, triage
from .services.intake import idempotency_hash, submit_signal

OFFICER = "demo-af"
MUNICIPALITY = "GM9901"

STANDARD_TEXTS = (
    ("Ontvangstbevestiging", {
        "nl": "Dank u voor uw melding. Wij hebben hem ontvangen en bekijken hem zo snel mogelijk.",
        "en": "Thank you for your report. We have received it and will look at it as soon as possible.",
        "pl": "Dziękujemy za zgłoszenie. Otrzymaliśmy je i zajmiemy się nim tak szybko, jak to możliwe.",
        "ro": "Vă mulțumim pentru sesizare. Am primit-o și o vom analiza cât mai curând posibil.",
    }),
    ("In behandeling", {
        "nl": "Uw melding is in behandeling. Wat er verder gebeurt, blijft vertrouwelijk.",
        "en": "Your report is being handled. What happens next remains confidential.",
        "pl": "Twoje zgłoszenie jest rozpatrywane. Dalsze działania pozostają poufne.",
    }),
    ("Afgehandeld", {
        "nl": "Wij hebben uw melding afgehandeld. Dank u dat u de moeite nam om te melden.",
        "en": "We have handled your report. Thank you for taking the trouble to report.",
        "pl": "Twoje zgłoszenie zostało rozpatrzone. Dziękujemy, że zadałeś sobie trud zgłoszenia.",
    }),
)

BASE = {
    "forms": ["labour"], "sector": "agriculture", "location_type": "farm", "minors_involved": "unknown",
    "indicators": [], "reporter_department": "", "address": {}, "persons": [], "companies": [], "vehicles": [],
    "phones": [], "websites": [],
}


def _submit(key: str, context: DemoContext, *, description: str, hours_ago: float, channel=Channel.STAFF,
            reporter=None, **extra) -> tuple[Signal, bool]:
    existing = Signal.objects.filter(idempotency_key=idempotency_hash(key)).first()
    if existing is not None:
        return existing, False
    municipality = next(m for m in context.municipalities if m.cbs_code == MUNICIPALITY)
    payload = {**BASE, "description": description, **extra}
    signal = submit_signal(channel=channel, municipality=municipality, payload=payload, reporter=reporter,
                           idempotency_key=key, now=context.now - datetime.timedelta(hours=hours_ago), notify=False)
    return signal, True


def load_showcase(context: DemoContext) -> str:
    users = context.users_by_username
    officer = users[OFFICER]
    created = 0
    for order, (title, texts) in enumerate(STANDARD_TEXTS):
        _text, made = StandardText.objects.get_or_create(
            region=context.region, title=title,
            defaults={"texts": texts, "order": order, "updated_at": context.now, "updated_by": officer})
        created += made

    acute_late, made = _submit("demo:show-1", context, hours_ago=6, acute_danger=True, reporter=users["demo-melder"],
                               description="Een jonge man belde aan bij het wijkteam: hij wordt vastgehouden in een "
                                           "woning en moet vanavond weer aan het werk. (demo, acuut)")
    if made:
        escalation.escalate_signal(signal_id=acute_late.pk, now=context.now)
        created += 1
    _acute, made = _submit("demo:show-2", context, hours_ago=1, acute_danger=True, channel=Channel.PUBLIC,
                           language="pl",
                           description="Mój kolega mieszka w kontenerze i szef zabrał mu paszport. (demo, acuut)")
    created += made

    overdue, made = _submit("demo:show-3", context, hours_ago=24 * 21, reporter=users["demo-melder"],
                            description="Seizoenswerkers van de kwekerij wonen met twaalf man in een schuur. (demo)")
    if made:
        triage.pick_up(actor=officer, signal=overdue, expected_version=overdue.version,
                       now=overdue.received_at + datetime.timedelta(days=1))
        created += 1

    waiting, made = _submit("demo:show-4", context, hours_ago=24 * 3, channel=Channel.PUBLIC, language="nl",
                            description="In de loods achter het tankstation slapen mannen op matrassen. (demo)")
    if made:
        waiting = triage.pick_up(actor=officer, signal=waiting, expected_version=waiting.version,
                                 now=waiting.received_at + datetime.timedelta(hours=3))
        triage.ask_reporter(actor=officer, signal=waiting, expected_version=waiting.version,
                            text="Weet u op welke dagen de mannen worden opgehaald, en door wie?",
                            now=waiting.received_at + datetime.timedelta(hours=4))
        created += 1

    answered, made = _submit("demo:show-5", context, hours_ago=24 * 2, channel=Channel.PUBLIC, language="en",
                             description="Women at the massage parlour never leave the building. (demo)")
    if made:
        answered = triage.pick_up(actor=officer, signal=answered, expected_version=answered.version,
                                  now=answered.received_at + datetime.timedelta(hours=2))
        answered = triage.ask_reporter(actor=officer, signal=answered, expected_version=answered.version,
                                       text="Could you tell us the address of the parlour?",
                                       now=answered.received_at + datetime.timedelta(hours=3)).signal
        mailbox.answer_from_reporter(signal=answered, text="It is the parlour next to the station, above the bakery.",
                                     now=answered.received_at + datetime.timedelta(hours=20))
        created += 1

    kept, made_kept = _submit("demo:show-6", context, hours_ago=24 * 5, reporter=users["demo-melder"],
                              description="Busjes halen elke ochtend om vijf uur arbeiders op bij het pension. (demo)")
    duplicate, made = _submit("demo:show-7", context, hours_ago=24 * 4, reporter=users["demo-beleid"],
                              description="Bij het pension worden 's ochtends vroeg mannen opgehaald met busjes. "
                                          "(demo)")
    if made:
        if made_kept:
            triage.pick_up(actor=officer, signal=kept, expected_version=kept.version,
                           now=kept.received_at + datetime.timedelta(hours=2))
        duplicate = triage.pick_up(actor=officer, signal=duplicate, expected_version=duplicate.version,
                                   now=duplicate.received_at + datetime.timedelta(hours=2))
        triage.merge(actor=officer, duplicate=duplicate, into_reference=kept.reference,
                     expected_version=duplicate.version, reason="Zelfde pension, zelfde busjes (demo).",
                     now=duplicate.received_at + datetime.timedelta(hours=3))
        created += 1
    return f"{created} voorbeeldsignalen en standaardteksten"


register_demo_loader("signalling.showcase", load_showcase, order=21)
