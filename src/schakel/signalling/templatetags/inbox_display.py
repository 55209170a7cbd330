"""The inbox's rows, ready to print: every label, date and link computed once, in Python.

Rendering the 25 rows through template lookups, date filters, `{% url %}` and an included
deadline template per row took more time than the page's queries (make bench finding 3); here
each row becomes a dict of plain strings, with the same texts, formats and links.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext

from ..models import Channel, ExploitationForm, SignalStatus
from ..rules import DeadlineState

register = template.Library()

_PLACEHOLDER = "0000-000000"


def _deadline_labels() -> dict:
    # The texts of signalling/triage/_deadline.html (the signal page shows the same badge).
    return {
        DeadlineState.OVERDUE.value: gettext("Te laat"),
        DeadlineState.DUE_SOON.value: gettext("Bijna verlopen"),
        DeadlineState.ON_TIME.value: gettext("Op tijd"),
    }


def _day_text(day, months: dict[int, str]) -> str:
    # What the `date` filter makes of "j M Y" (e.g. "2 mrt 2026"), without its per-call format lookups.
    return f"{day.day} {months[day.month]} {day.year}"


@register.filter
def inbox_rows(rows) -> list[dict]:
    """`{% for row in result.rows|inbox_rows %}`: each InboxRow as printable values."""
    link = reverse("signalling:signal-detail", kwargs={"reference": _PLACEHOLDER})
    channels = {value: str(label) for value, label in Channel.choices}
    statuses = {value: str(label) for value, label in SignalStatus.choices}
    forms = {value: str(label) for value, label in ExploitationForm.choices}
    states = _deadline_labels()
    months = {number: str(name).title() for number, name in MONTHS_3.items()}
    printable = []
    for row in rows:
        signal = row.signal
        received = timezone.localtime(signal.received_at)
        officer = signal.assigned_to
        state = row.state.value if row.state is not None else ""
        printable.append({
            "reference": signal.reference,
            "url": link.replace(_PLACEHOLDER, signal.reference),
            "acute_danger": signal.acute_danger,
            "waiting_for_reporter": signal.waiting_for_reporter,
            "received_iso": received.isoformat(),
            "received_text": f"{_day_text(received, months)} {received:%H:%M}",
            "channel": channels.get(signal.channel, signal.channel),
            "forms": ", ".join(forms.get(value, value) for value in signal.forms or []) or "–",
            "municipality": signal.municipality.name,
            "status": statuses.get(signal.status, signal.status),
            "assignee": (officer.get_full_name() or officer.username) if officer is not None else "",
            "due_iso": row.deadline.isoformat() if row.deadline else "",
            "due_text": _day_text(row.deadline, months) if row.deadline else "",
            "state": state,
            "state_label": states.get(state, ""),
        })
    return printable
