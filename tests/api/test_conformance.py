"""Issue 11: API conformance and robustness (bad bodies, duplicate keys, API-Version, paging, headers)."""

import json

import pytest
from django.core.cache import cache
from schakel.api.services import issue_token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


@pytest.fixture(autouse=True)
def _clean_throttle_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def partner(world):
    client = APIClient()
    client.raise_request_exception = False
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(world.user('partner_member'))}")
    return client


def _problem(response, status=400):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    return json.loads(response.content)


@pytest.mark.parametrize("body", ["[" * 950 + "]" * 950, '{"a":' * 950 + "1" + "}" * 950, "[" * 40 + "]" * 40])
def test_deeply_nested_body_is_a_400_problem(partner, body):
    body = _problem(partner.post("/api/v1/signals", body, content_type="application/json"))
    assert "genest" in body["detail"]


def test_duplicate_keys_are_a_400_problem(partner):
    raw = '{"municipality":"GM9901","municipality":"GM9902"}'
    body = _problem(partner.post("/api/v1/signals", raw, content_type="application/json"))
    assert "municipality" in body["detail"]


def test_every_api_answer_carries_the_full_api_version(client):
    assert client.get("/api/v1")["API-Version"] == "1.0.0"
    assert client.get("/api/v1/me")["API-Version"] == "1.0.0"


def test_openapi_json_has_servers_and_contact(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["info"]["version"] == "1.0.0"
    assert schema["servers"] and schema["info"]["contact"]


@pytest.mark.parametrize("query", ["page=abc", "page=0", "page=99", "pageSize=0", "pageSize=abc", "pageSize=501"])
def test_bad_page_or_page_size_is_a_400_problem(world, query):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(world.user('focal_officer'))}")
    _problem(client.get(f"/api/v1/signals?{query}"))


def test_headers_permissions_policy_and_no_store(client):
    response = client.get("/api/v1")
    assert "camera=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_pages_for_a_logged_in_user_are_not_stored_and_switch_off_browser_features(world, login):
    response = login(world.user("focal_officer")).get("/")
    assert "no-store" in response["Cache-Control"]
    assert "microphone=()" in response["Permissions-Policy"]


def test_the_public_form_leaves_no_lasting_cookie_on_a_reporters_device(client, world):
    response = client.get("/melden/regio-a/GM9001/")
    assert response.status_code == 200
    cookie = response.cookies["csrftoken"]
    # A browser-session cookie: no expiry date and no max-age (Django's default is a year).
    assert not cookie["expires"] and not cookie["max-age"]
