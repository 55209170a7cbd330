"""API keys of service accounts: a deactivated account's key fails exactly like an unknown key."""

from __future__ import annotations

import re

import pytest
from schakel.api.models import ApiToken, digest_of

from schakel.accounts import services
from schakel.accounts.roles import Role
from tests.factories import MembershipFactory, UserFactory
from tests.fixtures.people import with_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def service_account(world):
    account = UserFactory(username="politie-koppeling", is_service_account=True)
    account.set_unusable_password()
    account.save()
    MembershipFactory(user=account, organisation=world.organisations["police_a"], role=Role.PARTNER_MEMBER)
    return account


def issue(world, account) -> str:
    return services.issue_api_token(actor=world.user(Role.ADMINISTRATOR), user=account, actor_has_second_factor=True)


def test_issued_key_authenticates_the_service_account(client, world, service_account):
    key = issue(world, service_account)

    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200
    assert response.json()["username"] == "politie-koppeling"


def test_deactivated_accounts_key_gets_401_problem_with_the_unknown_key_message(client, world, service_account):
    key = issue(world, service_account)
    unknown = client.get("/api/v1/me", HTTP_AUTHORIZATION="Token " + "0" * 40)
    service_account.is_active = False
    service_account.save()  # even without the service (which deletes the key) the key must fail

    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == unknown.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == unknown.json()["detail"] == "Ongeldige of ingetrokken token."


def test_deactivation_deletes_the_key(world, service_account):
    issue(world, service_account)

    services.deactivate_user(actor=world.user(Role.ADMINISTRATOR), user=service_account)

    assert not ApiToken.objects.filter(user=service_account).exists()


def test_a_new_key_replaces_the_old_one(client, world, service_account):
    old = issue(world, service_account)
    new = issue(world, service_account)

    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {old}").status_code == 401
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {new}").status_code == 200


def test_keys_are_only_for_service_accounts(world):
    with pytest.raises(services.AdministrationError, match="alleen voor servicekoppelingen"):
        issue(world, world.user(Role.FOCAL_OFFICER))


def test_issuing_needs_an_administrator_who_passed_the_second_factor(world, service_account):
    with pytest.raises(services.AdministrationError, match="tweestapsverificatie"):
        services.issue_api_token(actor=world.user(Role.ADMINISTRATOR), user=service_account,
                                 actor_has_second_factor=False)


def test_only_administrators_issue_keys(world, service_account):
    with pytest.raises(services.AdministrationError):
        services.issue_api_token(actor=world.user(Role.PRIVACY_OFFICER), user=service_account,
                                 actor_has_second_factor=True)


def test_key_page_shows_the_key_once(client, world, service_account):
    admin = with_second_factor(client, world.user(Role.ADMINISTRATOR))

    admin.post(f"/beheer/gebruikers/{service_account.pk}/api-sleutel")
    first = admin.get(f"/beheer/gebruikers/{service_account.pk}").content.decode()
    second = admin.get(f"/beheer/gebruikers/{service_account.pk}").content.decode()

    token = ApiToken.objects.get(user=service_account)
    key = re.search(re.escape(token.prefix) + r"[-_A-Za-z0-9]{35}", first).group(0)
    assert ApiToken.objects.filter(digest=digest_of(key)).exists()
    assert key not in second


def test_key_cannot_be_issued_from_a_session_without_second_factor(client, world, service_account):
    from django.test import Client

    half = Client()
    half.force_login(world.user(Role.ADMINISTRATOR))

    response = half.post(f"/beheer/gebruikers/{service_account.pk}/api-sleutel")

    assert response.status_code == 302
    assert not ApiToken.objects.filter(user=service_account).exists()
