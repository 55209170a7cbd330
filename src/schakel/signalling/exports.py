"""The inbox as a spreadsheet: CSV or .xlsx of the current list, with the columns the inbox shows.

No free text leaves through an export by default: only reference, dates, choice labels, the
municipality, the assignee's name and the deadline (the same as the inbox table). The signal's
description is added only when the installation allows it (SCHAKEL_EXPORT_FREE_TEXT) and the
officer asks for it. Every export is written to the access log with its format and the number of
rows, an export with free text flagged. At most EXPORT_LIMIT rows: more is a
sign the filters are too wide (the page says so).
"""

from __future__ import annotations

import csv
import datetime
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Channel, ExploitationForm, SignalStatus
from .rules import DeadlineState
from .selectors import INBOX_COLUMNS, InboxFilters, InboxRow, build_rows, inbox_queryset

EXPORT_LIMIT = 5000
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def free_text_allowed() -> bool:
    from django.conf import settings

    return bool(getattr(settings, "EXPORT_FREE_TEXT_ALLOWED", False))


def headers(*, with_description: bool = False) -> list[str]:
    """The inbox's columns, in its order (inbox.html), plus its markers as columns of their own."""
    columns = [_("Kenmerk"), _("Acuut"), _("Wacht op melder"), _("Nieuw bericht"), _("Ontvangen"), _("Dagen open"),
               _("Kanaal"), _("Vorm"), _("Gemeente"), _("Status"), _("Behandelaar"), _("Termijn"),
               _("Termijnstatus")]
    return [*columns, _("Omschrijving")] if with_description else columns


def _state_label(state: DeadlineState | None) -> str:
    return {DeadlineState.OVERDUE: _("Te laat"), DeadlineState.DUE_SOON: _("Bijna verlopen"),
            DeadlineState.ON_TIME: _("Op tijd")}.get(state, _("Geen lopende termijn"))


def _row(row: InboxRow, *, with_description: bool = False) -> list:
    signal = row.signal
    channels, statuses, forms = dict(Channel.choices), dict(SignalStatus.choices), dict(ExploitationForm.choices)
    officer = signal.assigned_to
    received = timezone.localtime(signal.received_at)
    yes, no = _("ja"), _("nee")
    deadline = row.due_at and timezone.localtime(row.due_at) or row.deadline
    return [
        signal.reference,
        yes if signal.acute_danger else no,
        yes if signal.waiting_for_reporter else no,
        yes if row.unread else no,
        received.replace(tzinfo=None, microsecond=0),
        row.days_open,
        str(channels.get(signal.channel, signal.channel)),
        ", ".join(str(forms.get(value, value)) for value in signal.forms or []),
        signal.municipality.name,
        str(statuses.get(signal.status, signal.status)),
        (officer.get_full_name() or officer.username) if officer is not None else "",
        deadline.replace(tzinfo=None, microsecond=0) if isinstance(deadline, datetime.datetime) else deadline,
        _state_label(row.state),
        *([row.signal.description] if with_description else []),
    ]


def export_rows(*, user, filters: InboxFilters, today: datetime.date, now: datetime.datetime,
                with_description: bool = False) -> tuple[list, bool]:
    """The rows of the whole filtered list (not just one page), and whether the limit cut it off."""
    queryset, _terms = inbox_queryset(user=user, filters=filters, today=today, now=now)
    columns = [*INBOX_COLUMNS, "description"] if with_description else INBOX_COLUMNS
    signals = list(queryset.only(*columns)[:EXPORT_LIMIT + 1])
    cut = len(signals) > EXPORT_LIMIT
    signals = signals[:EXPORT_LIMIT]
    rows = []
    for start in range(0, len(signals), 500):
        rows.extend(_row(row, with_description=with_description)
                    for row in build_rows(signals[start:start + 500], user=user, today=today, now=now))
    return rows, cut


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    # A cell that starts like a formula is read as text by a spreadsheet program (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def as_csv(rows: list, *, with_description: bool = False) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers(with_description=with_description))
    for row in rows:
        writer.writerow([_cell_text(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8


def as_xlsx(rows: list, *, with_description: bool = False) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Signalen"))
    sheet.append(headers(with_description=with_description))
    for row in rows:
        sheet.append([value if isinstance(value, (int, datetime.date)) or value is None else _cell_text(value)
                      for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
