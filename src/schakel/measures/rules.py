"""Pure rules of measures: checking a type's details and computing step deadlines. No ORM, no clock."""

from __future__ import annotations

import calendar
import datetime

import jsonschema

from schakel.signalling.rules import working_days_after

from .catalogue import START, MeasureType, StepType

EMPTY = (None, "", [])


def clean_details(kind: MeasureType, raw: dict) -> dict:
    """The values of the type's fields that were filled in, as JSON values (dates as ISO text)."""
    cleaned = {}
    for name in kind.fields:
        value = raw.get(name)
        if isinstance(value, datetime.date):
            value = value.isoformat()
        if value in EMPTY or value is False:  # an unticked box is not a fact worth keeping
            continue
        cleaned[name] = value
    return cleaned


def _schema_message(kind: MeasureType, error: jsonschema.ValidationError) -> tuple[str, str]:
    if error.validator == "required":
        name = error.message.split("'")[1] if "'" in error.message else "__all__"
        return name, f"Vul ‘{kind.field_title(name)}’ in: dit is verplicht bij {kind.label.lower()}."
    name = str(error.absolute_path[0]) if error.absolute_path else "__all__"
    title = kind.field_title(name)
    messages = {
        "type": f"‘{title}’ heeft niet de goede vorm.",
        "format": f"‘{title}’ is geen geldige datum.",
        "minimum": f"‘{title}’ moet minstens {error.validator_value} zijn.",
        "maximum": f"‘{title}’ mag hoogstens {error.validator_value} zijn.",
        "maxLength": f"‘{title}’ mag hoogstens {error.validator_value} tekens hebben.",
        "oneOf": f"Kies bij ‘{title}’ een van de mogelijkheden.",
        "uniqueItems": f"Kies bij ‘{title}’ elke mogelijkheid hoogstens één keer.",
        "additionalProperties": "Er is een veld ingevuld dat deze soort maatregel niet kent.",
    }
    return name, messages.get(error.validator, f"‘{title}’ is niet goed ingevuld.")


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def check_details(kind: MeasureType, details: dict) -> dict[str, list[str]]:
    """Every problem with `details` (as `clean_details` gives them), per field; empty when all is well."""
    problems: dict[str, list[str]] = {}
    validator = jsonschema.Draft202012Validator(kind.schema, format_checker=jsonschema.FormatChecker())
    for error in validator.iter_errors(details):
        name, message = _schema_message(kind, error)
        problems.setdefault(name, []).append(message)
    for rule in kind.rules:
        if rule["kind"] == "requires":
            if details.get(rule["field"]) not in EMPTY and details.get(rule["requires"]) in EMPTY:
                problems.setdefault(rule["field"], []).append(rule["message"])
        elif rule["kind"] == "date_order":
            first, then = _date(details.get(rule["first"])), _date(details.get(rule["then"]))
            if first and then and then < first:
                problems.setdefault(rule["then"], []).append(rule["message"])
    return problems


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def count_from(start: datetime.date, unit: str, amount: int, *,
               closed_days: frozenset[datetime.date] = frozenset()) -> datetime.date:
    if unit == "calendar_days":
        return start + datetime.timedelta(days=amount)
    if unit == "weeks":
        return start + datetime.timedelta(weeks=amount)
    if unit == "months":
        return add_months(start, amount)
    if unit == "working_days":
        return working_days_after(start, amount, closed_days=closed_days)
    raise ValueError(f"unknown deadline unit {unit!r}")


def step_due(step: StepType, details: dict, started_on: datetime.date, *,
             closed_days: frozenset[datetime.date] = frozenset()) -> datetime.date | None:
    """The step's deadline, or None while the date it counts from (or its amount) is not known."""
    deadline = step.deadline
    if deadline is None:
        return None
    start = started_on if deadline.source_field == START else _date(details.get(deadline.source_field))
    amount = deadline.amount if deadline.amount_field is None else details.get(deadline.amount_field)
    if start is None or not isinstance(amount, int):
        return None
    return count_from(start, deadline.unit, amount, closed_days=closed_days)


def step_filled(step: StepType, details: dict) -> bool:
    """A step with `done_when` is done once that field is filled in."""
    return bool(step.done_when) and details.get(step.done_when) not in EMPTY
