"""Parallel query is off for Schakel's own PostgreSQL connections (docs/decisions/0007)."""

import importlib
import os
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection

from schakel.settings import database as database_settings
from schakel.settings.environment import ConfigurationError


@pytest.mark.django_db
def test_the_connection_runs_without_parallel_workers():
    if connection.vendor == "postgresql":
        # What the server applies to this very connection (CI runs the suite on PostgreSQL).
        with connection.cursor() as cursor:
            cursor.execute("SHOW max_parallel_workers_per_gather")
            assert cursor.fetchone()[0] == "0"
        assert "-c max_parallel_workers_per_gather=0" in settings.DATABASES["default"]["OPTIONS"]["options"]
    else:
        # SQLite has no parallel query: nothing is passed that its driver would refuse.
        assert connection.vendor == "sqlite"
        assert "options" not in settings.DATABASES["default"]["OPTIONS"]


def _databases(**environment):
    """The database settings as they would be read from `environment`."""
    try:
        with mock.patch.dict(os.environ, environment):
            return importlib.reload(database_settings).DATABASES["default"]
    finally:
        importlib.reload(database_settings)  # back to those of the running tests


def test_postgresql_options_keep_those_of_the_url_and_take_the_configured_number():
    default = _databases(DATABASE_URL="postgres://u@db.example:5432/schakel?options=-c%20statement_timeout%3D5000")
    assert default["OPTIONS"]["options"] == "-c statement_timeout=5000 -c max_parallel_workers_per_gather=0"
    two = _databases(DATABASE_URL="postgres://u@db.example:5432/schakel", DATABASE_PARALLEL_WORKERS="2")
    assert two["OPTIONS"]["options"] == "-c max_parallel_workers_per_gather=2"


def test_a_negative_number_of_workers_is_refused():
    with pytest.raises(ConfigurationError, match="DATABASE_PARALLEL_WORKERS"):
        _databases(DATABASE_URL="postgres://u@db.example:5432/schakel", DATABASE_PARALLEL_WORKERS="-1")


def test_server_connections_are_kept_ten_minutes_and_checked_before_reuse():
    default = _databases(DATABASE_URL="postgres://u@db.example:5432/schakel")
    assert default["CONN_MAX_AGE"] == 600 and default["CONN_HEALTH_CHECKS"] is True
    shorter = _databases(DATABASE_URL="postgres://u@db.example:5432/schakel", DATABASE_CONNECTION_MAX_AGE="30")
    assert shorter["CONN_MAX_AGE"] == 30


def test_sqlite_opens_its_file_per_request_and_a_negative_age_is_refused():
    sqlite = _databases(DATABASE_URL="")
    assert sqlite["CONN_MAX_AGE"] == 0 and sqlite["CONN_HEALTH_CHECKS"] is False
    with pytest.raises(ConfigurationError, match="DATABASE_CONNECTION_MAX_AGE"):
        _databases(DATABASE_URL="postgres://u@db.example:5432/schakel", DATABASE_CONNECTION_MAX_AGE="-5")
