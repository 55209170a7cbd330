"""In a real browser (axe-core and 320 px on every state): absence and backup, handover, whom to call,
the signal guide, and a trend bulletin with no count below five."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from schakel.network.models import Partner, SignalGuide
from schakel.signalling.models import SignalStatus
from schakel.signalling.services import mailbox
from tests.signalling.triage_factories import SignalFactory

from .helpers import second_officer

pytestmark = pytest.mark.browser
UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 4, 6, 9, 0, tzinfo=UTC)  # Mon 6 April 2026


@time_machine.travel(NOW, tick=True)
def test_an_officer_records_absence_and_the_backup_gets_the_message_and_sees_the_open_signals(
        page, world, browser_login, mailoutbox):
    officer, backup = world.user("focal_officer"), second_officer(world)
    signals = [SignalFactory(municipality=world.a1, status=SignalStatus.IN_TRIAGE, assigned_to=officer,
                             reference=f"2026-00090{n}", channel="public", mailbox_id=f"ABCDE1234{n}")
               for n in range(3)]
    browser_login(page, officer)
    page.goto("/netwerk/afwezigheid/")
    page.get_by_label("Afwezig vanaf").fill("2026-04-06")
    page.get_by_label("Afwezig tot en met").fill("2026-04-17")
    page.get_by_label("Wie vervangt").select_option(label=backup.get_full_name())
    page.get_by_role("button", name="Afwezigheid vastleggen").click()
    expect(page.locator(".schakel-messages")).to_contain_text("De afwezigheid is vastgelegd")
    expect(page.locator("table")).to_contain_text(backup.get_full_name())

    mailoutbox.clear()
    mailbox.answer_from_reporter(signal=signals[0], text="Er zijn vannacht weer mensen gebracht.")
    assert any(backup.email in m.to for m in mailoutbox)

    browser_login(page, backup)
    page.goto("/signalen/?tab=mine")
    for signal in signals:
        expect(page.locator("main")).to_contain_text(signal.reference)


@time_machine.travel(NOW, tick=True)
def test_an_administrator_hands_over_all_open_work(page, world, browser_login):
    officer, successor = world.user("focal_officer"), second_officer(world)
    for n in range(2):
        SignalFactory(municipality=world.a1, status=SignalStatus.IN_TRIAGE, assigned_to=officer,
                      reference=f"2026-00080{n}")
    browser_login(page, world.user("administrator"))
    page.goto("/netwerk/overdracht/")
    page.get_by_label("Aandachtsfunctionaris", exact=True).select_option(label=officer.get_full_name())
    page.get_by_role("button", name="Tonen").click()
    page.get_by_label("Opvolger").select_option(label=successor.get_full_name())
    page.get_by_role("button", name="Alles overdragen").click()
    expect(page.locator(".schakel-messages")).to_contain_text("2 signalen")
    expect(page.locator("table")).to_contain_text(successor.get_full_name())


@time_machine.travel(NOW, tick=True)
def test_a_reporter_finds_whom_to_call_and_the_guide_for_their_department(page, world, browser_login):
    Partner.objects.create(region=world.region_a, name="Politie AVIM Oost", kind="police_avim",
                           contact_for="Vermoeden van uitbuiting, overleg vóór aangifte", phone="0900 0000 001",
                           hours="ma–vr 8.30–17.00", last_confirmed_on=datetime.date(2026, 3, 1))
    SignalGuide.objects.create(region=world.region_a, department="burgerzaken", number=1,
                               look_for="Veel inschrijvingen op één adres.", what_to_do="Meld het in Schakel.",
                               published_at=NOW, published_by=world.user("chain_director"))
    browser_login(page, world.user("reporter"))
    page.goto("/netwerk/")
    page.get_by_role("link", name="Sociale kaart").click()
    page.get_by_label("Zoek op naam, soort of waarvoor").fill("uitbuiting")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator("main")).to_contain_text("0900 0000 001")
    page.goto("/signalen/melden")  # the staff form links to the guides
    page.get_by_role("link", name="Waar let u op? Signaalwijzer voor uw afdeling").click()
    page.get_by_role("link", name="Burgerzaken").click()
    expect(page.locator("main")).to_contain_text("Veel inschrijvingen op één adres.")
    expect(page.get_by_role("figure", name="De signaalroute")).to_contain_text("Screeningsoverleg")


@time_machine.travel(NOW, tick=True)
def test_a_chain_director_publishes_a_bulletin_with_no_count_below_five(page, world, browser_login, mailoutbox):
    march = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    for n in range(8):
        SignalFactory(municipality=world.a1, received_at=march, sector="agriculture" if n < 6 else "hospitality")
    browser_login(page, world.user("chain_director"))
    page.goto("/netwerk/trendbulletins/")
    page.get_by_role("link", name="Bulletin van vorige maand opstellen").click()
    page.get_by_label("Toelichting van de ketenregisseur").fill("Meer signalen uit de landbouw.")
    page.get_by_role("button", name="Publiceren en als link mailen").click()
    expect(page.locator(".schakel-messages")).to_contain_text("gepubliceerd")
    cells = page.locator("td").all_inner_texts()
    for value in cells:
        assert value in ("<5", "0", "Geen signalen.") or int(value) >= 5
    assert "<5" in cells
    assert mailoutbox and "/netwerk/trendbulletins/" in mailoutbox[0].body


@time_machine.travel(NOW, tick=True)
def test_the_chain_director_keeps_the_map_guides_knowledge_and_minutes(page, world, browser_login):
    Partner.objects.create(region=world.region_a, name="Oude opvang", kind="shelter", contact_for="Opvang",
                           last_confirmed_on=datetime.date(2024, 1, 5))
    browser_login(page, world.user("chain_director"))
    page.goto("/netwerk/sociale-kaart/controleren")
    page.get_by_role("button", name="Oude opvang: klopt nog").click()
    expect(page.locator(".schakel-messages")).to_contain_text("is bevestigd")
    page.goto("/netwerk/sociale-kaart/nieuw")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Vul de naam in")
    page.goto("/netwerk/signaalwijzers/leerplicht/bewerken")
    page.get_by_label("Waar let u op").fill("Vaak verzuim en dure spullen.")
    page.get_by_label("Wat doet u").fill("Meld het in Schakel.")
    page.get_by_role("button", name="Nieuwe versie publiceren").click()
    expect(page.locator("main")).to_contain_text("Versie 1")
    page.goto("/netwerk/kennisbank/nieuw")
    page.get_by_label("Titel").fill("Privacyprotocol")
    page.get_by_label("Tekst", exact=True).fill("Welke gegevens wie met wie deelt.")
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacyprotocol")
    page.goto("/netwerk/bijeenkomsten/nieuw")
    page.get_by_label("Onderwerp").fill("Intervisie april")
    page.get_by_label("Datum en tijd").fill("2026-04-16T14:00")
    page.get_by_label("Verslag").fill("Besproken met mevrouw Jansen, 06-12345678.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("telefoonnummer")
    page.get_by_label("Verslag").fill("Besproken: signalen in de landbouw nemen toe.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".schakel-messages")).to_contain_text("is opgeslagen")


@time_machine.travel(NOW, tick=True)
def test_the_administrator_sees_staffing_and_sets_the_minimum(page, world, browser_login):
    browser_login(page, world.user("administrator"))
    page.goto("/netwerk/bezetting/")
    expect(page.get_by_role("alert")).to_contain_text("te weinig aandachtsfunctionarissen")
    page.get_by_role("link", name="Minimum en controletermijn van de regio instellen").click()
    page.get_by_label("Minimaal aantal aandachtsfunctionarissen per gemeente").fill("1")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".schakel-messages")).to_contain_text("zijn opgeslagen")
