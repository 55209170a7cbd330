"""Reading actions. The functions of the contract (decision 0072) are unscoped: their callers
(the signal page section, the inbox deadline, screening's agenda, the daily job) either scope
the signal or organisation first or run as the system. Pages and the API use `visible_to`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Min, Q, QuerySet

from .models import UNFINISHED_STATUSES, Action, ActionEvent, ActionStatus
from .permissions import working_organisations


def actions_for_signal(signal_id: int) -> QuerySet:
    """Every action of one signal, earliest due first, with owner and the people who acted."""
    return (Action.objects.filter(signal_id=signal_id)
            .select_related("owner_organisation", "responsible", "accepted_by", "finished_by")
            .order_by("due_on", "id"))


def actions_for_source(source: str, source_ids: Iterable[int]) -> QuerySet:
    return Action.objects.filter(source=source, source_id__in=list(source_ids)).order_by("source_id", "due_on", "id")


def overdue_actions(*, region_id: int, today: datetime.date) -> QuerySet:
    """Unfinished actions of a region past their due date (the next agenda takes them up)."""
    return (Action.objects.filter(region_id=region_id).overdue(today).for_list()
            .select_related("owner_organisation", "signal").order_by("due_on", "id"))


def next_due_by_signal(signal_ids: Iterable[int]) -> dict[int, datetime.date]:
    """The earliest due date of an unfinished action per signal (signals without one left out)."""
    ids = list(signal_ids)
    if not ids:
        return {}
    rows = (Action.objects.filter(signal_id__in=ids).unfinished().values("signal_id")
            .annotate(next_due=Min("due_on")).values_list("signal_id", "next_due"))
    return dict(rows)


def open_actions_for_organisation(organisation_id: int) -> QuerySet:
    return (Action.objects.filter(owner_organisation_id=organisation_id).unfinished().for_list()
            .select_related("signal").order_by("due_on", "id"))


def history(action: Action) -> list[ActionEvent]:
    return list(ActionEvent.objects.filter(action=action).select_related("actor").order_by("at", "id"))


# --- 'Mijn acties' ---------------------------------------------------------------------------

REFERENCE_PATTERN = re.compile(r"^\d{4}-\d{1,6}$")
PAGE_SIZE = 25

SORTS = {
    "termijn": ("due_on", "id"),
    "-termijn": ("-due_on", "-id"),
    "nieuwste": ("-created_at", "-id"),
    "signaal": ("signal__reference", "due_on", "id"),
    "status": ("status", "due_on", "id"),
}


@dataclass(frozen=True)
class ListFilters:
    status: str = "lopend"
    query: str = ""
    sort: str = "termijn"


def status_q(status: str, today: datetime.date) -> Q:
    return {
        "lopend": Q(status__in=UNFINISHED_STATUSES),
        "open": Q(status=ActionStatus.OPEN),
        "opgepakt": Q(status=ActionStatus.IN_PROGRESS),
        "te-laat": Q(status__in=UNFINISHED_STATUSES, due_on__lt=today),
        "uitgevoerd": Q(status=ActionStatus.DONE),
        "niet-uitgevoerd": Q(status=ActionStatus.NOT_DONE),
    }.get(status, Q())


def _search_q(query: str) -> Q:
    """A signal reference (whole, or year and number without leading zeros), else words of the title."""
    query = query.strip()
    if REFERENCE_PATTERN.match(query):
        year, number = query.split("-")
        return Q(signal__reference=f"{year}-{int(number):06d}")
    condition = Q()
    for word in query.split()[:5]:
        condition &= Q(title__icontains=word)
    return condition


def organisation_actions(user) -> QuerySet:
    """The actions of the organisations the user works for, within their tenancy scope."""
    return Action.objects.visible_to(user).filter(owner_organisation_id__in=sorted(working_organisations(user)))


def my_actions(*, user, filters: ListFilters, today: datetime.date, page_number=1):
    queryset = organisation_actions(user).filter(status_q(filters.status, today))
    if filters.query.strip():
        queryset = queryset.filter(_search_q(filters.query))
    rows = (queryset.for_list().select_related("signal", "owner_organisation")
            .only("id", "title", "status", "due_on", "created_at", "accepted_at", "route_kind", "source",
                  "owner_organisation__id", "owner_organisation__name", "signal__id", "signal__reference")
            .order_by(*SORTS.get(filters.sort, SORTS["termijn"])))
    paginator = Paginator(rows, PAGE_SIZE)
    try:
        number = max(1, int(page_number))
    except (TypeError, ValueError):
        number = 1
    return paginator.get_page(number)


def organisation_counts(user, *, today: datetime.date) -> dict[str, int]:
    """Open, picked up and overdue actions of the user's organisations (the start-page panel)."""
    counts = (organisation_actions(user).unfinished().aggregate(
        open=Count("id", filter=Q(status=ActionStatus.OPEN)),
        in_progress=Count("id", filter=Q(status=ActionStatus.IN_PROGRESS)),
        overdue=Count("id", filter=Q(due_on__lt=today))))
    return {key: value or 0 for key, value in counts.items()}
