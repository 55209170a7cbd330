"""Reads of measures, each starting from the tenancy scope (or, for counts, from the municipalities
the user may count): lists, the overview, deadlines, the register per address and company."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import scope_for
from schakel.organisations.models import Municipality

from .catalogue import measure_types
from .models import OPEN_STATUSES, Measure, MeasureStatus, MeasureStep, MeasureSubject, SubjectKind

PAGE_SIZE = 25
SORTS = {"started": ("-started_on", "-id"), "started_asc": ("started_on", "id"), "reference": ("reference",),
         "status": ("status", "-started_on")}


@dataclass(frozen=True)
class ListFilters:
    type_key: str = ""
    status: str = ""
    municipality_id: int | None = None
    sort: str = "started"


def measures_page(*, user, filters: ListFilters, page_number=1):
    rows = Measure.objects.visible_to(user).select_related("municipality", "responsible")
    if filters.type_key:
        rows = rows.filter(type_key=filters.type_key)
    if filters.status == "open":
        rows = rows.filter(status__in=OPEN_STATUSES)
    elif filters.status:
        rows = rows.filter(status=filters.status)
    if filters.municipality_id:
        rows = rows.filter(municipality_id=filters.municipality_id)
    rows = rows.defer("description", "details", "outcome_text").order_by(*SORTS.get(filters.sort, SORTS["started"]))
    return Paginator(rows, PAGE_SIZE).get_page(page_number)


def countable_municipalities(user) -> list[Municipality]:
    """Where the user may see counts: a focal officer's municipalities, a regional role's region."""
    scope = scope_for(user)
    ids = set(scope.municipalities_for(Role.FOCAL_OFFICER))
    for role in (Role.CHAIN_DIRECTOR, Role.POLICY_OFFICER):
        ids |= scope.municipalities_for(role)
    return list(Municipality.objects.filter(pk__in=ids).order_by("name"))


def open_by_type_and_status(municipality_ids) -> list[dict]:
    """Open measures per type and status (no names, no content): rows for the overview table."""
    counted = (Measure.objects.filter(municipality_id__in=municipality_ids, status__in=OPEN_STATUSES)
               .values("type_key", "status").annotate(n=Count("id")))
    grid: dict[str, dict[str, int]] = defaultdict(dict)
    for row in counted:
        grid[row["type_key"]][row["status"]] = row["n"]
    return [{"type": kind, "counts": [grid.get(key, {}).get(status, 0) for status in OPEN_STATUSES],
             "total": sum(grid.get(key, {}).values())}
            for key, kind in measure_types().items()]


def counts_per_year(municipality_ids) -> dict:
    """Measures started per year and type, for the evaluation: {"years": [...], "rows": [...]}."""
    counted = (Measure.objects.filter(municipality_id__in=municipality_ids)
               .annotate(year=ExtractYear("started_on")).values("year", "type_key").annotate(n=Count("id")))
    grid: dict[str, dict[int, int]] = defaultdict(dict)
    years = set()
    for row in counted:
        grid[row["type_key"]][row["year"]] = row["n"]
        years.add(row["year"])
    ordered = sorted(years)
    return {"years": ordered,
            "rows": [{"type": kind, "counts": [grid.get(key, {}).get(year, 0) for year in ordered]}
                     for key, kind in measure_types().items()]}


def counts_per_municipality(municipality_ids) -> list[dict]:
    """The chain director's view: per municipality open and finished measures, by type. Never content."""
    counted = (Measure.objects.filter(municipality_id__in=municipality_ids)
               .values("municipality_id", "type_key")
               .annotate(open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
                         done=Count("id", filter=Q(status=MeasureStatus.DONE))))
    by_municipality: dict[int, dict[str, dict]] = defaultdict(dict)
    for row in counted:
        by_municipality[row["municipality_id"]][row["type_key"]] = row
    rows = []
    for municipality in Municipality.objects.filter(pk__in=municipality_ids).order_by("name"):
        counts = by_municipality.get(municipality.pk, {})
        rows.append({"municipality": municipality,
                     "open": [counts.get(key, {}).get("open", 0) for key in measure_types()],
                     "done": [counts.get(key, {}).get("done", 0) for key in measure_types()],
                     "open_total": sum(c["open"] for c in counts.values()),
                     "done_total": sum(c["done"] for c in counts.values())})
    return rows


def open_steps(*, user, today: datetime.date, overdue_only: bool = False, limit: int | None = None):
    """Steps with a deadline, not done, of open measures the user may read; earliest first."""
    steps = (MeasureStep.objects.visible_to(user)
             .filter(done_on__isnull=True, due_on__isnull=False, measure__status__in=OPEN_STATUSES)
             .select_related("measure", "measure__municipality").order_by("due_on", "measure__reference"))
    if overdue_only:
        steps = steps.filter(due_on__lt=today)
    return list(steps[:limit] if limit else steps)


def overdue_count(*, user, today: datetime.date) -> int:
    return (MeasureStep.objects.visible_to(user)
            .filter(done_on__isnull=True, due_on__lt=today, measure__status__in=OPEN_STATUSES).count())


def open_count(*, user) -> int:
    return Measure.objects.visible_to(user).filter(status__in=OPEN_STATUSES).count()


def register_rows(*, user, kind: str, token: str, municipality_id: int | None = None) -> list[MeasureSubject]:
    """The subjects with this register key on measures the user may read, newest measure first."""
    subjects = (MeasureSubject.objects.visible_to(user).filter(kind=kind, key=token, unparsed=False)
                .select_related("measure", "measure__municipality"))
    if municipality_id:
        subjects = subjects.filter(municipality_id=municipality_id)
    return list(subjects.order_by("-measure__started_on", "-measure__id"))


def signal_register_keys(signal) -> list[tuple[str, str]]:
    """(subject kind, token) of the signal's addresses and companies, from its search tokens (no decryption)."""
    from schakel.signalling.models import SearchToken

    kinds = {"postcode_house": SubjectKind.ADDRESS, "kvk": SubjectKind.COMPANY}
    pairs = SearchToken.objects.filter(signal=signal, kind__in=list(kinds)).values_list("kind", "token").distinct()
    return sorted({(kinds[kind], token) for kind, token in pairs})


def measures_on_signal_subjects(*, user, signal) -> list[Measure]:
    """Measures in the signal's municipality on any of its addresses and companies, plus those linked to it."""
    keys = signal_register_keys(signal)
    condition = Q(signal_id=signal.pk)
    for kind, token in keys:
        condition |= Q(subjects__kind=kind, subjects__key=token)
    return list(Measure.objects.visible_to(user).filter(municipality_id=signal.municipality_id).filter(condition)
                .defer("description", "details", "outcome_text").distinct().order_by("-started_on", "-id"))
