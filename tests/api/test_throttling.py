"""API rate limits: DRF's throttles with Schakel's rates, counted in each worker's memory."""

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
    assert other.get("/api/v1/signals").status_code == 200  # another user has their own count


def test_an_api_request_does_not_touch_the_database_cache(world):
    client = _client(world.user("focal_officer"))
    client.get("/api/v1/signals")

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/signals").status_code == 200

    assert not [q["sql"] for q in queries.captured_queries if "schakel_cache" in q["sql"]]
