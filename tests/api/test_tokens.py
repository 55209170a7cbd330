"""API keys are stored only as hashes, expire, and record when they were last used (issue 18)."""

from __future__ import annotations

import datetime
import importlib
from types import SimpleNamespace

import pytest
import time_machine
from django.apps import apps as django_apps
from django.db import connection
from rest_framework.test import APIClient

from schakel.accounts import services as account_services
from schakel.accounts.roles import Role
from schakel.api import services
from schakel.api.models import ApiToken, digest_of
from tests.factories import MembershipFactory, UserFactory
from tests.fixtures.people import with_second_factor

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.timezone.utc)


@pytest.fixture
def service_account(world):
    account = UserFactory(username="politie-koppeling", is_service_account=True)
    account.set_unusable_password()
    account.save()
    MembershipFactory(user=account, organisation=world.organisations["police_a"], role=Role.PARTNER_MEMBER)
    return account


def _me(key):
    client = APIClient()
    client.raise_request_exception = False
    return client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {key}")


def test_the_key_itself_is_nowhere_in_the_database(world, service_account):
    key = account_services.issue_api_token(actor=world.user(Role.ADMINISTRATOR), user=service_account,
                                           actor_has_second_factor=True)
    row = ApiToken.objects.values().get(user=service_account)

    assert key not in [str(value) for value in row.values()]
    assert row["digest"] == digest_of(key) and len(key) >= 43
    assert key.startswith(row["prefix"]) and len(row["prefix"]) == 8
    with connection.cursor() as cursor:  # no other column of any table holds it either
        for table in connection.introspection.table_names():
            if table.startswith("api_"):
                cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (table names from introspection)
                assert not [r for r in cursor.fetchall() if key in map(str, r)]
    assert _me(key).status_code == 200


def test_a_key_stops_working_when_it_expires_with_the_unknown_key_answer(service_account, settings):
    settings.API_TOKEN_VALID_DAYS = 30
    with time_machine.travel(START, tick=False):
        key = services.issue_token(service_account)
        assert ApiToken.objects.get().expires_at == START + datetime.timedelta(days=30)
        assert _me(key).status_code == 200
    with time_machine.travel(START + datetime.timedelta(days=30, seconds=-1), tick=False):
        assert _me(key).status_code == 200
    with time_machine.travel(START + datetime.timedelta(days=30), tick=False):
        expired, unknown = _me(key), _me("x" * 43)
    assert expired.status_code == unknown.status_code == 401
    assert expired.json()["detail"] == unknown.json()["detail"] == "Ongeldige of ingetrokken token."


def test_last_use_is_recorded_at_most_every_few_minutes(service_account):
    with time_machine.travel(START, tick=False):
        key = services.issue_token(service_account)
        assert ApiToken.objects.get().last_used_at is None
        _me(key)
    assert ApiToken.objects.get().last_used_at == START
    with time_machine.travel(START + datetime.timedelta(minutes=4), tick=False):
        _me(key)
    assert ApiToken.objects.get().last_used_at == START
    with time_machine.travel(START + datetime.timedelta(minutes=6), tick=False):
        _me(key)
    assert ApiToken.objects.get().last_used_at == START + datetime.timedelta(minutes=6)


def test_the_administration_page_shows_expiry_and_last_use_but_not_the_key_again(client, world, service_account):
    with time_machine.travel(START, tick=False):
        key = services.issue_token(service_account)
        _me(key)
    admin = with_second_factor(client, world.user(Role.ADMINISTRATOR))

    page = admin.get(f"/beheer/gebruikers/{service_account.pk}").content.decode()

    assert key[:8] in page and key not in page
    assert "verloopt op 2 mrt. 2027" in page
    assert "Laatst gebruikt: 2 mrt. 2026" in page


def test_migration_moves_plain_authtoken_keys_to_hashes_and_empties_the_old_table(service_account):
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp, user_id integer)")
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, %s, %s)",
                       ["a" * 40, "2025-01-01 00:00:00", service_account.pk])
    try:
        migration = importlib.import_module("schakel.api.migrations.0002_move_authtoken_keys")
        migration.move_keys(django_apps, SimpleNamespace(connection=connection))
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM authtoken_token")
            assert cursor.fetchone() == (0,)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE authtoken_token")
    assert ApiToken.objects.get().digest == digest_of("a" * 40)
    assert _me("a" * 40).status_code == 200
