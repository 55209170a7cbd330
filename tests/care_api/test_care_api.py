"""The care cases API (issue 15): the care coordinator's cases, read-only, without the client's identity."""

import json

import pytest

from tests.fixtures.documents import token_client
import time_machine
from django.core.cache import cache
from rest_framework.test import APIClient

from schakel.care.services import work
from schakel.privacy.models import AccessLogEntry
from tests.care.helpers import NOW, TODAY, coordinator, coordinator_of_region_b, new_case, shelter_member

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


@pytest.fixture(autouse=True)
def _frozen():
    cache.clear()  # the throttle's counters
    with time_machine.travel(NOW, tick=False):
        yield
    cache.clear()


def _client(user) -> APIClient:
    return token_client(user)


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    return json.loads(response.content)


def test_coordinator_lists_the_regions_cases_without_name_or_date_of_birth(world):
    case = new_case(world)
    response = _client(coordinator(world)).get("/api/v1/care-cases")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["clientNumber"] == case.client_number and row["status"] == "open"
    assert row["municipality"] == "GM9001" and row["nationality"] == "NG" and row["forms"] == ["sexual"]
    assert row["url"].endswith(f"/api/v1/care-cases/{case.client_number}")
    assert "Ana Popescu-Test" not in response.content.decode() and "2001-06-15" not in response.content.decode()
    assert "name" not in row and "dateOfBirth" not in row


def test_status_filter_and_a_bad_status_is_a_400_problem(world):
    new_case(world)
    client = _client(coordinator(world))
    assert client.get("/api/v1/care-cases?status=closed").json()["count"] == 0
    assert client.get("/api/v1/care-cases?status=open").json()["count"] == 1
    assert _problem(client.get("/api/v1/care-cases?status=dicht"), 400)["invalidParams"][0]["name"] == "status"


def test_detail_gives_needs_placements_and_reflection_and_is_logged(world):
    case = new_case(world)
    actor = coordinator(world)
    work.set_need(actor=actor, case=case, kind="shelter", status="met", expected_version=case.version, now=NOW)
    case.refresh_from_db()
    shelter, _user = shelter_member(world)
    work.add_placement(actor=actor, case=case, kind="cosm", starts_on=TODAY, provider=shelter,
                       expected_version=case.version, now=NOW)
    case.refresh_from_db()
    work.start_reflection(actor=actor, case=case, starts_on=TODAY, expected_version=case.version, now=NOW)
    body = _client(actor).get(f"/api/v1/care-cases/{case.client_number}").json()
    assert {"kind": "shelter", "status": "met", "open": False} in body["needs"]
    assert body["placements"] == [{"kind": "cosm", "provider": "Opvang A (COSM)", "startsOn": "2026-03-02",
                                   "endsOn": None}]
    assert body["reflection"]["endsOn"] == "2026-06-01" and body["reflectionEndsOn"] == "2026-06-01"
    assert body["interpreterNeeded"] is True
    assert AccessLogEntry.objects.filter(user=actor, action="view", reason="API: zorgtraject opgevraagd").count() == 1


def test_a_case_of_another_region_is_404_and_not_in_the_list(world):
    case = new_case(world)
    other = _client(coordinator_of_region_b(world))
    _problem(other.get(f"/api/v1/care-cases/{case.client_number}"), 404)
    assert other.get("/api/v1/care-cases").json()["count"] == 0


@pytest.mark.parametrize("role", ["partner_member", "focal_officer", "chain_director"])
def test_other_roles_are_refused_with_403(world, role):
    new_case(world)
    _problem(_client(world.user(role)).get("/api/v1/care-cases"), 403)


def test_the_care_cases_api_is_read_only(world):
    case = new_case(world)
    client = _client(coordinator(world))
    _problem(client.patch(f"/api/v1/care-cases/{case.client_number}", "{}", content_type="application/json"), 405)
    _problem(client.post("/api/v1/care-cases", "{}", content_type="application/json"), 405)
