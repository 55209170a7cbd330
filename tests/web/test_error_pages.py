"""Dutch error pages; a server error shows neither a stack trace nor any data."""

import pytest
from django.test import Client

from tests.api.error_urls import SECRET

pytestmark = pytest.mark.django_db


@pytest.mark.urls("tests.api.error_urls")
def test_server_error_page_is_dutch_without_trace_or_data(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/test/page-crash")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis" in html
    assert SECRET not in html
    assert "Traceback" not in html and "RuntimeError" not in html and "page_crash" not in html
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.urls("tests.api.error_urls")
def test_server_error_page_does_not_show_the_logged_in_user(client, world, settings):
    """Rendered without the request: nothing about the user or the record reaches the page."""
    settings.DEBUG = False
    client.force_login(world.user("policy_officer"))
    client.raise_request_exception = False
    html = client.get("/test/page-crash").content.decode()
    assert "Er ging iets mis" in html
    assert "Beleidsmedewerker" not in html
    assert world.user("policy_officer").get_full_name() not in html


def test_unknown_page_answers_dutch_404(client):
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.urls("tests.api.error_urls")
def test_forbidden_page_is_dutch(client):
    response = client.get("/test/page-forbidden")
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


def test_bad_request_page_is_dutch(client):
    # A host outside ALLOWED_HOSTS is Django's classic 400 (DisallowedHost).
    response = client.get("/", HTTP_HOST="aanvaller.example")
    assert response.status_code == 400
    assert "Ongeldig verzoek" in response.content.decode()


def test_expired_form_token_explains_itself_in_dutch(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("policy_officer"))
    response = client.post("/i18n/setlang/", {"language": "en"})
    assert response.status_code == 403
    assert "Formulier verlopen" in response.content.decode()
