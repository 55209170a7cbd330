"""The purge: delete what is past its retention period, keep the figures, log how many (decision 0073).

`apply_retention(now=..., dry_run=True)` lists what would go; without `dry_run` it deletes in
batches, each record in its own transaction together with its pre-aggregated figures. Records
under a legal hold are skipped, and so is a record when anything erased with it (a signal's
duplicate) is held: a hold on either keeps both. The purge log (`PurgeLogEntry`) says per rule and municipality
how many, when and under which period; never what they contained. The access log is purged
behind a checkpoint (`schakel.privacy.checkpoint`).
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import F, ProtectedError, RestrictedError

from . import retention
from .area import OfficerArea
from .checkpoint import access_log_cut, purge_access_log
from .models import LegalHold, PurgeLogEntry, PurgeTrigger, RetainedFigure

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
SAMPLE_SIZE = 25


@dataclass
class RuleResult:
    key: str
    label: str
    noun: str
    months: int
    count: int = 0
    held: int = 0
    blocked: int = 0  # another app's rows still protect the record (it registered no erasure listener)
    sample: list[str] = field(default_factory=list)  # references, for the dry run only
    # Dry run only: (reference of the skipped record, ids of the held records that keep it).
    held_sample: list[tuple[str, list[str]]] = field(default_factory=list)
    regional: bool = False


@dataclass
class RetentionReport:
    dry_run: bool
    at: datetime.datetime
    results: list[RuleResult] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(result.count for result in self.results)

    def describe(self) -> str:
        verb = "zou verwijderen" if self.dry_run else "verwijderd"
        return "; ".join(f"{result.key}: {result.count} {verb}"
                         + (f" ({result.held} bewaarplicht)" if result.held else "")
                         + (f" ({result.blocked} geblokkeerd door gekoppelde gegevens)" if result.blocked else "")
                         for result in self.results)


def held_ids(record_type: str) -> set[str]:
    return set(LegalHold.objects.filter(record_type=record_type, lifted_at__isnull=True)
               .values_list("record_id", flat=True))


def expired(rule: retention.RetentionRule, *, now: datetime.datetime, area: OfficerArea | None = None):
    """The rule's records past their period at `now` (regional periods applied), oldest first."""
    queryset = rule.select(rule.model._default_manager.all())
    regional = retention.regional_periods(rule.key)
    default_months = retention.period_months(rule.key)
    date_field, region_field = rule.date_field, f"{rule.region_field}_id"
    condition = models.Q(**{f"{date_field}__lt": retention.months_before(now, default_months)})
    if regional:
        condition &= ~models.Q(**{f"{region_field}__in": sorted(regional)})
    for region_id, months in regional.items():
        condition |= models.Q(**{region_field: region_id,
                                 f"{date_field}__lt": retention.months_before(now, months)})
    queryset = queryset.filter(condition, **{f"{date_field}__isnull": False})
    if area is not None:
        queryset = queryset.filter(area.record_filter(rule.municipality_field, rule.region_field))
    return queryset.order_by(date_field, "pk"), default_months, bool(regional)


def _keep_figures(rule: retention.RetentionRule, record) -> None:
    if rule.figures is None:
        return
    for figure, municipality_id, month, form in rule.figures(record):
        month = month.replace(day=1)
        row, _ = RetainedFigure.objects.get_or_create(figure=figure, municipality_id=municipality_id, month=month,
                                                      form=form or "")
        RetainedFigure.objects.filter(pk=row.pk).update(count=F("count") + 1)


def keep_figures_of(rule: retention.RetentionRule, record, together: set[str]) -> None:
    """Keep the figures of the record and of everything erased with it (a signal's duplicates)."""
    _keep_figures(rule, record)
    others = sorted(pk for pk in together if pk != str(record.pk))
    if others and rule.figures is not None:
        for other in rule.model._default_manager.filter(pk__in=others).order_by("pk"):
            _keep_figures(rule, other)


def _record_date(record, rule) -> datetime.date | None:
    value = getattr(record, rule.date_field, None)
    return value.date() if isinstance(value, datetime.datetime) else value


def apply_retention(*, now: datetime.datetime, dry_run: bool, trigger: str = PurgeTrigger.JOB, actor=None,
                    area: OfficerArea | None = None, batch_size: int = BATCH_SIZE,
                    include_access_log: bool = True) -> RetentionReport:
    """Run every rule (or list what it would do); `area` limits it to a privacy officer's area."""
    report = RetentionReport(dry_run=dry_run, at=now)
    for rule in retention.rules():
        report.results.append(_apply_rule(rule, now=now, dry_run=dry_run, trigger=trigger, actor=actor, area=area,
                                          batch_size=batch_size))
    if include_access_log and area is None:
        report.results.append(_apply_access_log(now=now, dry_run=dry_run, trigger=trigger, actor=actor))
    return report


def _apply_rule(rule, *, now, dry_run, trigger, actor, area, batch_size) -> RuleResult:
    queryset, months, regional = expired(rule, now=now, area=area)
    result = RuleResult(key=rule.key, label=str(rule.label), noun=rule.noun, months=months, regional=regional)
    held = held_ids(rule.record_type)
    if dry_run:
        for record in queryset.iterator(chunk_size=batch_size):
            held_here = retention.erased_together(rule, record) & held
            if held_here:
                result.held += 1
                if len(result.held_sample) < SAMPLE_SIZE:
                    result.held_sample.append((rule.reference_of(record), sorted(held_here)))
                continue
            result.count += 1
            if len(result.sample) < SAMPLE_SIZE:
                result.sample.append(rule.reference_of(record))
        return result
    # (municipality, region) -> [count, oldest, newest]
    tallies: dict[tuple, list] = defaultdict(lambda: [0, None, None])
    skipped: set[int] = set()
    reason = f"Bewaartermijn verstreken ({rule.key}, {months} maanden)"
    while True:
        batch = list(queryset.exclude(pk__in=skipped)[:batch_size])
        if not batch:
            break
        for record in batch:
            together = retention.erased_together(rule, record)
            if together & held:
                result.held += 1
                skipped.add(record.pk)
                continue
            key = (getattr(record, f"{rule.municipality_field}_id", None), getattr(record, f"{rule.region_field}_id"))
            day = _record_date(record, rule)
            try:
                with transaction.atomic():
                    # A hold placed while the purge runs still counts, on the record or on what goes with it.
                    if LegalHold.objects.filter(record_type=rule.record_type, record_id__in=sorted(together),
                                                lifted_at__isnull=True).exists():
                        result.held += 1
                        skipped.add(record.pk)
                        continue
                    keep_figures_of(rule, record, together)
                    rule.erase(record=record, actor=actor, reason=reason)
            except (ProtectedError, RestrictedError):
                # Rows of an app that did not register its erasure still point at the record: the
                # whole record stays (its transaction rolled back, files included) and the rest goes on.
                logger.warning("retention %s: %s %s kept, other rows still refer to it", rule.key,
                               rule.record_type, record.pk)
                result.blocked += 1
                skipped.add(record.pk)
                continue
            tally = tallies[key]
            tally[0] += 1
            tally[1] = day if tally[1] is None or (day and day < tally[1]) else tally[1]
            tally[2] = day if tally[2] is None or (day and day > tally[2]) else tally[2]
            result.count += 1
    for (municipality_id, region_id), (count, oldest, newest) in sorted(tallies.items(), key=str):
        PurgeLogEntry.objects.create(at=now, rule_key=rule.key, record_type=rule.record_type, count=count,
                                     months=months, oldest=oldest, newest=newest, trigger=trigger, actor=actor,
                                     municipality_id=municipality_id, region_id=region_id)
    return result


def _apply_access_log(*, now, dry_run, trigger, actor) -> RuleResult:
    months = retention.period_months(retention.ACCESS_LOG_RULE)
    before = retention.months_before(now, months)
    result = RuleResult(key=retention.ACCESS_LOG_RULE, label="Toegangslog", noun="toegangslogregel", months=months)
    if dry_run:
        cut = access_log_cut(before=before)
        result.count = cut.rows if cut else 0
        return result
    checkpoint = purge_access_log(before=before, now=now)
    if checkpoint is not None and checkpoint.rows_removed:
        result.count = checkpoint.rows_removed
        PurgeLogEntry.objects.create(at=now, rule_key=retention.ACCESS_LOG_RULE,
                                     record_type=retention.ACCESS_LOG_RULE, count=checkpoint.rows_removed,
                                     months=months, oldest=None, newest=before.date(), trigger=trigger, actor=actor)
    return result
