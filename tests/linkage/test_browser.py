"""The linkage pages in a browser: axe-core clean and reflow at 320 px on every state (the harness checks)."""

from playwright.sync_api import expect

from .helpers import signal_with


def test_focal_officer_follows_a_match_and_asks_for_contact(page, world, browser_login):
    signal_with(world.a1, ("phone", {"number": "0612345678"}))
    signal_with(world.a2, ("phone", {"number": "06 1234 5678"}))
    browser_login(page, world.user("focal_officer"))
    page.goto("/koppelingen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Koppelingen")
    page.get_by_role("link", name="Telefoonnummer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Koppeling")
    page.get_by_label("Waarom wilt u contact?").fill("Zelfde nummer bij uitbuiting in de kassen")
    page.get_by_role("button", name="Contactverzoek versturen").click()
    expect(page.get_by_text("Uw contactverzoek is verstuurd")).to_be_visible()


def test_chain_director_sees_the_regional_picture(page, world, browser_login):
    signal_with(world.a1, ("email", {"address": "boss@uitbuiter.example"}))
    signal_with(world.a2, ("email", {"address": "boss@uitbuiter.example"}))
    browser_login(page, world.user("chain_director"))
    page.goto("/koppelingen/regio/")
    expect(page.get_by_role("rowheader", name="E-mailadres")).to_be_visible()


def test_an_empty_list_says_what_happens_next(page, world, browser_login):
    browser_login(page, world.user("focal_officer"))
    page.goto("/koppelingen/")
    expect(page.get_by_text("Er zijn nu geen koppelingen")).to_be_visible()
