"""Idle sessions end after SCHAKEL_SESSION_IDLE_MINUTES, with a warning and a way to stay logged in."""

from __future__ import annotations

import datetime
import json

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter_client(client, world, login, clock):
    return login(world.user("reporter"))


def minutes(n: float) -> datetime.timedelta:
    return datetime.timedelta(minutes=n)


def test_activity_within_the_limit_keeps_the_session(reporter_client, clock, settings):
    assert settings.SESSION_IDLE_MINUTES == 15
    for _ in range(4):
        assert reporter_client.get("/").status_code == 200
        clock.shift(minutes(14))

    assert reporter_client.get("/").status_code == 200


def test_session_ends_after_the_idle_limit_with_a_dutch_notice(reporter_client, clock):
    reporter_client.get("/")
    clock.shift(minutes(15) + datetime.timedelta(seconds=1))

    response = reporter_client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/account/login/?idle=1"
    assert "_auth_user_id" not in reporter_client.session
    notice = reporter_client.get(response["Location"]).content.decode()
    assert "U bent automatisch uitgelogd, omdat u 15 minuten niets hebt gedaan." in notice


def test_idle_limit_is_configurable(reporter_client, clock, settings):
    settings.SESSION_IDLE_MINUTES = 5
    reporter_client.get("/")
    clock.shift(minutes(6))

    assert reporter_client.get("/")["Location"] == "/account/login/?idle=1"


def test_api_request_after_the_limit_is_answered_as_logged_out(reporter_client, clock):
    reporter_client.get("/")
    clock.shift(minutes(16))

    response = reporter_client.get("/api/v1/me")

    assert response.status_code in (401, 403)
    assert response["Content-Type"] == "application/problem+json"


def test_status_reports_time_left_without_counting_as_activity(reporter_client, clock):
    reporter_client.get("/")
    clock.shift(minutes(10))

    first = reporter_client.get("/account/sessie/status").json()
    clock.shift(minutes(4))
    second = reporter_client.get("/account/sessie/status").json()

    assert first == {"loggedIn": True, "secondsLeft": 300, "warningSeconds": 120, "idleMinutes": 15}
    assert second["secondsLeft"] == 60
    clock.shift(minutes(1) + datetime.timedelta(seconds=1))
    assert reporter_client.get("/account/sessie/status").json() == {
        "loggedIn": False, "secondsLeft": 0, "warningSeconds": 120, "idleMinutes": 15}


def test_stay_logged_in_refreshes_the_last_seen_time(reporter_client, clock):
    reporter_client.get("/")
    clock.shift(minutes(14))

    response = reporter_client.post("/account/sessie/verlengen", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert json.loads(response.content)["secondsLeft"] == 15 * 60
    clock.shift(minutes(14))
    assert reporter_client.get("/").status_code == 200


def test_stay_logged_in_without_javascript_returns_to_the_page(reporter_client, clock):
    response = reporter_client.post("/account/sessie/verlengen", {"next": "/?tab=2"})

    assert response.status_code == 302
    assert response["Location"] == "/?tab=2"


def test_stay_logged_in_never_redirects_to_another_site(reporter_client, clock):
    response = reporter_client.post("/account/sessie/verlengen", {"next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_stay_logged_in_after_the_limit_is_too_late(reporter_client, clock):
    reporter_client.get("/")
    clock.shift(minutes(16))

    response = reporter_client.post("/account/sessie/verlengen", HTTP_ACCEPT="application/json")

    assert response.status_code == 302
    assert response["Location"] == "/account/login/?idle=1"


def test_every_page_carries_the_accessible_warning_and_its_script_not_inline(reporter_client, clock):
    page = reporter_client.get("/").content.decode()

    assert 'id="schakel-idle-warning"' in page
    assert 'role="alertdialog"' in page
    assert 'aria-labelledby="schakel-idle-title"' in page
    assert "Blijf ingelogd" in page
    assert 'data-idle-seconds="900"' in page
    assert 'data-warning-seconds="120"' in page
    assert '<script src="/static/accounts/idle-warning.js" defer></script>' in page
    assert "<script>" not in page and "onclick" not in page and "style=" not in page


def test_anonymous_pages_carry_no_warning(client):
    assert "schakel-idle-warning" not in client.get("/account/login/").content.decode()


def test_warning_script_is_served_as_a_static_file(client):
    from django.contrib.staticfiles import finders

    path = finders.find("accounts/idle-warning.js")
    source = open(path, encoding="utf-8").read()
    assert "showModal" in source and "/account/" not in source  # URLs come from data attributes


def test_idle_logout_of_one_user_leaves_others_alone(client, world, login, clock):
    from django.test import Client

    from tests.fixtures.people import with_second_factor

    other = with_second_factor(Client(), UserFactory(username="andere"))
    login(world.user("reporter")).get("/")
    other.get("/")
    clock.shift(minutes(10))
    other.get("/")
    clock.shift(minutes(6))

    assert client.get("/").status_code == 302
    assert other.get("/").status_code == 200


def _session_writes(client, path="/") -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum(q["sql"].startswith('UPDATE "django_session"') for q in queries.captured_queries)


def test_last_seen_is_written_at_most_once_a_minute(reporter_client, clock):
    assert _session_writes(reporter_client) == 1  # first page: recorded
    clock.shift(datetime.timedelta(seconds=59))
    assert _session_writes(reporter_client) == 0  # within the minute: the session is not saved
    clock.shift(datetime.timedelta(seconds=1))
    assert _session_writes(reporter_client) == 1

    clock.shift(minutes(14) + datetime.timedelta(seconds=30))
    assert reporter_client.get("/account/sessie/status").json()["secondsLeft"] == 30
    assert reporter_client.get("/").status_code == 200  # still within the limit: counts as activity
    assert reporter_client.get("/account/sessie/status").json()["secondsLeft"] == 15 * 60
