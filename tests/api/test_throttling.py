"""API rate limits: Schakel's rates, counted in windows every worker shares (decision 0082)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from schakel.api.services import issue_token
from rest_framework.test import APIClient

from schakel.api import throttling

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counts():
    throttling.clear()
    yield
    throttling.clear()


def _client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user)}")
    return client


def test_the_project_throttle_counts_per_user_and_answers_429_as_a_problem(world, monkeypatch):
    monkeypatch.setattr(throttling.UserRateThrottle, "rate", "2/min", raising=False)
    officer, other = _client(world.user("focal_officer")), _client(world.user("focal_officer_a2"))

    assert officer.get("/api/v1/signals").status_code == 200
    assert officer.get("/api/v1/signals").status_code == 200
    refused = officer.get("/api/v1/signals")

    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert int(refused["Retry-After"]) > 0
    assert "Probeer het over" in refused.json()["detail"]   # Dutch, not DRF's "Expected available in"
    assert other.get("/api/v1/signals").status_code == 200  # another user has their own count


def test_an_api_request_costs_one_counting_statement_and_never_the_cache_table(world):
    client = _client(world.user("focal_officer"))
    client.get("/api/v1/signals")

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/signals").status_code == 200

    sql = [q["sql"] for q in queries.captured_queries]
    assert not [q for q in sql if "schakel_cache" in q]
    assert len([q for q in sql if "web_ratewindow" in q]) == 1


def test_the_count_is_shared_so_another_worker_sees_it(world, monkeypatch):
    """Two workers are two throttle instances on one database: the second sees the first's count."""
    monkeypatch.setattr(throttling.UserRateThrottle, "rate", "2/min", raising=False)
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    request = Request(APIRequestFactory().get("/api/v1/signals"))
    request.user = world.user("focal_officer")
    first_worker, second_worker = throttling.UserRateThrottle(), throttling.UserRateThrottle()
    assert first_worker.allow_request(request, None)
    assert second_worker.allow_request(request, None)
    assert not first_worker.allow_request(request, None)


def test_the_anonymous_rate_of_the_settings_is_applied(monkeypatch, db):
    monkeypatch.setattr(throttling.AnonRateThrottle, "rate", "2/min", raising=False)
    client = APIClient()
    answers = [client.get("/api/v1/signals") for _ in range(3)]
    assert [answer.status_code for answer in answers] == [401, 401, 429]
    assert answers[-1]["Content-Type"] == "application/problem+json"
    assert "Probeer het over" in answers[-1].json()["detail"] and int(answers[-1]["Retry-After"]) > 0


def test_an_anonymous_client_is_counted_under_a_pseudonym_not_its_address(db):
    from schakel.web.models import RateWindow

    APIClient().get("/api/v1/signals", REMOTE_ADDR="203.0.113.7")
    keys = list(RateWindow.objects.values_list("key", flat=True))
    assert keys and not [key for key in keys if "203.0.113" in key]
