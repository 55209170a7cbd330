"""Query counts of the requests `make bench` measures, pinned so that a regression fails here.

Each count lists what the queries are. When a change adds one on purpose, update the count and
its comment together. Writing to the access log is one INSERT on PostgreSQL and SQLite alike: the
worker links the rows into the hash chain later (decision 0068).
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from schakel.api.services import issue_token
from rest_framework.test import APIClient

from schakel.signalling.catalogue import load_indicator_catalogue
from schakel.signalling.models import ReferenceCounter, Signal

from .test_intake_pages import form_data, token_of
from .triage_factories import SignalFactory, add_entity

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 4, 9, 30, tzinfo=datetime.timezone.utc)  # Wednesday


@pytest.fixture(autouse=True)
def _fixed_clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def signals(world):
    made = [SignalFactory(municipality=world.a1, reference=f"2025-{n:06d}") for n in range(1, 31)]
    closed = SignalFactory(municipality=world.a1, reference="2025-000099", status="closed",
                           close_reason="not_trafficking")
    add_entity(closed, "phone", {"number": "06 12345678", "normalised": "+31612345678"})
    return made


def _count(client, method: str, path: str, data=None) -> tuple[int, list[str], object]:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(path, data) if data is not None else getattr(client, method)(path)
    return len(queries), [q["sql"] for q in queries.captured_queries], response


def test_staff_form_post(world, login):
    load_indicator_catalogue()
    ReferenceCounter.objects.create(year=2026, last=41)  # the year's counter exists, as all year but Jan 1st
    client = login(world.user("reporter"))
    token = token_of(client.get("/signalen/melden"))  # records the session's last-seen time
    data = form_data(token, municipality=world.a1.pk, description="Mannen slapen in de loods van het bedrijf.",
                     suspected_forms=["labour"], indicators=["arbeid-slaapt-op-werk"], postcode="1234 AB",
                     house_number="5", **{"phones-0-number": "06 12345678", "persons-0-name": "Jan Jansen"})

    count, sql, response = _count(client, "post", "/signalen/melden", data)

    assert response.status_code == 302
    assert Signal.objects.get().reference == "2026-000042"
    # session, user; the user's memberships (scope, access log, home municipality and reporting
    # organisation all read them; acts-for municipalities would be one more); the chosen
    # municipality with its region; the chosen indicators (the service's check, ids only); the
    # region's closing days (deadlines); savepoint; reference counter (UPDATE ... RETURNING); the
    # signal; its indicators, search tokens, entities (one INSERT each); the history event; the
    # access log (one INSERT, sealed later); the queued mail (in the same transaction, 0069); release.
    # Not: a look-up of the form token (a double submit fails the key's unique constraint and is
    # answered then), pending uploads (the POST lists none), the forms' own queries (no forms are
    # built for a valid POST), the reporting organisation (from the memberships), the session
    # (last seen less than a minute ago), the grants (none).
    assert count == 16, "\n".join(sql)


def test_inbox_first_page(world, login, signals):
    client = login(world.user("focal_officer"))
    client.get("/signalen/")

    count, sql, response = _count(client, "get", "/signalen/?tab=open&form=labour&sort=deadline")

    assert response.status_code == 200
    assert "30 signalen." in response.content.decode()
    # session, user; memberships; the page of 25 with the count (COUNT(*) OVER (): sorted by the
    # running deadline, the page reads every match anyway). The municipality names came with the
    # memberships; the assignees' names would be one more. The user's saved filters ('Mijn
    # filters'); the unread marker is part of the page query.
    assert count == 5, "\n".join(sql)
    [page_sql] = [query for query in sql if "signalling_signal" in query]
    assert "OVER ()" in page_sql


def test_search_in_the_history(world, login, signals):
    client = login(world.user("focal_officer"))
    client.get("/signalen/")

    count, sql, response = _count(client, "get", "/signalen/?tab=closed&q=06+12345678")

    assert response.status_code == 200
    assert "2025-000099" in response.content.decode()
    # session, user; memberships; the page (municipality names from the memberships; a page that
    # is not full is its own count, so no count query); the access log that a search happened
    # (one INSERT, sealed later); the user's saved filters. A closed signal has nothing due, so
    # the next-due providers (actions, screening) are not asked.
    assert count == 6, "\n".join(sql)


def test_api_signal_list(world, signals):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(world.user('focal_officer'))}")
    client.get("/api/v1/signals")

    count, sql, response = _count(client, "get", "/api/v1/signals")

    assert response.status_code == 200
    assert response.json()["count"] == 31
    # token with its user; memberships; count (on the signal table alone); the page (with
    # municipality and assignee joined); the rate-limit window, one upsert shared by every
    # worker (decision 0082).
    assert count == 5, "\n".join(sql)
    [count_sql] = [query for query in sql if "COUNT(" in query]
    assert "JOIN" not in count_sql
