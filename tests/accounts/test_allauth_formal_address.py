"""Every allauth page and mail a Schakel user can reach says 'u', never 'je' or 'jij' (issue 12).

allauth's own Dutch catalogue is informal; the templates under accounts/templates override the
pages (login, password reset, confirm access, two-step verification, logout) and the reset mail.
"""

from __future__ import annotations

import html
import re

import pytest
from django.core import mail

from tests.accounts.conftest import give_totp, post_password
from tests.fixtures.people import PASSWORD

pytestmark = pytest.mark.django_db

INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jezelf|jullie)\b", re.IGNORECASE)

ANONYMOUS = ["/account/login/", "/account/password/reset/", "/account/password/reset/done/",
             "/account/password/reset/key/done/", "/account/inactive/", "/account/signup/",
             "/account/confirm-email/", "/account/3rdparty/login/cancelled/"]
SIGNED_IN = ["/account/logout/", "/account/password/change/", "/account/2fa/", "/account/reauthenticate/",
             "/account/2fa/reauthenticate/", "/account/email/", "/account/3rdparty/"]
AFTER_CONFIRMING_ACCESS = ["/account/2fa/recovery-codes/", "/account/2fa/recovery-codes/generate/",
                           "/account/2fa/totp/deactivate/"]


def informal_words(content: str) -> list[str]:
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", content, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return [re.sub(r"\s+", " ", text[max(0, m.start() - 40):m.end() + 40]) for m in INFORMAL.finditer(text)]


@pytest.mark.parametrize("path", ANONYMOUS)
def test_pages_before_login_say_u(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert informal_words(response.content.decode()) == []


@pytest.mark.parametrize("path", SIGNED_IN)
def test_pages_of_a_signed_in_user_say_u(world, login, path):
    user = world.user("focal_officer")
    give_totp(user)
    response = login(user).get(path)
    assert response.status_code == 200
    assert informal_words(response.content.decode()) == []


@pytest.mark.parametrize("path", AFTER_CONFIRMING_ACCESS)
def test_pages_behind_confirm_access_say_u(world, login, path):
    user = world.user("focal_officer")
    give_totp(user)
    client = login(user)
    asked = client.get(path, follow=True)
    assert "Bevestig eerst dat u het bent" in asked.content.decode()
    assert informal_words(asked.content.decode()) == []
    client.post("/account/reauthenticate/", {"password": PASSWORD})

    response = client.get(path)

    assert response.status_code == 200
    assert informal_words(response.content.decode()) == []


def test_the_second_step_of_login_says_u(client, world):
    user = world.user("focal_officer")
    give_totp(user)
    step = post_password(client, user.username, follow=True)
    assert informal_words(step.content.decode()) == []
    wrong = client.post("/account/2fa/authenticate/", {"code": "000000"})
    assert informal_words(wrong.content.decode()) == []


def test_the_password_reset_mail_and_the_page_after_it_say_u(client, world):
    user = world.user("focal_officer")

    done = client.post("/account/password/reset/", {"email": user.email}, follow=True)

    assert informal_words(done.content.decode()) == []
    [message] = mail.outbox
    assert informal_words(message.subject + "\n" + message.body) == []
    assert "Nieuw wachtwoord instellen" in message.subject
    assert "/account/password/reset/key/" in message.body and f"Uw gebruikersnaam is {user.username}." in message.body


def test_a_reset_for_an_unknown_address_says_u_and_offers_no_sign_up(client):
    client.post("/account/password/reset/", {"email": "niemand@voorbeeld.nl"})

    [message] = mail.outbox
    assert informal_words(message.subject + "\n" + message.body) == []
    assert "/account/signup" not in message.body
    assert "beheerder van Schakel" in message.body


def test_the_adapters_own_messages_say_u_not_je():
    from schakel.accounts.adapters import AccountAdapter, MFAAdapter

    for message in (AccountAdapter.error_messages["enter_current_password"],
                    MFAAdapter.error_messages["unverified_email"]):
        words = str(message).lower().replace(",", " ").replace(".", " ").split()
        assert "je" not in words and "jouw" not in words and "uw" in words, message
