"""Every allauth page Schakel uses renders in the page frame, in Dutch, without inline scripts."""

from __future__ import annotations

import re

import pytest

from tests.accounts.conftest import give_totp

pytestmark = pytest.mark.django_db

ANONYMOUS_PAGES = {
    "/account/login/": "Inloggen",
    "/account/password/reset/": "Wachtwoord vergeten",
    "/account/password/reset/done/": "Nieuw wachtwoord",
    "/account/inactive/": "Account inactief",
}
LOGGED_IN_PAGES = {
    "/account/logout/": "Afmelden",
    "/account/password/change/": "Wachtwoord wijzigen",
    "/account/2fa/": "Tweestapsverificatie",
    "/account/reauthenticate/": "Toegang bevestigen",
    "/account/email/": "E-mailadressen",
}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")


def assert_in_frame(response, heading: str) -> None:
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="nl"' in page
    assert 'class="schakel-header' in page
    assert heading in page
    assert not INLINE_SCRIPT.search(page), INLINE_SCRIPT.search(page).group(0)
    assert "style=" not in page


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_anonymous_allauth_pages(client, path):
    assert_in_frame(client.get(path), ANONYMOUS_PAGES[path])


@pytest.mark.parametrize("path", LOGGED_IN_PAGES)
def test_logged_in_allauth_pages(world, login, path):
    user = world.user("focal_officer")
    give_totp(user)

    assert_in_frame(login(user).get(path), LOGGED_IN_PAGES[path])


@pytest.mark.parametrize("path", ["/account/2fa/recovery-codes/", "/account/2fa/recovery-codes/generate/",
                                  "/account/2fa/totp/deactivate/"])
def test_recovery_codes_and_removing_totp_ask_to_confirm_access_first(world, login, path):
    user = world.user("focal_officer")
    give_totp(user)

    response = login(user).get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/account/reauthenticate/")
