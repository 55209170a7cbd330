"""Every intake channel in a real browser, into the focal officer's inbox; axe-core on every page.

Staff form, phone/visit by the focal officer, the public form anonymously in Dutch and in Polish
ending in a receipt code and a reply read through the mailbox, and the partner API.
"""

from __future__ import annotations

import datetime
import re

import pytest
import requests
from playwright.sync_api import expect
from schakel.api.services import issue_token

from schakel.signalling import ratelimit
from schakel.signalling.catalogue import load_indicator_catalogue
from schakel.signalling.models import Channel, MailboxMessage, MessageDirection, Signal
from schakel.signalling.services.mailbox import send_to_reporter

pytestmark = pytest.mark.browser

NOW = datetime.datetime(2026, 3, 4, 10, 0, tzinfo=datetime.timezone.utc)  # Wed 4 March 2026
CODE = re.compile(r"[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}")


@pytest.fixture(autouse=True)
def prepared(world, time_machine):
    time_machine.move_to(NOW, tick=True)
    load_indicator_catalogue()
    ratelimit.clear()


def in_inbox(page, signal: Signal) -> None:
    """The focal officer of the municipality finds the signal in the inbox."""
    page.goto("/signalen/")
    expect(page.locator("table")).to_contain_text(signal.reference)


def test_staff_reporter_reports_in_the_short_form_and_sees_only_arrival(page, signed_in, world, browser_login):
    signed_in("reporter")
    page.goto("/signalen/melden")
    expect(page.get_by_role("heading", level=1)).to_have_text("Signaal melden")

    page.get_by_role("button", name="Signaal versturen").click()  # nothing filled in
    expect(page.locator("#error-summary")).to_contain_text("Beschrijf kort wat u is opgevallen")

    page.get_by_label("Wat is u opgevallen?").fill("Bij de kwekerij wonen mannen in caravans achter de kas.")
    page.locator('input[name="acute_danger"][value="no"]').check()
    page.get_by_label("Arbeidsuitbuiting").check()
    page.locator("summary", has_text="Wanneer en waar").click()
    page.get_by_label("Postcode").fill("1234 AB")
    page.get_by_label("Huisnummer").fill("7")
    page.locator("summary", has_text="Signalen die u herkent").click()
    page.locator(".schakel-indicator-group summary", has_text="Arbeidsuitbuiting").click()
    page.get_by_label("Woont in slechte of overvolle huisvesting die via de werkgever loopt").check()
    page.locator("summary", has_text="Personen").click()
    page.get_by_role("button", name="Nog een persoon toevoegen").click()  # a row without JavaScript
    expect(page.get_by_label("Naam of bijnaam").nth(1)).to_be_visible()
    page.get_by_label("Naam of bijnaam").first.fill("Marek")
    page.get_by_role("button", name="Signaal versturen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Uw signaal is ontvangen")
    signal = Signal.objects.get()
    expect(page.locator("main")).to_contain_text(signal.reference)
    assert (signal.channel, signal.reporter) == (Channel.STAFF, world.user("reporter"))
    assert list(signal.indicators.values_list("code", flat=True)) == ["arbeid-slechte-huisvesting"]
    assert signal.entities.get().data["name"] == "Marek"

    page.get_by_role("link", name="Naar mijn meldingen").click()
    row = page.locator("tbody tr").first
    expect(row).to_contain_text(signal.reference)
    expect(row).to_contain_text("Ontvangen")
    expect(page.locator("main")).not_to_contain_text("caravans")

    browser_login(page, world.user("focal_officer"))
    in_inbox(page, signal)


def test_focal_officer_records_a_phone_call(page, signed_in, world):
    signed_in("focal_officer")
    page.goto("/signalen/telefonisch")

    page.get_by_label("Bezoek aan de balie").check()
    page.get_by_label("Wat heeft de melder verteld?").fill("Bezoeker zag jongeren die 's nachts pakketjes rondbrengen.")
    page.get_by_label("Criminele uitbuiting").check()
    page.locator("summary", has_text="De melder").click()
    page.get_by_label("Naam van de melder").fill("Mevrouw De Wit")
    page.get_by_label("Telefoonnummer van de melder").fill("06 12345678")
    page.get_by_role("button", name="Signaal vastleggen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Het signaal van de melder is vastgelegd")
    main = page.locator("main")
    expect(main).to_contain_text("Het signaal staat op uw naam")
    expect(main).not_to_contain_text("contact met u op")
    signal = Signal.objects.get()
    assert signal.channel == Channel.VISIT and signal.reporter_contact["name"] == "Mevrouw De Wit"
    assert signal.assigned_to == world.user("focal_officer")
    page.get_by_role("link", name=f"Naar signaal {signal.reference}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Signaal {signal.reference}")
    expect(page.locator("main")).to_contain_text("Mevrouw De Wit")
    in_inbox(page, signal)


def _report_publicly(page, *, url: str, description: str, send: str, municipality: str | None = None) -> str:
    page.goto(url)
    if municipality:
        page.locator("#id_municipality").select_option(label=municipality)
    page.locator("#id_description").fill(description)
    page.locator('input[name="acute_danger"][value="no"]').check()
    page.get_by_role("button", name=send).click()
    code = page.locator("#receipt-code")
    expect(code).to_have_text(CODE)
    return code.inner_text()


def _read_reply(page, *, code: str, open_label: str, reply: str, answer: str, send_label: str) -> None:
    page.goto(f"/melden/postvak?taal={page.evaluate('document.documentElement.lang')}")
    page.locator("#id_code").fill(code.lower())
    page.get_by_role("button", name=open_label).click()
    expect(page.locator("main")).to_contain_text(reply)
    page.locator("#id_text").fill(answer)
    page.get_by_role("button", name=send_label).click()
    expect(page.locator("main")).to_contain_text(answer)


def test_anonymous_public_report_in_dutch_with_a_reply_through_the_mailbox(page, world, browser_login):
    code = _report_publicly(page, url="/melden/regio-a/GM9001/", send="Signaal versturen",
                            description="In de autowasstraat werken mannen zonder handschoenen.")
    expect(page.locator("main")).to_contain_text("maar één keer")
    assert page.context.cookies() and {c["name"] for c in page.context.cookies()} <= {"csrftoken"}

    signal = Signal.objects.get()
    assert (signal.channel, signal.reporter, signal.reporter_contact) == (Channel.PUBLIC, None, None)
    send_to_reporter(signal=signal, text="Op welke dagen zag u dit?", sender=world.user("focal_officer"))

    _read_reply(page, code=code, open_label="Berichten lezen", reply="Op welke dagen zag u dit?",
                answer="Op zaterdag en zondag.", send_label="Bericht versturen")
    assert MailboxMessage.objects.get(direction=MessageDirection.FROM_REPORTER).text == "Op zaterdag en zondag."

    browser_login(page, world.user("focal_officer"))
    in_inbox(page, signal)


def test_anonymous_public_report_in_polish_with_a_reply_through_the_mailbox(page, world):
    page.goto("/melden/regio-a/")
    page.get_by_role("link", name="Polski").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zgłoś handel ludźmi")

    code = _report_publicly(page, url=page.url, send="Wyślij zgłoszenie", municipality=world.a2.name,
                            description="Pracownicy z Polski śpią w kontenerach na polu.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dziękujemy, otrzymaliśmy Twoje zgłoszenie")

    signal = Signal.objects.get()
    assert (signal.municipality, signal.reporter_language) == (world.a2, "pl")
    send_to_reporter(signal=signal, text="Czy wie Pan, kto jest pracodawcą?", sender=world.other_municipality)

    _read_reply(page, code=code, open_label="Czytaj wiadomości", reply="Czy wie Pan, kto jest pracodawcą?",
                answer="Firma z Venlo.", send_label="Wyślij wiadomość")


def test_receipt_page_survives_a_language_change_with_its_code(page, world):
    code = _report_publicly(page, url="/melden/regio-a/GM9001/", send="Signaal versturen",
                            description="Op de camping slapen arbeiders in een schuur.")

    page.get_by_role("button", name="Polski").click()

    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.locator("#receipt-code")).to_have_text(code)
    expect(page.locator("#id_description")).to_have_count(0)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#receipt-code")).to_have_text(code)


def test_partner_api_signal_reaches_the_inbox(page, signed_in, world, live_server):
    key = issue_token(world.user("partner_member"))
    body = {"municipality": world.a1.cbs_code, "description": "Controle: 9 werknemers zonder contract.",
            "forms": ["labour"], "phones": [{"number": "+31 6 11223344"}]}
    headers = {"Authorization": f"Token {key}", "Idempotency-Key": "inspectie-2026-17"}

    first = requests.post(f"{live_server.url}/api/v1/signals", json=body, headers=headers, timeout=10)
    again = requests.post(f"{live_server.url}/api/v1/signals", json=body, headers=headers, timeout=10)

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    signal = Signal.objects.get()
    signed_in("focal_officer")
    in_inbox(page, signal)


def test_a_second_submit_with_other_words_offers_to_add_them_to_the_first_signal(page, signed_in, world):
    signed_in("reporter")
    page.goto("/signalen/melden")
    token = page.locator('input[name="form_token"]').input_value()
    page.get_by_label("Wat is u opgevallen?").fill("Een busje haalt elke ochtend mannen op bij de loods.")
    page.locator('input[name="acute_danger"][value="no"]').check()
    page.get_by_role("button", name="Signaal versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw signaal is ontvangen")
    signal = Signal.objects.get()

    # The same form sent again (its token kept, as after the browser's Back), with words added.
    page.goto("/signalen/melden")
    page.locator('input[name="form_token"]').evaluate("(input, token) => input.value = token", token)
    page.get_by_label("Wat is u opgevallen?").fill(
        "Een busje haalt elke ochtend mannen op bij de loods. Kenteken 12-ABC-3.")
    page.locator('input[name="acute_danger"][value="no"]').check()
    page.get_by_role("button", name="Signaal versturen").click()

    alert = page.locator("#sent-before")
    expect(alert).to_contain_text(f"Dit formulier was al verstuurd als signaal {signal.reference}")
    addition = alert.get_by_label(f"Aanvulling op signaal {signal.reference}")
    expect(addition).to_have_value("Kenteken 12-ABC-3")
    alert.get_by_role("button", name=f"Toevoegen aan signaal {signal.reference}").click()

    expect(page.locator(".schakel-messages")).to_contain_text(
        f"Uw aanvulling is toegevoegd aan signaal {signal.reference}")
    expect(page.locator(".schakel-conversation")).to_contain_text("Kenteken 12-ABC-3")
    assert Signal.objects.count() == 1
    assert MailboxMessage.objects.get(signal=signal).direction == MessageDirection.FROM_REPORTER


def test_a_public_form_sent_again_with_other_words_sends_them_as_a_message_with_the_code(page, world):
    page.goto("/melden/regio-a/GM9001/")
    token = page.locator('input[name="form_token"]').input_value()
    page.locator("#id_description").fill("Achter de loods staan drie caravans.")
    page.locator('input[name="acute_danger"][value="no"]').check()
    page.get_by_role("button", name="Signaal versturen").click()
    code = page.locator("#receipt-code").inner_text()
    assert CODE.fullmatch(code)

    # The same form sent again (its token kept, as after the browser's Back), with words added.
    page.goto("/melden/regio-a/GM9001/")
    page.locator('input[name="form_token"]').evaluate("(input, token) => input.value = token", token)
    page.locator("#id_description").fill("Achter de loods staan drie caravans. Er wonen ook kinderen.")
    page.locator('input[name="acute_danger"][value="no"]').check()
    page.get_by_role("button", name="Signaal versturen").click()

    alert = page.locator("#sent-before")
    expect(alert).to_contain_text("Dit formulier was al verstuurd.")
    expect(alert.get_by_label("Aanvulling op uw eerste melding")).to_have_value("Er wonen ook kinderen")
    expect(page.locator("#id_description")).to_have_value("Achter de loods staan drie caravans. Er wonen ook kinderen.")
    alert.get_by_label("Uw code").fill(code)
    alert.get_by_role("button", name="Als bericht versturen").click()

    expect(page.locator(".schakel-conversation")).to_contain_text("Er wonen ook kinderen")
    signal = Signal.objects.get()
    assert MailboxMessage.objects.get(signal=signal).text == "Er wonen ook kinderen"
