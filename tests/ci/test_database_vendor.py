"""CI must run the suite on PostgreSQL; locally the database is whatever DATABASE_URL says."""

import os

import pytest
from django.db import connection


def _expected_vendor() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if os.environ.get("CI", "").lower() == "true":
        assert url.startswith(("postgres://", "postgresql://")), (
            f"CI=true but DATABASE_URL is {url!r}: .ci/run must point the suite at PostgreSQL")
        return "postgresql"
    return "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"


@pytest.mark.django_db
def test_suite_runs_on_the_configured_database_vendor():
    assert connection.vendor == _expected_vendor()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


@pytest.mark.django_db
def test_postgresql_is_version_15_or_newer_when_used():
    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"
        return
    assert connection.pg_version >= 150000
