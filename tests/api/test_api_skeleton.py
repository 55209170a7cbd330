"""The API skeleton: root with links, token and session authentication, pagination, OpenAPI, docs."""

import re

import pytest
from django.core.management import call_command
from schakel.api.services import issue_token
from rest_framework.exceptions import ValidationError
from rest_framework.test import APIRequestFactory

from schakel.api.pagination import LinkedPagination
from tests.fixtures.people import with_second_factor

pytestmark = pytest.mark.django_db


def test_root_links_to_schema_docs_and_me(client):
    body = client.get("/api/v1").json()
    assert body["schema"] == "http://testserver/api/v1/schema"
    assert body["docs"] == "http://testserver/api/v1/docs"
    assert body["me"] == "http://testserver/api/v1/me"
    assert isinstance(body["collections"], dict)


def test_token_authenticates_and_me_lists_roles(client, world):
    user = world.user("focal_officer")
    key = issue_token(user)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "focal_officer"
    assert body["memberships"] == [{"role": "focal_officer", "roleLabel": "Aandachtsfunctionaris",
                                    "organisation": {"id": world.organisations["a1"].pk,
                                                     "name": "Gemeente Aadorp"}}]


def test_token_of_deactivated_user_is_refused(client, world):
    user = world.user("focal_officer")
    key = issue_token(user)
    user.is_active = False
    user.save()
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401
    assert response.json()["detail"] == "Ongeldige of ingetrokken token."


def test_unknown_token_is_refused_with_the_same_words(client):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert response.status_code == 401
    assert response.json()["detail"] == "Ongeldige of ingetrokken token."


def test_session_with_second_factor_authenticates(client, world):
    with_second_factor(client, world.user("focal_officer"))
    assert client.get("/api/v1/me").status_code == 200


def test_session_without_required_second_factor_is_not_enough(client, world):
    client.force_login(world.user("focal_officer"))
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_session_of_role_without_personal_data_needs_no_second_factor(client, world):
    client.force_login(world.user("policy_officer"))
    assert client.get("/api/v1/me").status_code == 200


def _page(url: str) -> dict:
    request = APIRequestFactory().get(url)
    from rest_framework.request import Request

    paginator = LinkedPagination()
    items = paginator.paginate_queryset(list(range(1, 251)), Request(request))
    return paginator.get_paginated_response(items).data


def test_pagination_gives_count_and_links_to_neighbouring_pages():
    first = _page("/api/v1/things?pageSize=100")
    assert first["count"] == 250
    assert first["results"][0] == 1 and len(first["results"]) == 100
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/things?page=2&pageSize=100"
    last = _page("/api/v1/things?pageSize=100&page=3")
    assert last["results"] == list(range(201, 251))
    assert last["next"] is None
    assert "page=2" in last["previous"]


def test_page_size_above_the_maximum_is_refused_not_capped():
    # Issue 11: a pageSize out of range is a 400 problem (tests/api/test_conformance.py), not silently capped.
    assert len(_page("/api/v1/things?pageSize=500")["results"]) == 250
    with pytest.raises(ValidationError):
        _page("/api/v1/things?pageSize=100000")
    assert LinkedPagination.max_page_size == 500


def test_openapi_document_validates_without_warnings(tmp_path):
    target = tmp_path / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    assert text.startswith("openapi: 3.")
    assert "/api/v1/me:" in text
    assert "application/problem+json" in text


def test_schema_is_served_as_openapi_json(client):
    response = client.get("/api/v1/schema", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_docs_load_only_own_scripts_and_styles(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources, html
    assert all(src.startswith("/") and not src.startswith("//") for src in sources), sources
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in sources
    # Nothing inline: the CSP allows scripts and styles from our own origin only.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_docs_start_script_is_served_separately_as_javascript(client):
    response = client.get("/api/v1/docs?script=")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema" in response.content.decode()
