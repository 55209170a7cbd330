"""Every API error is application/problem+json (RFC 9457): 400/401/403/404/405/409/415/429/500."""

import json

import pytest
from django.core.cache import cache

from .error_urls import SECRET

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.error_urls")]

PROBLEM = "application/problem+json"


@pytest.fixture(autouse=True)
def _clean_throttle_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api(client):
    client.raise_request_exception = False
    return client


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = json.loads(response.content)
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert body["title"]
    return body


def test_invalid_fields_answer_400_with_invalid_params(api):
    response = api.post("/api/v1/test/validate", {"description": "x" * 11, "municipality": "0344"},
                        content_type="application/json")
    body = problem(response, 400)
    assert body["title"] == "Ongeldige invoer"
    names = {param["name"] for param in body["invalidParams"]}
    assert names == {"description", "municipality"}
    assert all(param["code"] and param["reason"] for param in body["invalidParams"])


def test_malformed_json_answers_400(api):
    problem(api.post("/api/v1/test/validate", "{not json", content_type="application/json"), 400)


def test_missing_credentials_answer_401_with_token_challenge(api):
    response = api.get("/api/v1/me")
    body = problem(response, 401)
    assert body["title"] == "Niet ingelogd"
    assert response["WWW-Authenticate"] == "Token"


def test_permission_denied_answers_403(api):
    assert problem(api.get("/api/v1/test/forbidden"), 403)["title"] == "Geen toegang"


def test_unknown_api_url_answers_404_problem_not_html_page(api):
    body = problem(api.get("/api/v1/bestaat-niet"), 404)
    assert body["title"] == "Niet gevonden"


def test_not_found_inside_a_view_answers_404(api):
    problem(api.get("/api/v1/test/missing"), 404)


def test_wrong_method_answers_405(api):
    problem(api.delete("/api/v1"), 405)


def test_conflict_answers_409(api):
    body = problem(api.put("/api/v1/test/conflict", {}, content_type="application/json"), 409)
    assert body["detail"]


def test_unsupported_content_type_answers_415(api):
    problem(api.post("/api/v1/test/validate", "description=x", content_type="text/plain"), 415)


def test_too_many_requests_answer_429_with_retry_after(api):
    assert api.get("/api/v1/test/throttled").status_code == 200
    response = api.get("/api/v1/test/throttled")
    problem(response, 429)
    assert int(response["Retry-After"]) > 0


def test_unexpected_error_in_api_view_answers_500_without_details(api, caplog):
    response = api.get("/api/v1/test/crash")
    body = problem(response, 500)
    assert set(body) == {"type", "title", "status"}
    assert SECRET not in response.content.decode()
    assert "Traceback" not in response.content.decode()
    # The operator still gets the full story in the log.
    assert any(SECRET in str(record.exc_info[1]) for record in caplog.records if record.exc_info)


def test_unexpected_error_outside_drf_under_api_answers_500_problem(api):
    response = api.get("/api/v1/test/plain-crash")
    problem(response, 500)
    assert SECRET not in response.content.decode()


def test_errors_stay_json_when_a_browser_asks_for_html(api):
    response = api.get("/api/v1/me", HTTP_ACCEPT="text/html")
    problem(response, 401)
