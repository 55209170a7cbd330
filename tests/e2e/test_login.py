"""Logging in in a real browser: password, then the authenticator code, then the start page.

axe-core checks every page state on the way (harness in tests/fixtures/browser.py).
"""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import expect

from schakel.accounts.totp import code_for
from tests.fixtures.browser import give_totp, totp_code
from tests.fixtures.people import PASSWORD

pytestmark = pytest.mark.browser


def fill_login_form(page, login: str, password: str = PASSWORD) -> None:
    page.goto("/account/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    page.get_by_label("Gebruikersnaam of e-mail").fill(login)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_role("button", name="Inloggen", exact=True).click()


def test_focal_officer_logs_in_with_password_and_totp_and_reaches_the_start_page(page, world):
    user = world.user("focal_officer")
    give_totp(user)

    fill_login_form(page, user.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie")
    page.get_by_label("Code").fill(totp_code(user))
    page.get_by_role("button", name="Inloggen", exact=True).click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")


def test_wrong_code_is_explained_next_to_the_field(page, world):
    user = world.user("focal_officer")
    give_totp(user)
    wrong = "000000" if totp_code(user) != "000000" else "111111"

    fill_login_form(page, user.email)
    page.get_by_label("Code").fill(wrong)
    page.get_by_label("Code").press("Enter")

    expect(page.get_by_text("Deze code klopt niet, is verlopen of is al gebruikt.").first).to_be_visible()
    expect(page.get_by_label("Code")).to_have_attribute("aria-invalid", "true")


def test_new_focal_officer_sets_up_totp_then_sees_recovery_codes_and_the_start_page(page, world):
    user = world.user("focal_officer")

    fill_login_form(page, user.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Activeer authenticator-app")
    page.goto("/")  # nothing else is reachable before the second factor
    expect(page).to_have_url(re.compile(r"/account/2fa/totp/activate/$"))
    secret = page.get_by_label("Authenticator geheim").input_value()
    page.get_by_label("Authenticator code").fill(code_for(secret))
    page.get_by_role("button", name="Activeer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Herstelcodes")
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")


def test_wrong_password_keeps_the_typed_name_and_explains_in_dutch(page, world):
    fill_login_form(page, "reporter", "niet-mijn-wachtwoord")

    expect(page.get_by_role("alert")).to_contain_text("Uw gebruikersnaam of wachtwoord klopt niet.")
    expect(page.get_by_label("Gebruikersnaam of e-mail")).to_have_value("reporter")


def test_idle_warning_offers_to_stay_logged_in_and_otherwise_logs_out(page, world, browser_login):
    with time_machine.travel(datetime.datetime.now(tz=datetime.timezone.utc), tick=True) as server_clock:
        page.clock.install()
        browser_login(page, world.user("reporter"))
        page.goto("/")
        warning = page.get_by_role("alertdialog")
        expect(warning).to_be_hidden()

        server_clock.shift(datetime.timedelta(minutes=13, seconds=30))
        page.clock.fast_forward("13:30")
        expect(warning).to_be_visible()
        expect(warning).to_contain_text("U wordt bijna uitgelogd")
        stay = page.get_by_role("button", name="Blijf ingelogd")
        expect(stay).to_be_focused()
        stay.click()
        expect(warning).to_be_hidden()

        server_clock.shift(datetime.timedelta(minutes=15, seconds=30))
        page.clock.fast_forward("15:30")
        expect(page).to_have_url(re.compile(r"/account/login/\?idle=1$"))
        expect(page.get_by_text("U bent automatisch uitgelogd")).to_be_visible()


def test_login_tab_order_is_name_password_forgotten_link_then_button(page):
    page.goto("/account/login/")
    page.get_by_label("Gebruikersnaam of e-mail").focus()

    page.keyboard.press("Tab")
    expect(page.get_by_label("Wachtwoord", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Wachtwoord vergeten?")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Inloggen", exact=True)).to_be_focused()
    expect(page).to_have_title("Inloggen - Schakel")
