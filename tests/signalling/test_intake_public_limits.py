"""The public form's rate limit keeps what was typed and says the true wait; the receipt page
keeps its one-time code when the reporter changes the language."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from schakel.signalling import ratelimit
from schakel.signalling.models import Signal
from tests.signalling.test_public_form import CODE, NOW, public, receipt_code, report  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(db):
    ratelimit.clear()
    with time_machine.travel(NOW, tick=False):  # 09:30 UTC: half an hour left in the clock hour
        yield
    ratelimit.clear()


def test_rate_limited_form_comes_back_with_what_was_typed_the_true_wait_and_retry_after(public, monkeypatch):
    from schakel.signalling import views_public

    monkeypatch.setattr(views_public, "FORM_POSTS_PER_HOUR", 1)
    assert report(public).status_code == 201

    response = report(public, description="Op de camping slapen arbeiders in een schuur.")

    page = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "1800"
    assert "Op de camping slapen arbeiders in een schuur." in page
    assert "over 30 minuten opnieuw" in page
    assert "kwartier" not in page
    assert Signal.objects.count() == 1


def test_wait_follows_the_clock_hour(public, monkeypatch):
    from schakel.signalling import views_public

    monkeypatch.setattr(views_public, "FORM_POSTS_PER_HOUR", 1)
    with time_machine.travel(NOW + datetime.timedelta(minutes=29), tick=False):
        report(public)
        response = report(public)

    assert response["Retry-After"] == "60"
    assert "over 1 minuut opnieuw" in response.content.decode()


def test_too_many_wrong_mailbox_codes_say_the_wait_and_send_retry_after(public):
    for _attempt in range(5):
        public.post("/melden/postvak", {"code": "AAAAA-BBBBB-CCCCC-DDDDD"})

    response = public.post("/melden/postvak", {"code": "AAAAA-BBBBB-CCCCC-DDDDD"})

    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60 - (30 * 60) % (15 * 60)
    assert "minuten opnieuw" in response.content.decode()


def test_receipt_page_in_another_language_keeps_the_code(public):
    first = report(public)
    code = receipt_code(first)
    assert 'name="receipt_code"' in first.content.decode()

    polish = public.post("/melden/regio-a/GM9001/", {"receipt_code": code, "taal": "pl"})

    page = polish.content.decode()
    assert polish.status_code == 200
    assert polish["Content-Language"] == "pl"
    assert code in page
    assert '<html lang="pl"' in page
    assert 'name="description"' not in page


def test_receipt_language_change_with_a_wrong_code_shows_an_empty_form(public):
    report(public)

    response = public.post("/melden/regio-a/GM9001/", {"receipt_code": "AAAAA-BBBBB-CCCCC-DDDDD", "taal": "en"})

    page = response.content.decode()
    assert not CODE.search(page)
    assert 'name="description"' in page


def test_public_languages_are_named_in_their_own_language(public):
    page = public.get("/melden/regio-a/GM9001/?taal=pl").content.decode()

    for name in ("Nederlands", "English", "Polski", "Română", "Български", "Українська"):
        assert f">{name}</a>" in page
