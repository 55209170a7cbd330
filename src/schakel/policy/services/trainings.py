"""Trainings: recorded with participants per department; coverage and refreshers due."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from schakel.clock import now

from ..models import FRONT_LINE_DEPARTMENTS, RegionPolicySettings, Training, TrainingAttendance
from . import PolicyError

DEFAULT_REFRESHER_MONTHS = RegionPolicySettings._meta.get_field("refresher_months").default


@transaction.atomic
def record_training(*, actor, municipality, data: dict, counts: dict[str, int]) -> Training:
    counts = {department: n for department, n in counts.items() if n}
    if not counts:
        raise PolicyError(_("Vul bij ten minste één afdeling het aantal deelnemers in."))
    if any(n < 0 for n in counts.values()):
        raise PolicyError(_("Een aantal deelnemers kan niet negatief zijn."))
    existing = Training.objects.filter(municipality=municipality, title=data["title"], held_on=data["held_on"],
                                       provider=data["provider"]).first()
    if existing is not None:  # a double submit records one training
        return existing
    training = Training.objects.create(municipality=municipality, created_by=actor, created_at=now(), **data)
    TrainingAttendance.objects.bulk_create(
        TrainingAttendance(training=training, department=department, participants=n)
        for department, n in counts.items())
    return training


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class CoverageCell:
    department: str
    label: str
    last_on: datetime.date | None
    participants: int  # in trainings within the refresher period
    due_on: datetime.date | None

    def status(self, today) -> str:
        if self.last_on is None:
            return "never"
        return "due" if self.due_on <= today else "current"


@dataclass(frozen=True)
class Coverage:
    municipality: object
    months: int
    cells: list[CoverageCell]

    def covered(self, today) -> int:
        return sum(1 for c in self.cells if c.status(today) == "current")


def coverages(municipalities, today) -> list[Coverage]:
    """The coverage of each municipality, read in two queries whatever their number."""
    municipalities = list(municipalities)
    region_of = {m.pk: getattr(getattr(m, "region_membership", None), "region_id", None) for m in municipalities}
    months_by_region = dict(RegionPolicySettings.objects.filter(region_id__in=set(region_of.values()) - {None})
                            .values_list("region_id", "refresher_months"))
    attendances: dict[int, list] = {}
    for attendance in TrainingAttendance.objects.filter(training__municipality__in=municipalities).select_related(
            "training"):
        attendances.setdefault(attendance.training.municipality_id, []).append(attendance)
    result = []
    for municipality in municipalities:
        months = months_by_region.get(region_of[municipality.pk], DEFAULT_REFRESHER_MONTHS)
        since = add_months(today, -months)
        cells = []
        mine_all = attendances.get(municipality.pk, [])
        for department in FRONT_LINE_DEPARTMENTS:
            mine = [a for a in mine_all if a.department == department]
            last = max((a.training.held_on for a in mine), default=None)
            recent = sum(a.participants for a in mine if a.training.held_on > since)
            cells.append(CoverageCell(department=department.value, label=str(department.label), last_on=last,
                                      participants=recent, due_on=add_months(last, months) if last else None))
        result.append(Coverage(municipality=municipality, months=months, cells=cells))
    return result


def coverage(municipality, today) -> Coverage:
    return coverages([municipality], today)[0]


def due_count(municipalities, today) -> int:
    """Front-line departments never trained or whose refresher is due, over these municipalities."""
    return sum(sum(1 for c in item.cells if c.status(today) != "current") for item in coverages(municipalities, today))
