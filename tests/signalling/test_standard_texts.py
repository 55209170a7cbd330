"""The region's standard texts, and a standard message sent in the reporter's language."""

from __future__ import annotations

import datetime

import pytest

from schakel.signalling.models import Channel, EventKind, MailboxMessage, StandardText
from schakel.signalling.services.intake import submit_signal
from schakel.signalling.services.mailbox import messages_for_reporter

UTC = datetime.timezone.utc
pytestmark = pytest.mark.django_db

TEXTS = {"text_nl": "Dank u voor uw melding.", "text_pl": "Dziękujemy za zgłoszenie."}


def _public(world, language):
    return submit_signal(channel=Channel.PUBLIC, municipality=world.a1, notify=False,
                         payload={"description": "Mannen slapen in de loods.", "language": language})


def _add_text(client, world, **extra):
    return client.post("/signalen/standaardteksten", {"region": world.region_a.pk, "title": "Ontvangen",
                                                      "order": 0, "active": "on", **TEXTS, **extra})


def test_a_focal_officer_adds_a_text_and_the_dutch_one_is_required(world, login):
    client = login(world.user("focal_officer"))
    refused = _add_text(client, world, text_nl="")
    assert refused.status_code == 400 and "Vul de Nederlandse tekst in." in refused.content.decode()
    assert "Dziękujemy za zgłoszenie." in refused.content.decode()  # what was typed is kept
    assert _add_text(client, world).status_code == 302
    text = StandardText.objects.get()
    assert text.texts == {"nl": "Dank u voor uw melding.", "pl": "Dziękujemy za zgłoszenie."}
    assert "Ontvangen" in client.get("/signalen/standaardteksten").content.decode()


def test_region_bs_officer_neither_sees_nor_edits_region_as_texts(world, login):
    _add_text(login(world.user("focal_officer")), world)
    text = StandardText.objects.get()
    other = login(world.other_region)
    assert other.get(f"/signalen/standaardteksten/{text.pk}/").status_code == 404
    assert "Ontvangen" not in other.get("/signalen/standaardteksten").content.decode()


@pytest.mark.parametrize(("language", "expected"), [("pl", "Dziękujemy za zgłoszenie."),
                                                    ("ro", "Dank u voor uw melding.")])
def test_the_message_reaches_the_public_mailbox_in_the_reporters_language(world, login, language, expected):
    client = login(world.user("focal_officer"))
    _add_text(client, world)
    signal = _public(world, language)
    response = client.post(f"/signalen/{signal.reference}/standaardbericht/",
                           {"standard-version": signal.version,
                            "standard-standard_text": StandardText.objects.get().pk})
    assert response.status_code == 302
    [message] = messages_for_reporter(signal)
    assert message.text == expected
    signal.refresh_from_db()
    assert signal.first_reaction_at is not None and not signal.waiting_for_reporter and signal.version == 2
    assert signal.events.filter(kind=EventKind.STANDARD_MESSAGE).count() == 1


def test_a_stale_version_sends_nothing(world, login):
    client = login(world.user("focal_officer"))
    _add_text(client, world)
    signal = _public(world, "pl")
    response = client.post(f"/signalen/{signal.reference}/standaardbericht/",
                           {"standard-version": 7, "standard-standard_text": StandardText.objects.get().pk},
                           follow=True)
    assert "Iemand anders heeft dit signaal intussen gewijzigd" in response.content.decode()
    assert not MailboxMessage.objects.exists()


def test_the_signal_page_offers_the_texts(world, login):
    client = login(world.user("focal_officer"))
    signal = _public(world, "pl")
    page = client.get(f"/signalen/{signal.reference}/").content.decode()
    assert "Uw regio heeft nog geen standaardteksten." in page
    _add_text(client, world)
    page = client.get(f"/signalen/{signal.reference}/").content.decode()
    assert "Standaardbericht versturen" in page and "Polski" in page


def test_the_public_mailbox_shows_the_status_the_reporter_may_know(world, client):
    signal = submit_signal(channel=Channel.PUBLIC, municipality=world.a1, notify=False,
                           payload={"description": "Mannen slapen in de loods.", "language": "pl"})
    page = client.post("/melden/postvak?taal=pl", {"code": signal.receipt_code}).content.decode()
    assert 'class="schakel-reporter-status">' in page
