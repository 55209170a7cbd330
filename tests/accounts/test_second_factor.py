"""Two factors before personal data: set-up is forced, the code is asked at login, codes work once."""

from __future__ import annotations

import datetime

import pytest
from allauth.mfa.models import Authenticator

from schakel.privacy.models import AccessLogEntry
from tests.accounts.conftest import current_code, give_totp, post_code, post_password, recovery_codes_of

pytestmark = pytest.mark.django_db

PAGES_WITH_PERSONAL_DATA = ["/", "/signalen/", "/beheer/", "/privacy/toegangslog", "/account/email/"]


def test_user_without_totp_is_sent_to_totp_set_up_from_every_page(client, world, clock):
    user = world.user("focal_officer")
    response = post_password(client, user.username)
    assert response.status_code == 302

    for path in PAGES_WITH_PERSONAL_DATA:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/account/2fa/totp/activate/", path


def test_user_without_totp_gets_nothing_from_the_api_with_the_session(client, world, clock):
    user = world.user("focal_officer")
    post_password(client, user.username)

    response = client.get("/api/v1/me")

    assert response.status_code in (401, 403)
    assert response["Content-Type"] == "application/problem+json"


def test_set_up_page_shows_qr_code_and_secret_in_dutch(client, world, clock):
    post_password(client, world.user("focal_officer").username)

    page = client.get("/account/2fa/totp/activate/")

    assert page.status_code == 200
    text = page.content.decode()
    assert "Activeer authenticator-app" in text
    assert 'class="utrecht-textbox' in text
    assert "<script>" not in text


def test_setting_up_totp_counts_as_the_second_factor_and_opens_the_pages(
        client, world, clock):
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    post_password(client, world.user("focal_officer").username)
    client.get("/account/2fa/totp/activate/")
    secret = client.session[SECRET_SESSION_KEY]

    response = client.post("/account/2fa/totp/activate/", {"code": current_code(secret)})

    assert response.status_code == 302
    assert response["Location"] == "/account/2fa/recovery-codes/"
    assert client.get("/account/2fa/recovery-codes/").status_code == 200
    assert client.get("/").status_code == 200


def test_user_with_totp_must_give_the_code_before_any_page(client, world, clock):
    user = world.user("focal_officer")
    secret = give_totp(user)

    response = post_password(client, user.username)
    assert response["Location"] == "/account/2fa/authenticate/"
    assert client.get("/").status_code == 302  # not logged in yet

    response = post_code(client, current_code(secret))
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_second_factor_page_is_dutch_and_in_the_page_frame(client, world, clock):
    user = world.user("focal_officer")
    give_totp(user)
    post_password(client, user.username)

    page = client.get("/account/2fa/authenticate/").content.decode()

    assert "Tweestapsverificatie" in page
    assert "herstelcode" in page
    assert 'class="schakel-header' in page
    assert "Demo:" not in page


def test_wrong_code_is_refused_with_a_clear_dutch_message(client, world, clock):
    user = world.user("focal_officer")
    give_totp(user)
    post_password(client, user.username)

    response = post_code(client, "000000" if current_code_of(user) != "000000" else "111111")

    assert response.status_code == 200
    assert "Deze code klopt niet, is verlopen of is al gebruikt." in response.content.decode()
    assert client.get("/").status_code == 302


def test_expired_code_is_refused(client, world, clock):
    user = world.user("focal_officer")
    secret = give_totp(user)
    post_password(client, user.username)
    old_code = current_code(secret)

    clock.shift(datetime.timedelta(seconds=65))  # two periods later
    response = post_code(client, old_code)

    assert "Deze code klopt niet, is verlopen of is al gebruikt." in response.content.decode()
    assert client.get("/").status_code == 302


def test_a_code_is_accepted_once_and_refused_the_second_time(client, world, clock):
    user = world.user("focal_officer")
    secret = give_totp(user)
    code = current_code(secret)
    post_password(client, user.username)
    assert post_code(client, code)["Location"] == "/"
    client.post("/account/logout/")

    post_password(client, user.username)
    response = post_code(client, code)

    assert "Deze code klopt niet, is verlopen of is al gebruikt." in response.content.decode()
    assert client.get("/").status_code == 302


def test_a_recovery_code_works_once(client, world, clock):
    user = world.user("focal_officer")
    give_totp(user)
    recovery_code = recovery_codes_of(user)[0]

    post_password(client, user.username)
    assert post_code(client, recovery_code)["Location"] == "/"
    client.post("/account/logout/")
    post_password(client, user.username)
    response = post_code(client, recovery_code)

    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert len(recovery_codes_of(user)) == 9


def test_wrong_second_factor_is_written_to_the_access_log(client, world, clock):
    user = world.user("focal_officer")
    give_totp(user)
    post_password(client, user.username)

    post_code(client, "12345x")

    entry = AccessLogEntry.objects.filter(action="login_failed").latest("id")
    assert entry.record_type == "accounts.user"
    assert entry.record_id == str(user.pk)
    assert entry.user is None
    assert "tweede factor" in entry.reason


def test_session_from_before_the_second_factor_is_ended_when_totp_exists(client, world, clock):
    user = world.user("focal_officer")
    give_totp(user)
    client.force_login(user)  # a session with only the password, e.g. from before TOTP was set up

    response = client.get("/")

    assert response["Location"] == "/account/login/"
    assert "_auth_user_id" not in client.session


def test_roles_without_personal_data_need_no_second_factor(client, world, clock):
    user = world.user("reporter")
    post_password(client, user.username)

    assert client.get("/").status_code == 200
    assert not Authenticator.objects.filter(user=user).exists()


def current_code_of(user) -> str:
    from schakel.accounts.totp import current_code as code

    return code(user)


# Written out here, not read from schakel.accounts.roles: dropping a role from the code's list
# must fail this test (DOMAIN.md, "Strong login": every role that can open personal data).
ROLES_THAT_SEE_PERSONAL_DATA = ["focal_officer", "care_coordinator", "chain_director", "partner_member",
                                "administrator", "privacy_officer"]
ROLES_WITHOUT_PERSONAL_DATA = ["reporter", "policy_officer"]


@pytest.mark.parametrize("role", ROLES_THAT_SEE_PERSONAL_DATA)
def test_every_role_with_personal_data_is_sent_to_the_second_factor(client, world, clock, role):
    post_password(client, world.user(role).username)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/account/2fa/totp/activate/"


@pytest.mark.parametrize("role", ROLES_WITHOUT_PERSONAL_DATA)
def test_the_roles_without_personal_data_are_exactly_these(client, world, clock, role):
    post_password(client, world.user(role).username)
    assert client.get("/").status_code == 200
