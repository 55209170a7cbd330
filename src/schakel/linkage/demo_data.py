"""Demo: two signals of two demo municipalities share a phone number and a person (written
differently), recorded through the signals app's own service; then every demo signal is linked,
so the focal officers of both see the match in 'Koppelingen' and on the signal page."""

from schakel.demo import DemoContext, register_demo_loader

from .services import batch

PHONE = "+31 970 1616 1616"  # the fictional 097 range the signal demo uses too
PAIR = (("demo:0000", "demo-af", {"name": "Ioana Popescu", "date_of_birth": "1998-04-07"}),
        ("demo:0001", "demo-af-voorbeeldstad", {"name": "Popescu, Ioana", "date_of_birth": "1998-07-04"}))


def _add_shared_entities(context: DemoContext) -> None:
    from schakel.signalling.models import Signal
    from schakel.signalling.services import triage
    from schakel.signalling.services.intake import idempotency_hash

    from .models import LinkToken
    from .normalise import normalise_phone
    from .secrets import token

    phone_token = token("phone", normalise_phone(PHONE))
    for key, username, person in PAIR:
        signal = Signal.objects.filter(idempotency_key=idempotency_hash(key)).first()
        officer = context.users_by_username.get(username)
        if signal is None or officer is None:
            continue
        if LinkToken.objects.filter(signal=signal, kind="phone", token=phone_token).exists():
            continue  # loaded before
        triage.add_entity(actor=officer, signal=signal, kind="phone", data={"number": PHONE},
                          expected_version=signal.version, now=context.now)
        signal.refresh_from_db()
        triage.add_entity(actor=officer, signal=signal, kind="person", person_role="presumed_victim", data=person,
                          expected_version=signal.version, now=context.now)


def load_linkage(context: DemoContext) -> str:
    _add_shared_entities(context)
    run = batch.run_rebuild(batch.start_or_resume(restart=True))
    from .models import Match

    return f"{run.done} signalen gekoppeld, {Match.objects.count()} koppelingen"


register_demo_loader("linkage.matches", load_linkage, order=80)
