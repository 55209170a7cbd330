"""One language per API answer: Dutch, or English when asked (Accept-Language: en), never a third."""

import pytest

pytestmark = pytest.mark.django_db


def _ask(client, language: str):
    return client.get("/api/v1/signals", HTTP_ACCEPT_LANGUAGE=language)


def test_the_api_answers_in_english_when_the_client_asks_for_english(client):
    dutch, english = _ask(client, "nl"), _ask(client, "en-GB,en;q=0.9")
    assert (dutch["Content-Language"], english["Content-Language"]) == ("nl", "en")
    assert dutch.json()["detail"] != english.json()["detail"]
    assert "Accept-Language" in english["Vary"]


def test_a_language_the_api_has_no_texts_in_gets_dutch(client):
    answer = _ask(client, "pl-PL,pl;q=0.9")
    assert answer["Content-Language"] == "nl"
    assert answer.json()["detail"] == _ask(client, "nl").json()["detail"]


def test_the_first_supported_language_in_the_header_wins(client):
    assert _ask(client, "de;q=1.0, en;q=0.8, nl;q=0.5")["Content-Language"] == "en"


def test_the_pages_language_cookie_does_not_change_the_api(client):
    client.cookies["django_language"] = "pl"
    assert _ask(client, "")["Content-Language"] == "nl"
