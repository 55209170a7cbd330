"""Reading the screening table: the calendar, one agenda as the reader may see it, the minutes.

Pages pass the user: meetings and items are scoped with `visible_to` (a partner member sees the
items of meetings their organisation takes part in; a focal officer those of their own
municipalities; the chain director the region's). The encrypted texts are read only where a
page shows them, never in a list.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from schakel.actions.models import Action
from schakel.privacy.fields import EncryptedTextField
from schakel.signalling.models import EntityKind, PersonRole, Signal, SignalEntity

from .models import AgendaItem, Attendance, ItemStatus, Meeting, MeetingStatus, Route
from .routes import ACTION_SOURCE

LIVE = (ItemStatus.PENDING, ItemStatus.DECIDED)
# The signal's encrypted fields, which no screening list reads.
SIGNAL_TEXTS = [field.name for field in Signal._meta.concrete_fields if isinstance(field, EncryptedTextField)]
PAST_PAGE_SIZE = 20


def calendar(user, *, now: datetime.datetime, past_page=1):
    """Coming meetings (all) and past meetings (paginated), each with the count of items the user sees."""
    visible_items = AgendaItem.objects.visible_to(user).filter(status__in=LIVE)
    counts = dict(visible_items.values("meeting_id").annotate(n=Count("id")).values_list("meeting_id", "n"))
    meetings = Meeting.objects.visible_to(user).select_related("region")
    coming = list(meetings.coming(now)[:12])
    past = Paginator(meetings.past(now), PAST_PAGE_SIZE).get_page(past_page)
    for meeting in [*coming, *past]:
        meeting.visible_item_count = counts.get(meeting.pk, 0)
    return coming, past


def meeting_for(user, pk: int) -> Meeting | None:
    return Meeting.objects.visible_to(user).select_related("region").filter(pk=pk).first()


def next_meeting(region_ids, *, now: datetime.datetime) -> Meeting | None:
    return (Meeting.objects.filter(region_id__in=sorted(region_ids)).coming(now)
            .annotate(pending=Count("items", filter=Q(items__status=ItemStatus.PENDING))).first())


def persons_by_role(signal_ids) -> dict[int, str]:
    """Per signal a count of the recorded persons by role and of other entities: never names."""
    rows = (SignalEntity.objects.filter(signal_id__in=list(signal_ids))
            .values_list("signal_id", "kind", "person_role"))
    per_signal: dict[int, Counter] = defaultdict(Counter)
    for signal_id, kind, role in rows:
        key = PersonRole(role).label if kind == EntityKind.PERSON and role else EntityKind(kind).label
        per_signal[signal_id][str(key)] += 1
    return {signal_id: ", ".join(f"{count}× {label.lower()}" for label, count in sorted(counter.items()))
            for signal_id, counter in per_signal.items()}


@dataclass
class AgendaRow:
    item: AgendaItem
    persons: str = ""
    earlier: list = field(default_factory=list)        # earlier decided items of the same signal
    open_actions: list = field(default_factory=list)
    routes: list = field(default_factory=list)         # the routes this item decided
    related: list = field(default_factory=list)        # what is known of its links (merged, linkage matches)


def agenda(user, meeting: Meeting, *, with_texts: bool) -> list[AgendaRow]:
    """The live items of `meeting` that `user` may see, in order, with what the table reads."""
    items = AgendaItem.objects.visible_to(user).filter(meeting=meeting, status__in=(*LIVE, ItemStatus.MOVED))
    if not with_texts:
        items = items.for_list()
    # Of the signal only what the agenda shows and the permission checks read: its encrypted texts
    # (description, address, reporter) are never decrypted for the agenda (make bench).
    items = list(items.select_related("signal", "municipality")
                 .defer(*(f"signal__{name}" for name in SIGNAL_TEXTS), "municipality__province")
                 .order_by("position", "id"))
    signal_ids = [item.signal_id for item in items]
    persons = persons_by_role(signal_ids)
    earlier: dict[int, list] = defaultdict(list)
    for previous in (AgendaItem.objects.filter(signal_id__in=signal_ids, status=ItemStatus.DECIDED).for_list()
                     .exclude(meeting=meeting).select_related("meeting")
                     .prefetch_related(Prefetch("routes", queryset=Route.objects.defer("note")))
                     .order_by("-decided_at")):
        earlier[previous.signal_id].append(previous)
    open_actions: dict[int, list] = defaultdict(list)
    for action in (Action.objects.filter(signal_id__in=signal_ids).unfinished().for_list()
                   .select_related("owner_organisation").order_by("due_on")):
        open_actions[action.signal_id].append(action)
    routes: dict[int, list] = defaultdict(list)
    for route in Route.objects.filter(item__in=items).defer("note").select_related("owner_organisation").order_by("id"):
        routes[route.item_id].append(route)
    related = linked_signals(signal_ids)
    return [AgendaRow(item=item, persons=persons.get(item.signal_id, ""), earlier=earlier[item.signal_id],
                      open_actions=open_actions[item.signal_id], routes=routes[item.pk],
                      related=related[item.signal_id]) for item in items]


def linked_signals(signal_ids) -> dict[int, list[str]]:
    """What is known of each signal's links, without content: merged duplicates by reference, and
    the linkage app's matches as their kind and the other municipality (hit/no-hit, decision 0076)."""
    from schakel.linkage.models import Match

    ids = list(signal_ids)
    related: dict[int, list[str]] = defaultdict(list)
    for duplicate in Signal.objects.filter(merged_into_id__in=ids).only("reference", "merged_into_id"):
        related[duplicate.merged_into_id].append(str(_("%(reference)s (samengevoegd)")
                                                     % {"reference": duplicate.reference}))
    matches = (Match.objects.shown().filter(Q(signal_a_id__in=ids) | Q(signal_b_id__in=ids))
               .select_related("municipality_a", "municipality_b").order_by("found_at", "id"))
    for match in matches:
        for own, other in ((match.signal_a_id, match.municipality_b), (match.signal_b_id, match.municipality_a)):
            if own in ids:
                related[own].append(str(_("%(kind)s, ook bekend in %(municipality)s")
                                        % {"kind": match.get_kind_display(), "municipality": other.name}))
    return related


def item_for(user, pk: int) -> AgendaItem | None:
    return (AgendaItem.objects.visible_to(user).select_related("meeting", "meeting__region", "signal", "municipality")
            .filter(pk=pk).first())


def neighbours(item: AgendaItem) -> tuple[AgendaItem | None, AgendaItem | None]:
    """The previous and next live item of the meeting (meeting mode walks the agenda)."""
    items = list(AgendaItem.objects.filter(meeting_id=item.meeting_id, status__in=(*LIVE, ItemStatus.MOVED))
                 .only("id", "position").order_by("position", "id"))
    ids = [candidate.pk for candidate in items]
    index = ids.index(item.pk)
    previous = items[index - 1] if index > 0 else None
    following = items[index + 1] if index + 1 < len(items) else None
    return previous, following


def attendance(meeting: Meeting) -> list[Attendance]:
    return list(meeting.attendance.select_related("user", "organisation").order_by("organisation__name",
                                                                                   "user__last_name"))


@dataclass
class MinutesItem:
    item: AgendaItem
    routes: list
    actions: list


def minutes(meeting: Meeting) -> list[MinutesItem]:
    """Every item of a held meeting with its decision, routes and the actions they created."""
    items = list(meeting.items.exclude(status=ItemStatus.WITHDRAWN).select_related("signal", "municipality")
                 .order_by("position", "id"))
    routes = list(Route.objects.filter(item__in=items).select_related("owner_organisation").order_by("id"))
    actions = defaultdict(list)
    for action in (Action.objects.filter(source=ACTION_SOURCE, source_id__in=[r.pk for r in routes]).for_list()
                   .select_related("owner_organisation", "responsible").order_by("due_on")):
        actions[action.source_id].append(action)
    by_item = defaultdict(list)
    for route in routes:
        route.created_actions = actions[route.pk]
        by_item[route.item_id].append(route)
    return [MinutesItem(item=item, routes=by_item[item.pk],
                        actions=[a for route in by_item[item.pk] for a in route.created_actions]) for item in items]


def region_overview(region_ids, *, today: datetime.date) -> dict:
    """For the chain director's start page: overdue actions of the region's signals."""
    overdue = (Action.objects.filter(region_id__in=sorted(region_ids)).overdue(today).for_list()
               .select_related("owner_organisation", "signal").order_by("due_on", "id"))
    return {"overdue_count": overdue.count(), "overdue": list(overdue[:5])}


def partner_items(user):
    """The undecided items of coming agendas the user may see (a partner: those their organisation
    will discuss), coming meetings first."""
    return (AgendaItem.objects.visible_to(user).for_list().filter(status=ItemStatus.PENDING,
                                                                 meeting__status__in=[MeetingStatus.AGENDA_SENT,
                                                                                      MeetingStatus.PLANNED])
            .select_related("meeting", "signal", "municipality").defer(*(f"signal__{name}" for name in SIGNAL_TEXTS))
            .order_by("meeting__starts_at", "position"))


def next_meeting_by_signal(signal_ids) -> dict[int, datetime.date]:
    """The date of the coming meeting each signal is on the agenda of (the inbox's deadline column)."""
    from schakel.clock import AMSTERDAM

    ids = list(signal_ids)
    if not ids:
        return {}
    rows = (AgendaItem.objects.filter(signal_id__in=ids, status=ItemStatus.PENDING)
            .values_list("signal_id", "meeting__starts_at"))
    dates: dict[int, datetime.date] = {}
    for signal_id, starts_at in rows:
        day = starts_at.astimezone(AMSTERDAM).date()
        if signal_id not in dates or day < dates[signal_id]:
            dates[signal_id] = day
    return dates
