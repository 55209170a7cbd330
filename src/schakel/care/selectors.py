"""Reads of care coordination: the caseload, one case with its parts, deadlines and monthly figures.

Lists read plain columns only (client number, municipality, status, dates); nothing encrypted is
decrypted for a list.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db import models
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from schakel.accounts.tenancy import get_visible_or_404

from .models import (
    CareCase,
    CareReferral,
    CaseStatus,
    Contact,
    Need,
    NeedKind,
    ReflectionDecision,
)
from .models.work import CLIENT_CONTACT_KINDS, OPEN_NEED_STATUSES, OPEN_REFERRAL_STATUSES, REMINDER_WEEKS

PAGE_SIZE = 25
DUE_SOON = datetime.timedelta(weeks=max(REMINDER_WEEKS))


class Sort(models.TextChoices):
    DEADLINE = "deadline", _("Eerstvolgende termijn")
    OPENED = "opened", _("Nieuwste aanmelding")
    NUMBER = "number", _("Cliëntnummer")


@dataclass(frozen=True)
class CaseloadFilters:
    query: str = ""
    status: str = CaseStatus.OPEN
    deadline: str = ""  # "", "overdue", "due_soon"
    sort: str = Sort.DEADLINE


def _running_reflection() -> models.Q:
    return models.Q(reflection__decision__in=(ReflectionDecision.PENDING, ReflectionDecision.EXTENSION))


def caseload_queryset(user, *, filters: CaseloadFilters, today: datetime.date):
    cases = (CareCase.objects.visible_to(user, include_emergency=False).for_list()
             .select_related("municipality")
             .annotate(reflection_end=models.Case(
                 models.When(_running_reflection(),
                             then=Coalesce("reflection__extended_until", "reflection__ends_on")),
                 default=None, output_field=models.DateField()),
                 open_needs=models.Count("needs", filter=models.Q(needs__status__in=OPEN_NEED_STATUSES),
                                         distinct=True),
                 open_referrals=models.Count("referrals",
                                             filter=models.Q(referrals__status__in=OPEN_REFERRAL_STATUSES),
                                             distinct=True)))
    if filters.status in CaseStatus.values:
        cases = cases.filter(status=filters.status)
    query = filters.query.strip()
    if query:
        cases = cases.filter(models.Q(client_number__iexact=query) | models.Q(client_number__icontains=query)
                             | models.Q(municipality__name__icontains=query))
    if filters.deadline == "overdue":
        cases = cases.filter(reflection_end__lt=today)
    elif filters.deadline == "due_soon":
        cases = cases.filter(reflection_end__gte=today, reflection_end__lte=today + DUE_SOON)
    order = {
        Sort.DEADLINE: (models.F("reflection_end").asc(nulls_last=True), "-opened_on", "-id"),
        Sort.OPENED: ("-opened_on", "-id"),
        Sort.NUMBER: ("client_number",),
    }.get(filters.sort, ("-opened_on", "-id"))
    return cases.order_by(*order)


def deadline_state(end: datetime.date | None, today: datetime.date) -> str:
    if end is None:
        return "none"
    if end < today:
        return "overdue"
    if end <= today + DUE_SOON:
        return "due_soon"
    return "on_time"


def caseload(user, *, filters: CaseloadFilters, today: datetime.date, page_number=1):
    paginator = Paginator(caseload_queryset(user, filters=filters, today=today), PAGE_SIZE)
    page = paginator.get_page(page_number)
    for case in page.object_list:
        case.deadline_state = deadline_state(case.reflection_end, today)
    return page


def case_for_coordinator(user, number: str) -> CareCase:
    return get_visible_or_404(CareCase.objects.select_related("municipality", "region", "coordinator",
                                                              "transferred_to", "signal"),
                              user, client_number=number)


def needs_overview(case: CareCase) -> list[dict]:
    """Every kind of need with its status (missing: not discussed yet), open ones marked."""
    by_kind = {need.kind: need for need in Need.objects.filter(case=case)}
    rows = []
    for kind, label in NeedKind.choices:
        need = by_kind.get(kind)
        rows.append({"kind": kind, "label": label, "need": need,
                     "status_label": need.get_status_display() if need else _("Nog niet besproken"),
                     "open": need is not None and need.status in OPEN_NEED_STATUSES})
    return rows


def open_needs_count(case: CareCase) -> int:
    return Need.objects.filter(case=case, status__in=OPEN_NEED_STATUSES).count()


def referral_for_partner(user, pk: int) -> CareReferral:
    referral = get_visible_or_404(CareReferral.objects.select_related("case", "organisation"), user, pk=pk)
    if not referral.is_open:
        raise Http404  # a coordinator's view of a closed referral is the case page, not this one
    return referral


@dataclass(frozen=True)
class MonthFigures:
    month: datetime.date
    open_cases: int
    new_cases: int
    contact_minutes: int

    @property
    def contact_hours(self) -> str:
        return f"{self.contact_minutes / 60:.1f}".replace(".", ",")


def month_figures(user, *, today: datetime.date) -> MonthFigures:
    """The caseload of this month in the user's region(s): open cases, new cases and contact time."""
    start = today.replace(day=1)
    cases = CareCase.objects.visible_to(user, include_emergency=False)
    minutes = (Contact.objects.visible_to(user, include_emergency=False)
               .filter(on__gte=start, on__lte=today, kind__in=[*CLIENT_CONTACT_KINDS, "professional"])
               .aggregate(total=models.Sum("minutes"))["total"]) or 0
    return MonthFigures(month=start, open_cases=cases.filter(status=CaseStatus.OPEN).count(),
                        new_cases=cases.filter(opened_on__gte=start, opened_on__lte=today).count(),
                        contact_minutes=minutes)


def reflection_deadlines(user, *, today: datetime.date) -> list[CareCase]:
    """Open cases whose running reflection period ends within four weeks or has passed without a decision."""
    filters = CaseloadFilters(status=CaseStatus.OPEN, sort=Sort.DEADLINE)
    cases = caseload_queryset(user, filters=filters, today=today).filter(
        reflection_end__isnull=False, reflection_end__lte=today + DUE_SOON)
    rows = list(cases[:10])
    for case in rows:
        case.deadline_state = deadline_state(case.reflection_end, today)
    return rows


def waiting_for_first_contact(user) -> int:
    return CareCase.objects.visible_to(user, include_emergency=False).filter(
        status=CaseStatus.OPEN, first_contact_on__isnull=True).count()


def open_referrals_for_partner(user):
    return CareReferral.objects.for_partner(user).select_related("organisation").order_by("requested_at", "id")

