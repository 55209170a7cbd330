"""Triage in a real browser: inbox, search, open a signal, put it on the agenda, close another.

axe-core checks every page state on the way (tests/fixtures/browser.py).
"""

import datetime

import pytest
from playwright.sync_api import expect

from schakel.signalling.models import SignalStatus
from tests.signalling.triage_factories import SignalFactory, add_entity

pytestmark = pytest.mark.browser

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 3, 4, 10, 0, tzinfo=UTC)  # Wed 4 March 2026


@pytest.fixture
def signals(world, time_machine):
    time_machine.move_to(NOW, tick=True)
    suspicious = SignalFactory(municipality=world.a1, reference="2026-000101",
                               description="Zes mannen slapen in een caravan achter de kas.")
    add_entity(suspicious, "phone", {"number": "06 1234 5678"})
    vague = SignalFactory(municipality=world.a1, reference="2026-000102",
                          description="Buurman vindt het druk bij de nagelsalon.")
    elsewhere = SignalFactory(municipality=world.a2, reference="2026-000103")
    add_entity(elsewhere, "phone", {"number": "06 1234 5678"})
    return suspicious, vague, elsewhere


def test_focal_officer_searches_opens_puts_on_agenda_and_closes_another(page, signed_in, signals):
    suspicious, vague, elsewhere = signals
    signed_in("focal_officer")

    page.goto("/signalen/")
    table = page.locator("table")
    expect(table).to_contain_text("2026-000101")
    expect(table).to_contain_text("2026-000102")
    expect(table).not_to_contain_text("2026-000103")

    page.get_by_role("searchbox", name="Zoeken").fill("06-1234 5678")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator("[role=status]")).to_contain_text("1 signaal gevonden")
    expect(table).not_to_contain_text("2026-000102")

    page.get_by_role("link", name="2026-000101").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signaal 2026-000101")
    expect(page.locator("main")).to_contain_text("Zes mannen slapen in een caravan")

    page.get_by_role("button", name="Oppakken").click()
    expect(page.locator(".schakel-messages")).to_contain_text("U hebt het signaal opgepakt.")

    page.get_by_label("Toelichting").first.fill("Tweede signaal over deze kas")
    page.get_by_role("button", name="Op agenda screeningsoverleg").click()
    expect(page.locator(".schakel-messages")).to_contain_text("op de agenda van het screeningsoverleg")
    suspicious.refresh_from_db()
    assert suspicious.status == SignalStatus.ON_AGENDA

    page.goto("/signalen/2026-000102/")
    page.locator("summary", has_text="Afsluiten").click()
    page.get_by_label("Onvoldoende informatie").check()
    page.get_by_role("button", name="Afsluiten", exact=True).click()
    expect(page.locator(".schakel-messages")).to_contain_text("Het signaal is afgesloten.")
    expect(page.locator("main")).to_contain_text("Afgesloten: Onvoldoende informatie")
    vague.refresh_from_db()
    assert (vague.status, vague.close_reason) == (SignalStatus.CLOSED, "insufficient_information")


def test_overdue_tab_shows_the_state_in_words(page, signed_in, world, time_machine):
    time_machine.move_to(NOW, tick=True)
    SignalFactory(municipality=world.a1, reference="2026-000201", first_reaction_due=datetime.date(2026, 3, 3))
    signed_in("focal_officer")

    page.goto("/signalen/?tab=overdue")

    row = page.locator("tr", has_text="2026-000201")
    expect(row).to_contain_text("Te laat")
    expect(page.get_by_role("link", name="Te laat")).to_have_attribute("aria-current", "page")
