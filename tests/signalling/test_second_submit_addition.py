"""A second submit with changed words (409) offers to add those words to the first signal (issue 12)."""

from __future__ import annotations

import html
import re

import pytest

from schakel.signalling.models import EventKind, MailboxMessage, MessageDirection, Signal
from schakel.signalling.views_intake import changed_words

from .test_intake_pages import catalogue, form_data, frozen, token_of  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def _textarea(page: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]*name="{re.escape(name)}"[^>]*>(.*?)</textarea>', page, re.S)
    return html.unescape(found.group(1)) if found else ""


def test_the_changed_words_are_the_words_added_at_the_end_or_else_the_whole_new_text():
    signal = Signal(description="Busje bij de loods.")
    assert changed_words(signal, {"description": "Busje bij de loods. Kenteken 12-ABC-3."}) == "Kenteken 12-ABC-3"
    assert changed_words(signal, {"description": "Een wit busje bij de loods."}) == "Een wit busje bij de loods."
    assert changed_words(signal, {"description": "Busje bij de loods."}) == ""


def test_a_second_staff_submit_with_changed_words_offers_them_as_an_addition_sent_to_the_officer(
        world, login, catalogue):  # noqa: F811
    reporter = world.user("reporter")
    client = login(reporter)
    token = token_of(client.get("/signalen/melden"))
    client.post("/signalen/melden", form_data(token, municipality=world.a1.pk, description="Busje bij de loods."))
    signal = Signal.objects.get()

    response = client.post("/signalen/melden", form_data(
        token, municipality=world.a1.pk, description="Busje bij de loods. Kenteken 12-ABC-3."))

    page = response.content.decode()
    assert response.status_code == 409
    assert f'action="/signalen/mijn-meldingen/{signal.reference}/"' in page
    assert _textarea(page, "text") == "Kenteken 12-ABC-3"
    assert f"Toevoegen aan signaal {signal.reference}" in page

    added = client.post(f"/signalen/mijn-meldingen/{signal.reference}/",
                        {"addition": "1", "text": _textarea(page, "text")}, follow=True)

    message = MailboxMessage.objects.get(signal=signal)
    assert (message.direction, message.text, message.sender) == (MessageDirection.FROM_REPORTER,
                                                                   "Kenteken 12-ABC-3", reporter)
    assert f"Uw aanvulling is toegevoegd aan signaal {signal.reference}" in added.content.decode()
    assert Signal.objects.count() == 1


def test_a_second_phone_submit_with_changed_words_offers_them_as_a_note_on_the_signal(world, login, catalogue):  # noqa: F811
    officer = world.user("focal_officer")
    client = login(officer)
    token = token_of(client.get("/signalen/telefonisch"))
    client.post("/signalen/telefonisch", form_data(token, intake_channel="phone", municipality=world.a1.pk,
                                                   description="Beller zag busjes."))
    signal = Signal.objects.get()

    response = client.post("/signalen/telefonisch", form_data(
        token, intake_channel="phone", municipality=world.a1.pk, description="Beller zag busjes. Om vijf uur."))

    page = response.content.decode()
    assert response.status_code == 409
    assert f"Dit formulier was al verstuurd als signaal {signal.reference}" in page
    assert f'action="/signalen/{signal.reference}/notitie/"' in page
    assert _textarea(page, "note-text") == "Om vijf uur"
    version = re.search(r'name="note-version" value="(\d+)"', page).group(1)

    noted = client.post(f"/signalen/{signal.reference}/notitie/", {"note-version": version, "note-text": "Om vijf uur"})

    assert noted.status_code == 302
    note = signal.events.get(kind=EventKind.NOTE)
    assert (note.text, note.actor) == ("Om vijf uur", officer)
    assert Signal.objects.count() == 1


def test_a_second_public_submit_with_changed_words_keeps_them_and_offers_them_as_a_message_with_the_code(
        world, client, catalogue):  # noqa: F811
    from schakel.signalling import ratelimit

    ratelimit.clear()
    url = "/melden/regio-a/GM9001/"
    token = token_of(client.get(url))
    first = client.post(url, form_data(token, description="Twintig mannen in het huis op de hoek."))
    code = re.search(r"[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}", first.content.decode()).group(0)
    signal = Signal.objects.get()

    again = client.post(url, form_data(token, description="Twintig mannen in het huis op de hoek. Ook kinderen."))

    page = again.content.decode()
    assert again.status_code == 409
    assert "Dit formulier was al verstuurd." in page and signal.reference not in page and code not in page
    assert "Twintig mannen in het huis op de hoek. Ook kinderen." in page  # the form, as typed
    assert _textarea(page, "text") == "Ook kinderen"
    assert 'action="/melden/postvak?taal=nl"' in page and token_of(again) != token

    sent = client.post("/melden/postvak?taal=nl", {"code": code, "action": "reply", "text": "Ook kinderen"})

    assert sent.status_code == 200
    message = MailboxMessage.objects.get(signal=signal)
    assert (message.direction, message.text) == (MessageDirection.FROM_REPORTER, "Ook kinderen")
    assert Signal.objects.count() == 1
    ratelimit.clear()


def test_a_second_submit_that_changed_only_other_fields_asks_what_to_add(world, login, catalogue):  # noqa: F811
    client = login(world.user("reporter"))
    token = token_of(client.get("/signalen/melden"))
    client.post("/signalen/melden", form_data(token, municipality=world.a1.pk, description="Busje bij de loods."))

    response = client.post("/signalen/melden", form_data(
        token, municipality=world.a1.pk, description="Busje bij de loods.", **{"persons-0-name": "Marek"}))

    page = response.content.decode()
    assert response.status_code == 409
    assert _textarea(page, "text") == ""
    assert "De beschrijving is dezelfde als de eerste keer." in page
    assert 'value="Marek"' in page  # the changed field is still on the form
