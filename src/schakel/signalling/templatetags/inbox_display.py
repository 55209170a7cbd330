"""The inbox's table rows and filter fields, written in Python with the same HTML as the templates.

Rendering the 25 rows and the eight filter fields through template nodes (a variable look-up,
an `{% if %}` or a `{% translate %}` each, and Django's widget templates for the inputs) cost
more CPU than the page's queries (make bench finding 3, and again after it: about 6 of the 9 ms
the page took to render). Here each row is computed once as plain strings and joined into HTML,
every value escaped; the fields print what `signalling/triage/_select.html` and `_field.html`
print (tests/signalling/test_inbox_rendering.py compares both, in Dutch and English).
"""

from __future__ import annotations

import functools

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from schakel.web.templatetags.schakel_shell import datum, datum_tijd

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


@functools.lru_cache(maxsize=16)
def _labels(language: str | None) -> tuple[dict, dict, dict, dict]:
    # The translated labels per language: the catalogues do not change while the process runs.
    return ({value: str(label) for value, label in Channel.choices},
            {value: str(label) for value, label in SignalStatus.choices},
            {value: str(label) for value, label in ExploitationForm.choices},
            _deadline_labels())


@register.filter
def inbox_rows(rows) -> list[dict]:
    """Each InboxRow as printable values (plain strings, not yet escaped)."""
    link = reverse("signalling:signal-detail", kwargs={"reference": _PLACEHOLDER})
    channels, statuses, forms, states = _labels(get_language())
    zone = timezone.get_current_timezone()
    printable = []
    for row in rows:
        signal = row.signal
        received = timezone.localtime(signal.received_at, zone)
        officer = signal.assigned_to
        state = row.state.value if row.state is not None else ""
        due_at = timezone.localtime(row.due_at, zone) if getattr(row, "due_at", None) else None
        printable.append({
            "reference": signal.reference,
            "url": link.replace(_PLACEHOLDER, signal.reference),
            "acute_danger": signal.acute_danger,
            "waiting_for_reporter": signal.waiting_for_reporter,
            "received_iso": received.isoformat(),
            "received_text": datum_tijd(received),  # one date style on every page: "2 mrt. 2026 09:15"
            "channel": channels.get(signal.channel, signal.channel),
            "forms": ", ".join(forms.get(value, value) for value in signal.forms or []) or "–",
            "municipality": signal.municipality.name,
            "status": statuses.get(signal.status, signal.status),
            "assignee": (officer.get_full_name() or officer.username) if officer is not None else "",
            "days_open": getattr(row, "days_open", 0),
            "unread": getattr(row, "unread", 0),
            # An acute signal's norm is a moment: the time is shown with the day.
            "due_iso": due_at.isoformat() if due_at else row.deadline.isoformat() if row.deadline else "",
            "due_text": datum_tijd(due_at) if due_at else datum(row.deadline) if row.deadline else "",
            "state": state,
            "state_label": states.get(state, ""),
        })
    return printable


# Each cell names its column (data-label): at 320 px the rows stack as blocks (triage.css),
# every value under its column's name, so nothing hides to the right of the screen.
_ROW = """
    <tr class="utrecht-table__row">
      <td class="utrecht-table__cell" data-label="{l0}"><a class="utrecht-link" href="{url}">{reference}</a>{flags}</td>
      <td class="utrecht-table__cell" data-label="{l1}"><time datetime="{received_iso}">{received_text}</time></td>
      <td class="utrecht-table__cell schakel-number" data-label="{l2}">{days_open}</td>
      <td class="utrecht-table__cell" data-label="{l3}">{channel}</td>
      <td class="utrecht-table__cell" data-label="{l4}">{forms}</td>
      <td class="utrecht-table__cell" data-label="{l5}">{municipality}</td>
      <td class="utrecht-table__cell" data-label="{l6}">{status}</td>
      <td class="utrecht-table__cell" data-label="{l7}">{assignee}</td>
      <td class="utrecht-table__cell" data-label="{l8}">{deadline}</td>
    </tr>"""


@register.simple_tag
def inbox_table_rows(rows, columns=()) -> SafeString:
    """`{% inbox_table_rows result.rows columns %}`: the table's <tr> elements, one per InboxRow.

    `columns` are the header's columns (each with its `label`), in the cells' order.
    """
    labels = [escape(column["label"]) for column in columns][:9]
    labels += [""] * (9 - len(labels))
    label_args = {f"l{number}": label for number, label in enumerate(labels)}
    acute = f' <strong>{escape(gettext("acuut"))}</strong>'
    waiting = f' <span class="schakel-status">{escape(gettext("wacht op melder"))}</span>'
    nobody = f'<span>{escape(gettext("niemand"))}</span>'
    no_deadline = ('<span class="schakel-deadline schakel-deadline--none">'
                   f'{escape(gettext("Geen lopende termijn"))}</span>')
    unread = (' <span class="schakel-status schakel-status--unread">'
              f'{escape(gettext("nieuw bericht"))}</span>')
    html = []
    for row in inbox_rows(rows):
        deadline = no_deadline
        if row["due_iso"]:
            deadline = (f'<span class="schakel-deadline schakel-deadline--{escape(row["state"])}">'
                        f'{escape(row["state_label"])}</span> '
                        f'<time datetime="{escape(row["due_iso"])}">{escape(row["due_text"])}</time>')
        html.append(_ROW.format(
            url=escape(row["url"]), reference=escape(row["reference"]),
            flags=(acute if row["acute_danger"] else "") + (waiting if row["waiting_for_reporter"] else "")
            + (unread if row["unread"] else ""), days_open=int(row["days_open"]),
            received_iso=escape(row["received_iso"]), received_text=escape(row["received_text"]),
            channel=escape(row["channel"]), forms=escape(row["forms"]), municipality=escape(row["municipality"]),
            status=escape(row["status"]), assignee=escape(row["assignee"]) if row["assignee"] else nobody,
            deadline=deadline, **label_args))
    return mark_safe("".join(html))  # noqa: S308  (every value above is escaped)


def _label_and_messages(field) -> tuple[str, str, str]:
    """The label, help text and error message lines both field kinds print, and the field's id."""
    auto_id = conditional_escape(field.auto_id)
    help_text = ""
    if field.help_text:
        help_text = (f'<div class="utrecht-form-field-description" id="{auto_id}_helptext">'
                     f'{conditional_escape(field.help_text)}</div>')
    errors = ""
    if field.errors:
        errors = (f'<div class="utrecht-form-field-error-message" id="{auto_id}_error">'
                  + "".join(f"<p>{conditional_escape(error)}</p>" for error in field.errors) + "</div>")
    return auto_id, help_text, errors


def _select(field) -> str:
    # signalling/triage/_select.html
    auto_id, help_text, errors = _label_and_messages(field)
    current = field.value()
    current = "" if current is None else current
    describedby = field.aria_describedby
    attributes = (" required" if field.field.required else "") + (' aria-invalid="true"' if field.errors else "") \
        + (f' aria-describedby="{conditional_escape(describedby)}"' if describedby else "")
    options = "".join(
        f'\n  <option value="{conditional_escape(value)}"{" selected" if value == current else ""}>'
        f"{conditional_escape(label)}</option>" for value, label in field.field.choices)
    invalid = " utrecht-form-field--invalid" if field.errors else ""
    return (f'\n<div class="utrecht-form-field schakel-field{invalid}">\n'
            f'  <label class="utrecht-form-label" for="{auto_id}">{conditional_escape(field.label)}</label>\n'
            f"  {help_text}\n  {errors}\n"
            f'  <select name="{conditional_escape(field.html_name)}"{attributes} id="{auto_id}">{options}\n'
            f"</select>\n</div>")


def _input(field) -> str:
    # web/_field.html with hide_optional=True, for a one-line input; the <input> as
    # django/forms/widgets/input.html and attrs.html write it, from the widget's own context.
    auto_id, help_text, errors = _label_and_messages(field)
    widget = field.field.widget
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    value = "" if context["value"] is None else f' value="{conditional_escape(str(context["value"]))}"'
    flattened = "".join(
        f" {conditional_escape(name)}" + ("" if attr is True else f'="{conditional_escape(str(attr))}"')
        for name, attr in context["attrs"].items() if attr is not False)
    invalid = " utrecht-form-field--invalid" if field.errors else ""
    return (f'\n\n<div class="utrecht-form-field schakel-field{invalid}">\n'
            f'  <label class="utrecht-form-label" for="{conditional_escape(field.id_for_label)}">'
            f"{conditional_escape(field.label)}</label>\n"
            f"  {help_text}\n  {errors}\n"
            f'  <input type="{conditional_escape(context["type"])}" name="{conditional_escape(context["name"])}"'
            f"{value}{flattened}>\n</div>\n\n")


@register.simple_tag
def inbox_field(field) -> SafeString:
    """`{% inbox_field form.sector %}`: a filter field as _select.html (choices) or _field.html (input)."""
    if hasattr(field.field, "choices"):
        return mark_safe(_select(field))  # noqa: S308  (every value is escaped in _select)
    return mark_safe(_input(field))  # noqa: S308  (every value is escaped in _input)
