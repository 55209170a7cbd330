"""Logging in with a user name or e-mail address and a password; bad input gets a clear Dutch answer."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from schakel.privacy.models import AccessLogEntry
from tests.accounts.conftest import post_password
from tests.factories import UserFactory
from tests.fixtures.people import PASSWORD

pytestmark = pytest.mark.django_db

def test_login_page_is_dutch_in_the_page_frame_without_sign_up(client):
    page = client.get("/account/login/").content.decode()

    assert '<html lang="nl"' in page
    assert "<h1 class=\"utrecht-heading-1\">Inloggen</h1>" in page
    assert 'class="utrecht-textbox' in page
    assert "Gebruikersnaam of e-mail" in page
    assert "signup" not in page
    assert "<script>" not in page


def test_reporter_logs_in_with_user_name(client, world):
    response = post_password(client, world.user("reporter").username)

    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_reporter_logs_in_with_e_mail_address_in_any_case(client, world):
    user = world.user("reporter")

    response = post_password(client, user.email.upper())

    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_wrong_password_is_refused_with_allauths_dutch_message(client, world):
    response = post_password(client, world.user("reporter").username, "verkeerd-wachtwoord")

    assert response.status_code == 200
    assert "Uw gebruikersnaam of wachtwoord klopt niet." in response.content.decode()
    assert client.get("/").status_code == 302


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(client, world):
    known = post_password(client, world.user("reporter").username, "verkeerd-wachtwoord").content.decode()
    unknown = post_password(client, "bestaat-niet", "verkeerd-wachtwoord").content.decode()

    assert "Uw gebruikersnaam of wachtwoord klopt niet." in known
    assert "Uw gebruikersnaam of wachtwoord klopt niet." in unknown


def test_typed_login_is_kept_after_a_wrong_password(client, world):
    response = post_password(client, "reporter", "verkeerd-wachtwoord")

    assert 'value="reporter"' in response.content.decode()


def test_failed_login_is_written_to_the_access_log_with_the_name_tried(client, world):
    post_password(client, "iemand-anders", "verkeerd-wachtwoord")

    entry = AccessLogEntry.objects.get(action="login_failed")
    assert entry.user is None
    assert entry.record_type == "accounts.user"
    assert entry.reason == "iemand-anders"


def test_successful_login_is_written_to_the_access_log(client, world):
    user = world.user("reporter")

    post_password(client, user.username)

    entry = AccessLogEntry.objects.get(action="login")
    assert entry.user == user
    assert entry.record_id == str(user.pk)
    assert entry.reason == "wachtwoord"


def test_login_post_without_csrf_token_gets_the_dutch_403_page(world):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/account/login/", {"login": "reporter", "password": PASSWORD})

    assert response.status_code == 403
    assert "Formulier verlopen" in response.content.decode()
    assert client.get("/").status_code == 302


def test_tampered_session_cookie_counts_as_logged_out(client, world):
    post_password(client, world.user("reporter").username)
    assert client.get("/").status_code == 200
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]

    cookie.set(settings.SESSION_COOKIE_NAME, cookie.value[:-4] + "abcd", cookie.value[:-4] + "abcd")

    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_deactivated_user_cannot_log_in(client, world):
    user = world.user("reporter")
    user.is_active = False
    user.save()

    response = post_password(client, user.username)

    # Only with the right password does allauth say the account is inactive (in Dutch).
    assert response["Location"] == "/account/inactive/"
    assert "Account inactief" in client.get("/account/inactive/").content.decode()
    assert client.get("/").status_code == 302


def test_service_account_cannot_log_in_on_the_pages(client, world):
    service = UserFactory(username="koppeling", is_service_account=True)

    response = post_password(client, service.username)

    assert response.status_code == 403
    assert "servicekoppeling" in response.content.decode()
    assert client.get("/").status_code == 302


def test_people_cannot_add_e_mail_addresses_of_their_own(world, login):
    from allauth.account.models import EmailAddress

    user = world.user("reporter")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    login(user).post("/account/email/", {"action_add": "", "email": "ander@example.test"})

    assert list(EmailAddress.objects.filter(user=user).values_list("email", flat=True)) == [user.email]
