"""Liveness and readiness probes."""

from unittest import mock

import pytest
from django.db import DatabaseError

pytestmark = pytest.mark.django_db


def test_live_answers_ok_without_login(client):
    response = client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_answers_200_when_database_reachable_and_migrated(client):
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}}


def test_ready_answers_503_when_migrations_are_pending(client):
    pending = [(mock.sentinel.migration, False), (mock.sentinel.other, False)]
    with mock.patch("schakel.web.health.MigrationExecutor.migration_plan", return_value=pending):
        response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "ok", "migrations": "2 pending"}}


def test_ready_answers_503_when_database_is_unreachable(client):
    with mock.patch("schakel.web.health.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "unreachable"}
