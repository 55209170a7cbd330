"""A complete screening meeting in a real browser (issue 13, "Done when").

The chain director sets up the table with police and labour inspectorate; three signals of two
municipalities are on the agenda; the table decides care, criminal + labour inspectorate, and
administrative routes; attendance is recorded, the meeting closed and the minutes PDF produced.
The police member sees only their organisation's actions and items and reports an outcome; the
labour inspectorate member sees none of the police's. A direct referral by the focal officer
reaches the police member as an action. Routes completed, the signals close.

axe-core and the 320 px reflow check run on every page state (tests/fixtures/browser.py).
"""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from schakel.actions.models import Action, ActionStatus
from schakel.actions.services import report_back
from schakel.screening.models import Meeting
from schakel.signalling.models import Signal
from schakel.signalling.services import triage
from tests.screening.helpers import labour_inspectorate, put_forward, signal_in_triage

pytestmark = pytest.mark.browser

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)   # Mon 2 March 2026; the table sits on Tuesdays


@pytest.fixture
def three_signals(world, time_machine):
    time_machine.move_to(NOW, tick=True)
    labour_inspectorate(world)
    first = signal_in_triage(world, reference="2026-000201", description="Zes mannen slapen in een caravan.")
    second = signal_in_triage(world, reference="2026-000202", description="Meisje van 16 bij een oudere man.")
    third = signal_in_triage(world, municipality=world.a2, reference="2026-000203",
                             description="Nagelsalon zonder vergunning, medewerkers slapen er.")
    return first, second, third


def _login(page, browser_login, user):
    page.context.clear_cookies()
    browser_login(page, user)


def test_a_complete_screening_meeting_from_agenda_to_closed_signals(page, world, browser_login, three_signals):
    first, second, third = three_signals
    chair = world.user("chain_director")
    police_member, nla_member = world.user("partner_member"), world.users["nla_member"]

    # The chain director sets up the weekly table with its partners.
    _login(page, browser_login, chair)
    page.goto("/overleg/")
    expect(page.locator("main")).to_contain_text("Er is nog geen overleg gepland")
    page.get_by_role("link", name="Instellingen van het overleg").click()
    page.get_by_label("Dag", exact=True).select_option(label="dinsdag")
    page.get_by_label("Politie A").check()
    page.get_by_label("Arbeidsinspectie A").check()
    page.get_by_role("button", name="Opslaan en plannen").click()
    expect(page.locator(".schakel-messages")).to_contain_text("komende overleggen zijn gepland")

    # The focal officer of A1 puts a signal forward from its page, with a question and a summary.
    _login(page, browser_login, world.user("focal_officer"))
    page.goto(f"/signalen/{first.reference}/")
    page.get_by_role("link", name="Aanmelden voor het screeningsoverleg").click()
    page.get_by_label("Uw vraag aan het overleg").fill("Politie en NLA samen op bezoek?")
    page.get_by_label("Samenvatting voor de deelnemers").fill("Zes mogelijke slachtoffers in een caravan; "
                                                              "mogelijke dader is de uitzender.")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.locator(".schakel-messages")).to_contain_text("staat op de agenda")
    put_forward(world, second)
    put_forward(world, third)
    # A direct referral to the police becomes an action for the police member.
    referred = signal_in_triage(world, reference="2026-000204")
    triage.refer(actor=world.user("focal_officer"), signal=referred, to_kind="police",
                 to_organisation=world.organisations["police_a"], expected_version=referred.version,
                 note="Acuut: graag vandaag langs.")

    # The chair orders the agenda with the keyboard, sends it and walks it in meeting mode.
    _login(page, browser_login, chair)
    meeting = Meeting.objects.filter(region=world.region_a).order_by("starts_at").first()
    page.goto(f"/overleg/{meeting.pk}/")
    agenda = page.locator(".schakel-screening-agenda")
    for reference in (first.reference, second.reference, third.reference):
        expect(agenda).to_contain_text(reference)
    for place in (1, 0):   # from third to first place, by keyboard
        page.get_by_role("button", name=f"Omhoog {third.reference}").focus()
        with page.expect_navigation():   # a key press does not wait for the page it submits to
            page.keyboard.press("Enter")
        expect(agenda.locator("li.schakel-screening-item").nth(place)).to_contain_text(third.reference)
    page.get_by_role("button", name="Agenda versturen").click()
    expect(page.locator(".schakel-messages")).to_contain_text("De agenda is verstuurd")

    page.get_by_role("link", name="Vergadermodus").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(third.reference)
    page.get_by_label("Samenvatting van de bespreking").fill("De gemeente pakt de salon bestuurlijk aan.")
    page.get_by_label("Bestuurlijk", exact=True).check()
    page.get_by_label("Uitvoerende organisatie voor Bestuurlijk").select_option(label="Gemeente Abbega")
    page.get_by_role("button", name="Besluit opslaan").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(first.reference)
    page.get_by_label("Samenvatting van de bespreking").fill("Politie en NLA gaan samen op bezoek.")
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(page.locator(".utrecht-alert--error")).to_contain_text("Kies ten minste één route")
    expect(page.get_by_label("Samenvatting van de bespreking")).to_have_value("Politie en NLA gaan samen op bezoek.")
    page.get_by_label("Strafrechtelijk", exact=True).check()
    page.get_by_label("Uitvoerende organisatie voor Strafrechtelijk").select_option(label="Politie A")
    page.get_by_label("Opdracht voor Strafrechtelijk").fill("Adres en uitzender natrekken.")
    page.get_by_label("Arbeidsinspectie", exact=True).check()
    page.get_by_label("Uitvoerende organisatie voor Arbeidsinspectie").select_option(label="Arbeidsinspectie A")
    page.get_by_role("button", name="Besluit opslaan").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(second.reference)
    page.get_by_label("Samenvatting van de bespreking").fill("Zorg via de zorgcoördinator.")
    page.get_by_label("Zorg", exact=True).check()
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Screeningsoverleg")

    page.get_by_role("link", name="Aanwezigheid vastleggen").click()
    for person in (chair, police_member, nla_member):
        page.get_by_label(person.get_full_name(), exact=False).check()
    page.get_by_role("button", name="Aanwezigheid opslaan").click()
    page.get_by_role("button", name="Overleg afsluiten en notulen maken").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Notulen screeningsoverleg")
    expect(page.locator("main")).to_contain_text("Politie A")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download als PDF").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # The police member sees only the police's actions and items, and reports an outcome.
    _login(page, browser_login, police_member)
    page.goto("/acties/")
    actions = page.locator("main")
    expect(actions).to_contain_text(first.reference)
    expect(actions).to_contain_text(referred.reference)
    expect(actions).not_to_contain_text(third.reference)
    nla_action = Action.objects.get(owner_organisation=world.organisations["nla_a"])
    response = page.goto(f"/acties/{nla_action.pk}/")
    assert response.status == 404
    page.goto("/acties/")
    page.get_by_role("link", name="Strafrechtelijk onderzoek beoordelen").click()
    page.get_by_role("button", name="Oppakken").click()
    page.get_by_role("radio", name="Uitgevoerd", exact=True).check()
    page.get_by_label("Uitkomst of reden").fill("Adres gecontroleerd; zaak loopt bij de recherche.")
    page.get_by_role("button", name="Terugmelding opslaan").click()
    expect(page.locator(".schakel-messages")).to_contain_text("Uw terugmelding is opgeslagen")

    # The labour inspectorate member sees none of the police's actions.
    _login(page, browser_login, nla_member)
    page.goto("/acties/")
    expect(page.locator("main")).to_contain_text(first.reference)
    expect(page.locator("main")).not_to_contain_text(referred.reference)
    police_action = Action.objects.filter(owner_organisation=world.organisations["police_a"],
                                          source="screening.route").get()
    assert page.goto(f"/acties/{police_action.pk}/").status == 404

    # The care route opened a care case for the region's care coordinator.
    _login(page, browser_login, world.user("care_coordinator"))
    page.goto("/zorg/")
    from schakel.care.models import CareCase

    case = CareCase.objects.get(signal_id=second.pk)
    expect(page.locator("main")).to_contain_text(case.client_number)

    # The remaining routes are done by their owners; every signal of the meeting closes.
    for action in Action.objects.filter(source="screening.route").exclude(status__in=["done", "not_done"]):
        owner = {world.organisations["nla_a"].pk: nla_member,
                 world.organisations["a2"].pk: world.other_municipality}.get(action.owner_organisation_id,
                                                                          world.user("care_coordinator"))
        report_back(actor=owner, action=action, status=ActionStatus.DONE, text="Gedaan.",
                    expected_version=action.version)
    for signal in (first, second, third):
        signal.refresh_from_db()
        assert (signal.status, signal.close_reason) == ("closed", "routes_done"), signal.reference

    _login(page, browser_login, world.user("focal_officer"))
    page.goto(f"/signalen/{first.reference}/")
    history = page.locator(".schakel-history")
    expect(history).to_contain_text("Besproken in het screeningsoverleg")
    expect(history).to_contain_text("Route Strafrechtelijk afgerond door Politie A")
    assert Signal.objects.get(pk=referred.pk).actions.get().status == "open"
