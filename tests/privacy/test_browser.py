"""In a real browser (axe-core checks every page): break the glass, then the privacy officer sees it."""

import pytest
from playwright.sync_api import expect

from schakel.accounts.roles import Role
from tests.factories import MembershipFactory, UserFactory
from tests.signalling.triage_factories import SignalFactory

pytestmark = pytest.mark.browser

REASON = "Melder belt opnieuw, eigen aandachtsfunctionaris is afwezig"


def test_emergency_access_is_asked_granted_and_shown_to_the_privacy_officer(page, world, browser_login):
    signal = SignalFactory(municipality=world.a1, reference="2026-000201",
                           description="Licht brandt de hele nacht in de loods.")
    officer_region_a = UserFactory(username="privacy_officer_region_a")
    MembershipFactory(user=officer_region_a, organisation=world.organisations["region_a"],
                      role=Role.PRIVACY_OFFICER)

    browser_login(page, world.users["focal_officer_a2"])  # Abbega: the signal belongs to Aadorp
    page.goto(f"/signalen/{signal.reference}/")  # met by its reference: offered, not typed by hand
    expect(page.get_by_role("heading", level=1)).to_have_text("Niet gevonden")
    page.get_by_role("link", name="Noodtoegang aanvragen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Noodtoegang")
    expect(page.locator("main")).not_to_contain_text("Licht brandt")

    page.get_by_label("Reden voor noodtoegang").fill("even kijk")
    page.get_by_role("button", name="Noodtoegang openen").click()
    expect(page.get_by_role("alert")).to_contain_text("Geef een reden van minstens 10 tekens")

    page.get_by_label("Reden voor noodtoegang").fill(REASON)
    page.get_by_role("button", name="Noodtoegang openen").click()
    expect(page.locator(".schakel-messages")).to_contain_text("Noodtoegang geregistreerd tot")
    expect(page.locator("main")).to_contain_text("Licht brandt de hele nacht in de loods.")

    browser_login(page, officer_region_a)
    page.goto("/")
    panel = page.get_by_role("region", name="Noodtoegang en gemarkeerde toegang")
    expect(panel).to_contain_text(REASON)
    panel.get_by_role("link", name="Alle gemarkeerde toegang").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Toegangslog")
    expect(page.locator("table")).to_contain_text("focal_officer_a2")
    expect(page.locator("table")).to_contain_text("noodtoegang")

    browser_login(page, world.users["privacy_officer"])  # Aadorp's own privacy officer: the owner's side
    page.goto("/")
    expect(page.get_by_role("region", name="Noodtoegang en gemarkeerde toegang")).to_contain_text(REASON)
