"""The page frame in Chromium: visible focus, the language switch, the demo banner at 320 px,
and the API documentation working under the strict Content-Security-Policy."""

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import BrowserGuard


FOCUSED = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    return {element: element.outerHTML.slice(0, 60), width: parseFloat(style.outlineWidth),
            style: style.outlineStyle, color: style.outlineColor};
}"""


def test_every_tab_stop_shows_a_solid_outline_of_at_least_two_pixels(page):
    page.goto("/account/login/")
    stops = []
    for _ in range(12):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
        if stops[-1]["element"].startswith("<button"):
            break
    assert stops[-1]["element"].startswith("<button"), stops  # reached the submit button by keyboard
    assert len(stops) >= 5  # skip link, logo, name, forgotten-password link, password, button
    for stop in stops:
        assert stop["style"] == "solid" and stop["width"] >= 2, stop
    # Yellow on the dark header, black on the white page: the ring always stands out.
    assert "schakel-logo" in stops[1]["element"] and stops[1]["color"] == "rgb(255, 221, 0)"
    assert stops[-1]["color"] == "rgb(11, 12, 12)"


def test_language_switch_in_the_footer_turns_the_page_english_and_back(page):
    page.goto("/account/login/")
    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Kies taal").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    page.get_by_label("Language").select_option("nl")
    page.get_by_role("button", name="Choose language").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")


def test_demo_banner_is_shown_and_fits_at_320_px(page, settings):
    settings.DEMO_MODE = True
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/account/login/")
    banner = page.locator(".schakel-demo-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Voer hier nooit echte gegevens in")
    box = banner.bounding_box()
    assert box["x"] == 0 and box["width"] <= 320
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320


@pytest.fixture
def docs_page(browser, live_server):
    """Swagger UI is a third-party interface: watched for CSP violations and foreign hosts,
    but not held to our axe-core rules."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    guard = BrowserGuard(origin=live_server.url)
    guard.watch_context(context)
    guard.watch_page(page)
    yield page, guard
    guard.forget()
    context.close()


def test_api_docs_render_from_own_files_without_csp_violations(docs_page):
    page, guard = docs_page
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Schakel API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    assert guard.third_party == []
    assert guard.broken_assets == []
    assert guard.script_errors == []
