"""Single sign-on per organisation against a real (local) OpenID Connect provider.

The provider is tests/fixtures/fake_oidc.py on 127.0.0.1: allauth fetches its discovery document,
exchanges the code and reads userinfo over real HTTP; the browser's part (following the redirect
to /authorize and back) is done with `requests` and the Django test client.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount, SocialApp

from schakel.accounts.models import User
from schakel.privacy.models import AccessLogEntry
from tests.accounts.conftest import current_code, give_totp, post_code
from tests.fixtures.fake_oidc import FakeOIDCProvider

pytestmark = pytest.mark.django_db
PROVIDER_ID = "gemeente-aadorp"
TRUSTED_ACR = "urn:aadorp:loa:mfa"


@pytest.fixture
def provider():
    with FakeOIDCProvider(client_id="schakel-test", client_secret="een-geheim") as running:
        yield running


@pytest.fixture
def aadorp_sso(world, provider):
    """Gemeente Aadorp logs its staff in through the fake provider."""
    organisation = world.organisations["a1"]
    organisation.sso_provider_id = PROVIDER_ID
    organisation.save()
    return SocialApp.objects.create(provider="openid_connect", provider_id=PROVIDER_ID, name="Gemeente Aadorp",
                                    client_id=provider.client_id, secret=provider.client_secret,
                                    settings={"server_url": provider.issuer})


def person(user, **claims) -> dict:
    return {"sub": f"aadorp-{user.pk}", "email": user.email, "email_verified": True, "name": str(user), **claims}


def sso_login(client, provider, provider_id: str = PROVIDER_ID):
    """Press "Inloggen met ...", let the provider log in `provider.person`, come back; the final response."""
    start = client.post(f"/account/oidc/{provider_id}/login/")
    assert start.status_code == 302, start.content[:500]
    assert start["Location"].startswith(f"{provider.issuer}/authorize?")
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    back = urlsplit(at_provider.headers["Location"])
    assert back.path == f"/account/oidc/{provider_id}/login/callback/"
    return client.get(f"{back.path}?{back.query}")


def test_login_page_offers_a_button_per_organisation_with_a_provider(client, aadorp_sso):
    page = client.get("/account/login/").content.decode()

    assert "Inloggen met Gemeente Aadorp" in page
    assert f'action="/account/oidc/{PROVIDER_ID}/login/"' in page


def test_no_button_for_an_organisation_without_a_configured_app(client, world):
    organisation = world.organisations["a2"]
    organisation.sso_provider_id = "niet-ingericht"
    organisation.save()

    assert "Inloggen met" not in client.get("/account/login/").content.decode()


def test_existing_member_is_logged_in_by_verified_e_mail_and_must_still_set_up_totp(client, world, provider,
                                                                                     aadorp_sso):
    user = world.user("focal_officer")
    provider.person = person(user)

    response = sso_login(client, provider)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/")["Location"] == "/account/2fa/totp/activate/"
    assert {"GET /.well-known/openid-configuration", "GET /authorize", "POST /token",
            "GET /userinfo"} <= set(provider.requests)
    assert SocialAccount.objects.filter(user=user, provider=PROVIDER_ID).exists()
    user.refresh_from_db()
    assert user.has_usable_password()  # the administrator-entered address counts as verified


def test_member_with_totp_gives_our_code_after_single_sign_on(client, world, provider, aadorp_sso, clock):
    user = world.user("focal_officer")
    secret = give_totp(user)
    provider.person = person(user)

    response = sso_login(client, provider)

    assert response["Location"] == "/account/2fa/authenticate/"
    assert client.get("/").status_code == 302
    assert post_code(client, current_code(secret))["Location"] == "/"
    assert client.get("/").status_code == 200


def test_providers_mfa_is_accepted_only_with_an_acr_the_organisation_trusts(client, world, provider, aadorp_sso,
                                                                            clock):
    aadorp_sso.settings = {**aadorp_sso.settings, "mfa_acr_values": [TRUSTED_ACR]}
    aadorp_sso.save()
    user = world.user("focal_officer")
    give_totp(user)
    provider.person = person(user)
    provider.acr = TRUSTED_ACR

    response = sso_login(client, provider)

    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_an_acr_the_organisation_does_not_list_does_not_replace_our_totp(client, world, provider, aadorp_sso, clock):
    aadorp_sso.settings = {**aadorp_sso.settings, "mfa_acr_values": [TRUSTED_ACR]}
    aadorp_sso.save()
    user = world.user("focal_officer")
    give_totp(user)
    provider.person = person(user)
    provider.acr = "urn:aadorp:loa:password"

    assert sso_login(client, provider)["Location"] == "/account/2fa/authenticate/"


def test_single_sign_on_never_creates_an_account(client, world, provider, aadorp_sso):
    provider.person = {"sub": "nieuw-1", "email": "nieuw@aadorp.example", "email_verified": True}
    users_before = User.objects.count()

    response = sso_login(client, provider)

    assert response.status_code == 403
    assert "Inloggen niet gelukt" in response.content.decode()
    assert User.objects.count() == users_before
    assert "_auth_user_id" not in client.session


def test_unverified_e_mail_logs_nobody_in(client, world, provider, aadorp_sso):
    provider.person = person(world.user("focal_officer"), email_verified=False)

    response = sso_login(client, provider)

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_an_organisations_provider_cannot_log_in_someone_of_another_organisation(client, world, provider, aadorp_sso):
    outsider = world.user("partner_member")  # police, not Gemeente Aadorp
    provider.person = person(outsider)

    response = sso_login(client, provider)

    assert response.status_code == 403
    assert "geen actief account van Gemeente Aadorp" in response.content.decode()
    assert "_auth_user_id" not in client.session
    outsider.refresh_from_db()
    assert outsider.has_usable_password()


def test_revoked_membership_ends_single_sign_on_also_for_a_connected_account(client, world, provider, aadorp_sso):
    user = world.user("reporter")
    provider.person = person(user)
    assert sso_login(client, provider)["Location"] == "/"
    client.post("/account/logout/")
    user.memberships.update(active=False)

    response = sso_login(client, provider)

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_deactivated_user_cannot_use_single_sign_on(client, world, provider, aadorp_sso):
    user = world.user("reporter")
    user.is_active = False
    user.save()
    provider.person = person(user)

    sso_login(client, provider)

    assert "_auth_user_id" not in client.session


def test_single_sign_on_is_written_to_the_access_log(client, world, provider, aadorp_sso):
    user = world.user("reporter")
    provider.person = person(user)

    sso_login(client, provider)

    entry = AccessLogEntry.objects.get(action="login")
    assert entry.user == user
    assert entry.reason == f"single sign-on via {PROVIDER_ID}"


def test_a_forged_callback_logs_nobody_in(client, world, provider, aadorp_sso):
    provider.person = person(world.user("reporter"))
    client.post(f"/account/oidc/{PROVIDER_ID}/login/")

    response = client.get(f"/account/oidc/{PROVIDER_ID}/login/callback/?code=verzonnen&state=verzonnen")

    assert response.status_code == 401
    assert "Inloggen via uw organisatie is niet gelukt" in response.content.decode()
    assert "_auth_user_id" not in client.session
