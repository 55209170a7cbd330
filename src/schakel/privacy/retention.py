"""The retention-rule registry: which records of each app expire when (decision 0073).

An app registers a rule in its `AppConfig.ready()`:

    register_retention_rule(
        "signalling.signal.closed_without_follow_up", model=Signal, label=_("..."),
        date_field="closed_at", select=lambda qs: qs.filter(status="closed", close_reason__in=[...]),
        erase=erase_signal, find=find_by_reference, reference_of=lambda s: s.reference,
        figures=signal_figures)

- `date_field`: the moment the period runs from (e.g. the closing date).
- `select(queryset)`: narrows the model's rows to those the rule covers.
- `erase(*, record, actor, reason)`: the app's own service that deletes the record and
  everything that belongs to it (files, search tokens, ...). It writes its own access-log rows.
- `figures(record)`: (figure, municipality_id, month, form) tuples counted into
  `RetainedFigure` before the record goes, so policy figures of earlier years stay exact.
- `find(reference)` / `reference_of(record)`: how people name a record (legal holds, dry run).
- `goes_with(record)`: ids (of the same record type) that `erase` deletes together with the
  record, such as a signal's duplicates. A hold on any of them keeps them all (decision 0073).

The period is data: the default from data/retention.json (or `default_months`), changed per
installation or per region by the privacy officer (`RetentionPeriod`, newest row counts).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Callable

ACCESS_LOG_RULE = "privacy.accesslogentry"
_DATA = Path(__file__).resolve().parent / "data" / "retention.json"


@cache
def default_periods() -> dict[str, dict]:
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("_")}


@dataclass(frozen=True)
class RetentionRule:
    key: str
    label: str
    model: type
    date_field: str
    select: Callable
    erase: Callable | None
    find: Callable | None
    reference_of: Callable
    figures: Callable | None
    default_months: int
    basis: str
    source: str
    region_field: str = "region"
    municipality_field: str = "municipality"
    order: int = 100
    goes_with: Callable | None = None

    @property
    def record_type(self) -> str:
        return self.model._meta.label_lower

    @property
    def noun(self) -> str:
        return str(self.model._meta.verbose_name)


_RULES: dict[str, RetentionRule] = {}


def register_retention_rule(key: str, *, model, label, date_field: str, select: Callable, erase: Callable | None,
                            reference_of: Callable, find: Callable | None = None, figures: Callable | None = None,
                            default_months: int | None = None, basis: str = "", region_field: str = "region",
                            municipality_field: str = "municipality", order: int = 100,
                            goes_with: Callable | None = None) -> RetentionRule:
    if key in _RULES:
        raise ValueError(f"retention rule {key!r} registered twice")
    data = default_periods().get(key, {})
    months = data.get("months", default_months)
    if months is None:
        raise ValueError(f"retention rule {key!r}: no period in data/retention.json and no default_months")
    rule = RetentionRule(
        key=key, label=label, model=model, date_field=date_field, select=select, erase=erase, find=find,
        reference_of=reference_of, figures=figures, default_months=int(months),
        basis=basis or data.get("basis", ""), source=data.get("source", ""), region_field=region_field,
        municipality_field=municipality_field, order=order, goes_with=goes_with)
    _RULES[key] = rule
    return rule


def unregister_retention_rule(key: str) -> None:
    """For tests that register rules of their own."""
    _RULES.pop(key, None)


def rules() -> list[RetentionRule]:
    return sorted(_RULES.values(), key=lambda rule: (rule.order, rule.key))


def get_rule(key: str) -> RetentionRule | None:
    return _RULES.get(key)


def rules_for_type(record_type: str) -> list[RetentionRule]:
    return [rule for rule in rules() if rule.record_type == record_type]


def record_types() -> dict[str, RetentionRule]:
    """One rule per record type (the first), for finding a record by its reference."""
    found: dict[str, RetentionRule] = {}
    for rule in rules():
        if rule.find is not None:
            found.setdefault(rule.record_type, rule)
    return found


def erased_together(rule: RetentionRule, record) -> set[str]:
    """The ids that go when `record` is erased: its own and what goes with it (as strings)."""
    ids = {str(record.pk)}
    if rule.goes_with is not None:
        ids |= {str(pk) for pk in rule.goes_with(record)}
    return ids


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same moment `months` calendar months earlier (the 31st becomes the month's last day)."""
    import calendar

    total = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(total, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def access_log_default_months() -> int:
    return int(default_periods().get(ACCESS_LOG_RULE, {}).get("months", 60))


def period_months(rule_key: str, region_id: int | None = None, *, default: int | None = None) -> int:
    """The period in force for a rule in a region: the region's, else the installation's, else the default."""
    from .models import RetentionPeriod

    rows = RetentionPeriod.objects.filter(rule_key=rule_key).order_by("-changed_at", "-id")
    if region_id is not None:
        regional = rows.filter(region_id=region_id).values_list("months", flat=True).first()
        if regional is not None:
            return regional
    general = rows.filter(region__isnull=True).values_list("months", flat=True).first()
    if general is not None:
        return general
    if default is not None:
        return default
    rule = get_rule(rule_key)
    return rule.default_months if rule else access_log_default_months()


def regional_periods(rule_key: str) -> dict[int, int]:
    """{region_id: months} for every region with a period of its own (newest row per region)."""
    from .models import RetentionPeriod

    periods: dict[int, int] = {}
    for region_id, months in (RetentionPeriod.objects.filter(rule_key=rule_key, region__isnull=False)
                              .order_by("region_id", "-changed_at", "-id").values_list("region_id", "months")):
        periods.setdefault(region_id, months)
    return periods
