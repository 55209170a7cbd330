"""The page shell in a real browser: accessible, self-hosted, keyboard- and small-screen-friendly."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.fixtures.browser import assert_accessible, give_totp, login_through_form


def test_login_page_is_accessible_and_loads_only_from_the_live_server(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    response = page.goto("/account/login/")

    assert response.status == 200
    assert_accessible(page)
    server = urlsplit(live_server.url).netloc
    assert requested, "the login page made no request at all"
    foreign = [url for url in requested if urlsplit(url).scheme in {"http", "https"} and urlsplit(url).netloc != server]
    assert foreign == []
    stylesheets = page.evaluate("() => [...document.styleSheets].map(sheet => sheet.href)")
    assert any(href and href.endswith("/static/schakel/schakel.css") for href in stylesheets), stylesheets


def test_stylesheet_is_served_to_the_browser(page):
    response = page.goto("/static/schakel/schakel.css")

    assert response.status == 200
    assert response.headers["content-type"].startswith("text/css")


def test_home_of_focal_officer_shows_organisation_and_role(page, signed_in):
    signed_in("focal_officer")

    page.goto("/")

    header = page.locator("header")
    expect(header).to_contain_text("Aandachtsfunctionaris")
    expect(header).to_contain_text("Gemeente Aadorp")
    assert_accessible(page)


def test_unknown_url_shows_an_accessible_dutch_404_page(page):
    response = page.goto("/bestaat-niet")

    assert response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("main")).to_contain_text("Pagina niet gevonden")
    assert_accessible(page)


def test_first_tab_focuses_the_skip_link_which_moves_focus_to_main(page, signed_in):
    signed_in("focal_officer")
    page.goto("/")

    page.keyboard.press("Tab")

    skip_link = page.locator("a.schakel-skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    expect(skip_link).to_have_text("Naar de inhoud")
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_home_page_has_no_horizontal_scroll_at_320_px(page, signed_in):
    page.set_viewport_size({"width": 320, "height": 640})
    signed_in("focal_officer")

    page.goto("/")

    expect(page.locator("header")).to_contain_text("Aandachtsfunctionaris")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320


def test_login_page_has_no_horizontal_scroll_at_320_px(page):
    page.set_viewport_size({"width": 320, "height": 640})

    page.goto("/account/login/")

    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320


def test_policy_officer_logs_in_through_the_login_form(page, world):
    login_through_form(page, world.user("policy_officer"))

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("header")).to_contain_text("Beleidsmedewerker")


def test_focal_officer_logs_in_through_the_login_form_with_a_totp_code(page, world):
    officer = world.user("focal_officer")
    give_totp(officer)

    login_through_form(page, officer)

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("header")).to_contain_text("Aandachtsfunctionaris")


def test_administration_pages_reflow_at_320_px(page, signed_in, world):
    """/beheer/rechten and a user's page: the harness fails the test if either scrolls sideways
    at 320 px (wide tables scroll in their own box, their hidden text stays inside it)."""
    signed_in("administrator")

    page.goto("/beheer/rechten")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rechten per rol")
    page.goto(f"/beheer/gebruikers/{world.user('focal_officer').pk}")
    expect(page.get_by_role("heading", level=2, name="Rollen")).to_be_visible()
    page.set_viewport_size({"width": 320, "height": 640})
    box = page.locator(".utrecht-table-container").first
    expect(box).to_have_attribute("role", "region")
    expect(page.locator(".schakel-scroll-hint").first).to_contain_text("Buiten beeld")
