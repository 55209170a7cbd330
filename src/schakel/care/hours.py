"""Caseload against contracted hours: per month the open cases, new cases and contact time of a
region next to the hours of care coordination it contracted (issue 15; seed 002).

Counts only, never a case: the chain director sees these figures without seeing any case. Contact
time is the time recorded on contacts with the client and consultations with professionals (not
progress notes). Contracted hours in a month = the hours a week in force on each day, summed over
the month's days and divided by seven; for the current month up to and including today.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from schakel.clock import now as clock_now
from schakel.organisations.models import Region
from schakel.privacy.audit import record_access

from .models import CareCase, Contact, ContactKind, ContractedHours
from .models.work import CLIENT_CONTACT_KINDS
from .permissions import hours_regions
from .services.common import CareError

WORK_CONTACT_KINDS = (*CLIENT_CONTACT_KINDS, ContactKind.PROFESSIONAL)
MONTHS_SHOWN = 12


def _hours(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}".replace(".", ",")


@dataclass(frozen=True)
class MonthLoad:
    month: datetime.date
    open_cases: int
    new_cases: int
    contact_minutes: int
    contracted: Decimal | None  # hours in the month (so far); None when no contract is recorded
    hours_per_week: Decimal | None  # in force at the month's last counted day

    @property
    def contact_hours(self) -> str:
        return _hours(Decimal(self.contact_minutes) / 60)

    @property
    def contracted_hours(self) -> str:
        return _hours(self.contracted) if self.contracted is not None else ""

    @property
    def share(self) -> int | None:
        """Contact time as a percentage of the contracted hours (None without a contract)."""
        if not self.contracted:
            return None
        return int((Decimal(self.contact_minutes) / 60 / self.contracted * 100).quantize(Decimal("1"),
                                                                                         rounding=ROUND_HALF_UP))

    @property
    def over(self) -> bool:
        return self.share is not None and self.share > 100


def _month_end(start: datetime.date) -> datetime.date:
    following = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def _contracted(rows: list[ContractedHours], start: datetime.date, end: datetime.date):
    """(hours in [start, end], hours a week on `end`) from rows sorted by valid_from ascending."""
    total, in_force, day = Decimal(0), None, start
    while day <= end:
        current = None
        for row in rows:
            if row.valid_from <= day:
                current = row
        if current is not None:
            total += current.hours_per_week / 7
            in_force = current.hours_per_week
        day += datetime.timedelta(days=1)
    return (total if in_force is not None else None), in_force


def months_back(today: datetime.date, count: int) -> list[datetime.date]:
    first = today.replace(day=1)
    months = []
    for _index in range(count):
        months.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return months


def region_months(region: Region, *, today: datetime.date, count: int = MONTHS_SHOWN) -> list[MonthLoad]:
    """The region's last `count` months, newest first."""
    rows = sorted(ContractedHours.objects.filter(region=region), key=lambda row: (row.valid_from, row.recorded_at))
    cases = CareCase.objects.filter(region=region)
    contacts = Contact.objects.filter(case__region=region, kind__in=WORK_CONTACT_KINDS)
    loads = []
    for start in months_back(today, count):
        end = min(_month_end(start), today)
        open_cases = cases.filter(opened_on__lte=end).filter(
            models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=start)).count()
        new_cases = cases.filter(opened_on__gte=start, opened_on__lte=end).count()
        minutes = contacts.filter(on__gte=start, on__lte=end).aggregate(total=models.Sum("minutes"))["total"] or 0
        contracted, per_week = _contracted(rows, start, end)
        loads.append(MonthLoad(month=start, open_cases=open_cases, new_cases=new_cases, contact_minutes=minutes,
                               contracted=contracted, hours_per_week=per_week))
    return loads


def regions_for(user):
    return Region.objects.filter(pk__in=hours_regions(user)).order_by("name")


def this_month(user, *, today: datetime.date) -> list[tuple[Region, MonthLoad]]:
    """This month's load per region of the user (the start-page panels)."""
    return [(region, region_months(region, today=today, count=1)[0]) for region in regions_for(user)]


@transaction.atomic
def record_contracted_hours(*, actor, region: Region, hours_per_week: Decimal, valid_from: datetime.date,
                            note: str = "", now: datetime.datetime | None = None) -> ContractedHours:
    """A new contract from `valid_from` on (the chain director of the region); earlier rows stay as history."""
    from schakel.accounts.permissions import has_permission

    moment = now or clock_now()
    if not has_permission(actor, "care.set_contracted_hours") or region.pk not in hours_regions(actor):
        raise CareError(_("U kunt alleen de uren van uw eigen regio vastleggen."))
    if hours_per_week is None or hours_per_week < 0 or hours_per_week > 400:
        raise CareError(_("Vul het aantal uren per week in: 0 tot en met 400."), field="hours_per_week")
    same = ContractedHours.objects.filter(region=region, valid_from=valid_from, hours_per_week=hours_per_week).first()
    if same is not None:
        return same  # a double submit records one row
    try:
        with transaction.atomic():
            row = ContractedHours.objects.create(region=region, hours_per_week=hours_per_week, valid_from=valid_from,
                                                 note=(note or "").strip()[:200], recorded_at=moment,
                                                 recorded_by=actor)
    except IntegrityError:
        raise CareError(_("Voor %(date)s zijn al uren vastgelegd. Kies een andere datum.")
                        % {"date": valid_from.strftime("%d-%m-%Y")}, field="valid_from") from None
    record_access(user=actor, action="change", record=row, reason="zorg: gecontracteerde uren vastgelegd")
    return row
