"""The inbox in a real browser (issue 12 part A): an acute signal first and escalated when its norm
passes (fixed clock), a standard message reaching the public mailbox in Polish, a saved filter
reused after a new login, and an export that opens as a spreadsheet with the shown columns.

axe-core checks every page state on the way (tests/fixtures/browser.py).
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from openpyxl import load_workbook
from playwright.sync_api import expect

from schakel.accounts.models import Membership
from schakel.accounts.roles import Role
from schakel.signalling.models import Channel, StandardText
from schakel.signalling.services.escalation import escalate_overdue_acute
from schakel.signalling.services.intake import submit_signal
from tests.factories import UserFactory
from tests.signalling.triage_factories import SignalFactory

pytestmark = pytest.mark.browser

UTC = datetime.timezone.utc
MONDAY_9 = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # Mon 2 March 2026, 09:00 in Amsterdam
COLUMNS = ("Kenmerk", "Ontvangen", "Dagen open", "Kanaal", "Vorm", "Gemeente", "Status", "Behandelaar", "Termijn")


def _first_row(page):
    return page.locator("table tbody tr").first


def test_an_acute_signal_is_first_and_escalated_when_its_norm_passes(page, world, signed_in, time_machine):
    time_machine.move_to(MONDAY_9, tick=True)
    backup = UserFactory(username="vervanger", email="vervanger@aadorp.example")
    Membership.objects.create(user=backup, organisation=world.organisations["a1"], role=Role.FOCAL_OFFICER)
    officer_membership = world.user("focal_officer").memberships.get(role=Role.FOCAL_OFFICER)
    officer_membership.backup = backup
    officer_membership.save()
    SignalFactory(municipality=world.a1, reference="2026-000901", first_reaction_due=datetime.date(2026, 3, 3))
    acute = submit_signal(channel=Channel.STAFF, municipality=world.a1, reporter=world.user("reporter"),
                          payload={"description": "Iemand wordt nu vastgehouden.", "acute_danger": True},
                          notify=False)
    signed_in("focal_officer")

    page.goto("/signalen/")
    expect(_first_row(page)).to_contain_text(acute.reference)
    expect(_first_row(page)).to_contain_text("acuut")
    expect(_first_row(page)).to_contain_text("Bijna verlopen")

    time_machine.move_to(MONDAY_9 + datetime.timedelta(hours=4, minutes=5), tick=True)  # 13:05, norm 13:00
    assert escalate_overdue_acute() == 1
    recipients = {message.to[0] for message in mail.outbox}
    assert {backup.email, world.user("chain_director").email} <= recipients

    page.context.clear_cookies()
    signed_in("focal_officer")  # four hours later the first session has timed out
    page.goto("/signalen/?tab=overdue")
    expect(_first_row(page)).to_contain_text(acute.reference)
    expect(_first_row(page)).to_contain_text("Te laat")
    page.get_by_role("link", name=acute.reference).click()
    expect(page.locator("main")).to_contain_text("Opgeschaald")


def test_a_standard_message_reaches_the_public_mailbox_in_polish(page, world, signed_in):
    StandardText.objects.create(region=world.region_a, title="Ontvangstbevestiging", updated_at=MONDAY_9, texts={
        "nl": "Dank u voor uw melding.", "pl": "Dziękujemy za zgłoszenie. Zajmiemy się nim."})
    signal = submit_signal(channel=Channel.PUBLIC, municipality=world.a1, notify=False,
                           payload={"description": "Mój kolega mieszka w kontenerze.", "language": "pl"})
    signed_in("focal_officer")

    page.goto(f"/signalen/{signal.reference}/")
    section = page.locator("#standaardbericht")
    expect(section).to_contain_text("Polski")
    section.get_by_label("Standaardtekst").select_option(label="Ontvangstbevestiging")
    section.get_by_role("button", name="Standaardbericht versturen").click()
    expect(page.locator(".schakel-messages")).to_contain_text("Het standaardbericht is verstuurd naar de melder.")

    page.context.clear_cookies()
    page.goto("/melden/postvak?taal=pl")
    page.locator("#id_code").fill(signal.receipt_code)
    page.locator("#id_code").press("Enter")
    expect(page.locator("main")).to_contain_text("Dziękujemy za zgłoszenie. Zajmiemy się nim.")
    expect(page.locator("main")).not_to_contain_text("Dank u voor uw melding.")
    expect(page.locator(".schakel-reporter-status")).to_be_visible()


def test_a_saved_filter_is_there_after_a_new_login(page, world, signed_in):
    # A new login is a new session (a fresh session cookie): the login form has its own tests.
    SignalFactory(municipality=world.a1, reference="2026-000021", channel=Channel.PUBLIC)
    SignalFactory(municipality=world.a1, reference="2026-000022", channel=Channel.STAFF)
    signed_in("focal_officer")

    page.goto("/signalen/")
    page.get_by_text("Filters en sortering", exact=True).click()
    page.get_by_label("Kanaal", exact=True).select_option(label="Openbaar formulier")
    page.get_by_role("button", name="Filters toepassen").click()
    expect(page.locator("table")).not_to_contain_text("2026-000022")
    page.get_by_text("Huidige filters bewaren", exact=True).click()
    page.get_by_label("Naam van het filter").fill("Openbare meldingen")
    page.get_by_role("button", name="Filter bewaren").click()
    expect(page.locator(".schakel-messages")).to_contain_text("is bewaard bij Mijn filters")

    page.context.clear_cookies()
    signed_in("focal_officer")
    page.goto("/signalen/")
    expect(page.locator("table")).to_contain_text("2026-000022")
    page.get_by_role("link", name="Openbare meldingen").click()
    expect(page.locator("table")).to_contain_text("2026-000021")
    expect(page.locator("table")).not_to_contain_text("2026-000022")


def test_the_export_opens_as_a_spreadsheet_with_the_shown_columns(page, world, signed_in):
    SignalFactory(municipality=world.a1, reference="2026-000031", description="Geheime tekst over de kas")
    SignalFactory(municipality=world.a1, reference="2026-000032")
    signed_in("focal_officer")

    page.goto("/signalen/")
    headers = page.locator("table thead th")
    for number, column in enumerate(COLUMNS):
        expect(headers.nth(number)).to_contain_text(column)
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (.xlsx)").click()
    content = download.value.path().read_bytes()
    rows = list(load_workbook(io.BytesIO(content)).active.values)
    assert all(column in rows[0] for column in COLUMNS)
    assert {row[0] for row in rows[1:]} == {"2026-000031", "2026-000032"}
    assert not any("Geheime tekst" in str(value) for row in rows for value in row)


def test_at_320_px_each_inbox_row_is_a_block_with_every_value_under_its_column_name(page, world, signed_in):
    officer = world.user("focal_officer")
    SignalFactory(municipality=world.a1, reference="2026-000041", assigned_to=officer, status="in_triage",
                  acute_danger=True)
    SignalFactory(municipality=world.a1, reference="2026-000042")
    signed_in("focal_officer")
    page.set_viewport_size({"width": 320, "height": 800})

    page.goto("/signalen/?tab=open")

    box = page.locator(".schakel-inbox-wrap")
    assert box.evaluate("box => box.scrollWidth <= box.clientWidth + 1")  # nothing hides to the right
    expect(page.locator(".schakel-scroll-hint")).to_have_count(0)
    row = page.locator("table tbody tr", has_text="2026-000041")
    assert row.evaluate("row => getComputedStyle(row).display") == "block"
    status = row.locator("td[data-label='Status']")
    assert status.evaluate("cell => getComputedStyle(cell, '::before').content") == '"Status: "'
    for label in ("Status", "Behandelaar", "Termijn"):  # within the 320 px, not out of sight to the right
        cell = row.locator(f"td[data-label='{label}']").bounding_box()
        assert cell["x"] >= 0 and cell["x"] + cell["width"] <= 320, label
    expect(row.locator("td[data-label='Ontvangen']")).to_contain_text("2 mrt. 2026")
    sort_link = page.locator("thead a", has_text="Behandelaar")  # the column heads: visible sort links
    sort_link.focus()
    expect(sort_link).to_be_visible()
    box_of_link = sort_link.bounding_box()
    assert box_of_link["x"] >= 0 and box_of_link["x"] + box_of_link["width"] <= 320
    first, second = (page.locator("table tbody tr").nth(n).bounding_box() for n in (0, 1))
    assert second["y"] >= first["y"] + first["height"]  # one card under the other, not side by side
