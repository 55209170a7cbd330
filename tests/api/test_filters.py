"""The signals list filters through django-filter: known values filter, unknown ones are a 400 problem."""

import pytest
from rest_framework.test import APIClient

from schakel.api.services import issue_token
from tests.signalling.triage_factories import SignalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(world):
    SignalFactory(municipality=world.a1, reference="2026-000301", status="in_triage", channel="public")
    SignalFactory(municipality=world.a1, reference="2026-000302", status="received", channel="staff")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(world.user('focal_officer'))}")
    return client


def _references(answer) -> set[str]:
    return {row["reference"] for row in answer.json()["results"]} if "results" in answer.json() else {
        row["reference"] for row in answer.json()}


def test_status_and_channel_filter_the_list(officer):
    assert _references(officer.get("/api/v1/signals?status=in_triage")) == {"2026-000301"}
    assert _references(officer.get("/api/v1/signals?channel=staff")) == {"2026-000302"}
    assert _references(officer.get("/api/v1/signals")) == {"2026-000301", "2026-000302"}


@pytest.mark.parametrize("query, name", [("status=bestaat-niet", "status"), ("channel=fax", "channel")])
def test_an_unknown_filter_value_is_a_400_problem_naming_the_parameter(officer, query, name):
    answer = officer.get(f"/api/v1/signals?{query}")
    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/problem+json"
    assert [param["name"] for param in answer.json()["invalidParams"]] == [name]
