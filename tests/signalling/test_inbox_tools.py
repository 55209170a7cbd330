"""The inbox's tools: sorting on every column, days open, the unread marker, 'Mijn filters', export."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from schakel.privacy.models import AccessLogEntry
from schakel.signalling.models import SavedFilter
from schakel.signalling.selectors import SortOrder
from schakel.signalling.services import mailbox

from .triage_factories import SignalFactory

UTC = datetime.timezone.utc
pytestmark = pytest.mark.django_db


@pytest.fixture
def signals(world, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 12, 10, 0, tzinfo=UTC), tick=False)
    officer = world.user("focal_officer")
    return [
        SignalFactory(municipality=world.a1, reference="2026-000010", channel="public", status="in_triage",
                      assigned_to=officer, description="Geheime tekst over de kas"),
        SignalFactory(municipality=world.a1, reference="2026-000011", channel="staff",
                      received_at=datetime.datetime(2026, 3, 10, 9, 0, tzinfo=UTC)),
    ]


@pytest.mark.parametrize("sort", SortOrder.values)
def test_every_sort_order_answers(world, login, signals, sort):
    response = login(world.user("focal_officer")).get("/signalen/", {"sort": sort})
    assert response.status_code == 200
    assert "2026-000010" in response.content.decode()


def test_sorting_on_a_column_and_back(world, login, signals):
    client = login(world.user("focal_officer"))
    page = client.get("/signalen/", {"sort": "reference_desc"}).content.decode()
    assert page.index("2026-000011") < page.index("2026-000010")
    assert 'aria-sort="descending"' in page
    page = client.get("/signalen/", {"sort": "reference"}).content.decode()
    assert page.index("2026-000010") < page.index("2026-000011")


def test_days_open_and_the_unread_marker_that_opening_the_signal_clears(world, login, signals):
    client = login(world.user("focal_officer"))
    mailbox.answer_from_reporter(signal=signals[0], text="Nog een detail.")
    page = client.get("/signalen/").content.decode()
    row = page[page.index("2026-000010"):].split("</tr>", 1)[0]
    assert "nieuw bericht" in row and '<td class="utrecht-table__cell schakel-number" data-label="Dagen open">10</td>' in row
    client.get("/signalen/2026-000010/")
    row = client.get("/signalen/").content.decode()
    assert "nieuw bericht" not in row[row.index("2026-000010"):].split("</tr>", 1)[0]


def test_a_saved_filter_is_the_users_own(world, login, signals):
    officer = world.user("focal_officer")
    client = login(officer)
    response = client.post("/signalen/filters", {"name": "Publiek", "channel": "public", "tab": "open",
                                                 "unknown": "x"})
    assert response.status_code == 302
    saved = SavedFilter.objects.get(user=officer)
    assert saved.params == {"channel": "public", "tab": "open"}
    page = client.get("/signalen/").content.decode()
    assert ">Publiek</a>" in page and "channel=public" in page
    assert client.post("/signalen/filters", {"name": ""}).status_code == 302  # refused with a message
    assert SavedFilter.objects.count() == 1
    other = login(world.other_municipality)
    assert other.post(f"/signalen/filters/{saved.pk}/verwijderen").status_code == 404
    assert login(officer).post(f"/signalen/filters/{saved.pk}/verwijderen").status_code == 302
    assert not SavedFilter.objects.exists()


def test_csv_export_has_the_shown_columns_no_free_text_and_is_logged(world, login, signals):
    response = login(world.user("focal_officer")).get("/signalen/export", {"formaat": "csv", "channel": "public"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:2] == ["Kenmerk", "Acuut"] and "Termijn" in rows[0] and "Dagen open" in rows[0]
    assert [row[0] for row in rows[1:]] == ["2026-000010"]
    assert "Geheime tekst" not in text
    entry = AccessLogEntry.objects.get(action="export")
    assert entry.reason == "inbox: export csv van 1 signalen"


def test_xlsx_export_opens_as_a_spreadsheet(world, login, signals):
    response = login(world.user("focal_officer")).get("/signalen/export", {"formaat": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == "Kenmerk" and len(values) == 3
    assert {row[0] for row in values[1:]} == {"2026-000010", "2026-000011"}


def test_an_unknown_export_format_is_not_there(world, login, signals):
    assert login(world.user("focal_officer")).get("/signalen/export", {"formaat": "pdf"}).status_code == 404


def test_free_text_in_an_export_is_refused_unless_the_installation_allows_it(world, login, signals):
    client = login(world.user("focal_officer"))
    assert "met omschrijving" not in client.get("/signalen/").content.decode()
    assert client.get("/signalen/export", {"formaat": "csv", "omschrijving": "ja"}).status_code == 403


def test_an_allowed_export_with_free_text_carries_the_description_and_is_flagged(world, login, signals, settings):
    settings.EXPORT_FREE_TEXT_ALLOWED = True
    client = login(world.user("focal_officer"))
    assert "Excel met omschrijving" in client.get("/signalen/").content.decode()
    response = client.get("/signalen/export", {"formaat": "csv", "omschrijving": "ja", "channel": "public"})
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].endswith(";Omschrijving")
    assert "Geheime tekst over de kas" in text
    entry = AccessLogEntry.objects.get(action="export")
    assert entry.flagged and "met omschrijving" in entry.reason
