"""Lock-out after repeated failures (django-axes), without revealing whether an account exists."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from schakel.privacy.models import AccessLogEntry
from tests.accounts.conftest import post_password

pytestmark = pytest.mark.django_db

LOCKED = "Inloggen tijdelijk geblokkeerd"


def fail(client, login: str, times: int, **extra):
    return [post_password(client, login, "verkeerd-wachtwoord", **extra) for _ in range(times)]


def test_account_is_locked_after_the_failure_limit_with_a_dutch_page(client, world, settings):
    responses = fail(client, world.user("reporter").username, settings.AXES_FAILURE_LIMIT)

    assert all(r.status_code == 200 for r in responses[:-1])
    locked = responses[-1]
    assert locked.status_code == 429
    page = locked.content.decode()
    assert LOCKED in page
    assert "Probeer het over 30 minuten opnieuw" in page
    assert '<html lang="nl"' in page


def test_locked_account_stays_locked_even_with_the_right_password(client, world, settings):
    user = world.user("reporter")
    fail(client, user.username, settings.AXES_FAILURE_LIMIT)

    response = post_password(client, user.username)

    # Refused by axes (the lock-out page) or, before it, by allauth's per-account throttle.
    assert response.status_code == 429 or "Te veel mislukte pogingen om in te loggen" in response.content.decode()
    assert client.get("/").status_code == 302


def test_unknown_name_is_locked_exactly_like_a_known_one(client, world, settings):
    known = fail(client, world.user("reporter").username, settings.AXES_FAILURE_LIMIT)[-1]
    unknown = fail(Client(), "niemand-bekend", settings.AXES_FAILURE_LIMIT)[-1]

    known_main = known.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    unknown_main = unknown.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    assert known.status_code == unknown.status_code == 429
    assert known_main == unknown_main
    assert LOCKED in known_main


def test_user_name_and_e_mail_address_count_against_the_same_account(client, world, settings):
    user = world.user("reporter")
    half = settings.AXES_FAILURE_LIMIT // 2
    fail(client, user.username, half)
    fail(client, user.email, settings.AXES_FAILURE_LIMIT - half - 1)

    last = post_password(client, user.email.upper(), "verkeerd-wachtwoord")

    assert last.status_code == 429


def test_lock_is_per_address_so_nobody_locks_out_a_colleague_from_elsewhere(client, world, settings, clock):
    user = world.user("reporter")
    fail(client, user.username, settings.AXES_FAILURE_LIMIT, REMOTE_ADDR="203.0.113.9")
    clock.shift(datetime.timedelta(minutes=6))  # allauth's per-account throttle (5 in 5 minutes) has passed

    colleague = Client()
    response = post_password(colleague, user.username, REMOTE_ADDR="198.51.100.20")
    attacker = post_password(client, user.username, REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 302
    assert colleague.get("/").status_code == 200
    assert attacker.status_code == 429


def test_every_failure_is_in_the_access_log_with_the_name_tried(client, world, settings):
    fail(client, "reporter", settings.AXES_FAILURE_LIMIT)

    entries = AccessLogEntry.objects.filter(action="login_failed")
    assert entries.count() == settings.AXES_FAILURE_LIMIT
    assert set(entries.values_list("reason", flat=True)) == {"reporter"}
