"""NL API Design Rules (Logius ADR 2.x core), each checked against the document the API serves.

Every path and operation in /api/v1/openapi.json is walked: a new route that breaks a rule fails
here without anyone having to add it to a list.
"""

from __future__ import annotations

import json
import re

import pytest
from rest_framework.test import APIClient

from schakel.api.services import issue_token

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"
STANDARD_METHODS = {"get", "post", "put", "patch", "delete"}
# Singular resources (ADR API-54 allows them): each is documented as one in its description.
SINGULAR_RESOURCES = {"me"}


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def officer(world):
    client = APIClient()
    client.raise_request_exception = False
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(world.user('focal_officer'))}")
    return client


def _operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in {"parameters", "summary", "description", "servers"}:
                continue
            yield path, method, operation


def _concrete(path: str) -> str:
    """A documented path with its parameters filled in by a value that exists nowhere."""
    return re.sub(r"\{[^}]+\}", "0000-000000", path)


def test_only_standard_methods_are_used(document):
    # API-03: GET, POST, PUT, PATCH and DELETE only.
    methods = {method for _path, method, _operation in _operations(document)}
    assert methods and methods <= STANDARD_METHODS, methods


def test_every_path_carries_the_major_version_and_only_that(document):
    # API-20: the major version in the URI; the full version in info.version and the API-Version header.
    major = document["info"]["version"].split(".")[0]
    assert re.fullmatch(r"\d+\.\d+\.\d+", document["info"]["version"])
    for path in document["paths"]:
        assert path == f"/api/v{major}" or path.startswith(f"/api/v{major}/"), path
    for server in document["servers"]:
        assert not re.search(r"/v\d", server["url"]), server  # the version is in the paths, not twice


def test_no_path_ends_in_a_slash(document):
    # API-48: no trailing slashes.
    assert document["paths"]
    assert [path for path in document["paths"] if path.endswith("/")] == []


def test_resource_names_are_plural_nouns_except_documented_singular_resources(document):
    # API-54: plural nouns for collections; a singular resource says it is one.
    for path, _method, operation in _operations(document):
        segments = [s for s in path.split("/")[3:] if s and not s.startswith("{")]
        for segment in segments:
            assert segment == segment.lower() and re.fullmatch(r"[a-z][a-z-]*", segment), (path, segment)
            if segment in SINGULAR_RESOURCES:
                assert "enkelvoudige resource" in operation.get("description", "").lower(), path
            else:
                assert segment.endswith("s"), (path, segment)


@pytest.mark.parametrize("path", ["/api/v1", "/api/v1/openapi.json", "/api/v1/schema", "/api/v1/docs"])
def test_api_addresses_answer_without_a_redirect(client, path):
    # API-48: /api/v1 itself answers (no redirect to /api/v1/), and so do the document's addresses.
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code, response.get("Location"))


def test_the_entry_point_links_only_to_addresses_without_a_trailing_slash(client):
    body = client.get("/api/v1").json()
    links = [body["schema"], body["docs"], body["me"], *body["collections"].values()]
    assert links and not [link for link in links if link.endswith("/")], links


def test_a_method_the_document_does_not_list_is_a_405_problem(document, officer):
    for path, item in document["paths"].items():
        for method in sorted(STANDARD_METHODS - set(item)):
            response = getattr(officer, method)(_concrete(path), "{}", content_type="application/json")
            assert response.status_code in {404, 405}, (method, path, response.status_code)
            assert response["Content-Type"] == PROBLEM, (method, path)
            body = json.loads(response.content)
            assert body["status"] == response.status_code and body["title"]


def test_every_documented_error_is_a_problem(document):
    for path, method, operation in _operations(document):
        for code, response in operation["responses"].items():
            if int(code) >= 400:
                assert set(response["content"]) == {PROBLEM}, (method, path, code)


def test_an_unacceptable_format_is_a_406_problem(officer):
    response = officer.get("/api/v1/signals", HTTP_ACCEPT="text/csv")
    assert response.status_code == 406
    assert response["Content-Type"] == PROBLEM
    assert json.loads(response.content)["status"] == 406


def test_an_unsupported_body_type_is_a_415_problem(officer):
    response = officer.post("/api/v1/signals", "municipality=GM9001", content_type="text/plain")
    assert response.status_code == 415
    assert response["Content-Type"] == PROBLEM
    assert json.loads(response.content)["status"] == 415


def test_an_unknown_address_under_the_api_is_a_404_problem(client):
    for path in ("/api/v1/bestaat-niet", "/api/v1/signals/", "/api/v1/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == PROBLEM, path


def test_a_create_documents_its_location_header(document):
    creates = [(path, operation) for path, method, operation in _operations(document)
               if method == "post" and "201" in operation["responses"]]
    assert creates
    for path, operation in creates:
        headers = operation["responses"]["201"].get("headers", {})
        assert "Location" in headers, path
        assert headers["Location"]["schema"]["format"] == "uri"


def test_paging_parameters_and_their_400_are_documented(document):
    listing = document["paths"]["/api/v1/signals"]["get"]
    names = {parameter["name"] for parameter in listing["parameters"]}
    assert {"page", "pageSize"} <= names
    assert PROBLEM in listing["responses"]["400"]["content"]
    page_size = next(p for p in listing["parameters"] if p["name"] == "pageSize")
    assert page_size["schema"].get("maximum") == 500 and page_size["schema"].get("minimum") == 1


def test_the_municipality_of_a_new_signal_has_its_pattern(document):
    schema = document["components"]["schemas"]["SignalInRequest"]["properties"]["municipality"]
    assert schema["type"] == "string"
    assert schema["pattern"] == "^GM[0-9]{4}$"


def test_me_is_documented_as_a_singular_resource(document):
    operation = document["paths"]["/api/v1/me"]["get"]
    assert "enkelvoudige resource" in operation["description"].lower()
    assert set(operation["responses"]["200"]["content"]) == {"application/json"}
