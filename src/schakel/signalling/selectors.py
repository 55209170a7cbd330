"""Reads for the focal officer's triage: the inbox, search, one signal, overdue work.

Every read starts from `Signal.objects.visible_to(user)` (the one tenancy mechanism), narrowed
to the signals the user handles as a focal officer. List queries touch no encrypted column:
they filter and sort on plain indexed columns and compute the deadline state from stored dates.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Case, Count, F, Q, When, Window
from django.db.models.functions import Cast
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import Membership, User
from schakel.accounts.roles import Role
from schakel.accounts.tenancy import active_memberships, get_visible_or_404, scope_for
from schakel.clock import AMSTERDAM
from schakel.organisations.models import Municipality, Organisation
from schakel.privacy.crypto import blind_index

from .models import (
    Channel,
    ExploitationForm,
    MessageDirection,
    SearchToken,
    Sector,
    Signal,
    SignalEvent,
    SignalStatus,
)
from .extensions import next_due_dates
from .normalise import SearchTerm, classify_query, normalise_name
from .rules import DeadlineState, deadline_state
from .transitions import TRIAGE_STATUSES

PAGE_SIZE = 25
# A search counts its hits up to this number and then says "more than": a common word matches
# thousands of signals of a large municipality, and counting them all costs more than the page.
SEARCH_COUNT_CAP = 500
# What a row of the inbox shows (signalling/templatetags/inbox_display.py); the running deadline
# is computed in the query.
INBOX_COLUMNS = ("reference", "municipality", "assigned_to", "channel", "forms", "status", "acute_danger",
                 "waiting_for_reporter", "received_at")
REFERENCE_PATTERN = re.compile(r"^\s*([0-9]{4})-?([0-9]{1,6})\s*$")


class Tab(models.TextChoices):
    NEW = "new", _("Nieuw")
    MINE = "mine", _("Mijn signalen")
    OVERDUE = "overdue", _("Te laat")
    WAITING = "waiting", _("Wacht op melder")
    OPEN = "open", _("Alle open")
    CLOSED = "closed", _("Afgesloten")


class SortOrder(models.TextChoices):
    DEADLINE = "deadline", _("Termijn (eerst verlopend)")
    RECEIVED = "received", _("Ontvangen (nieuwste eerst)")
    RECEIVED_OLDEST = "received_oldest", _("Ontvangen (oudste eerst)")
    REFERENCE = "reference", _("Kenmerk")


@dataclass(frozen=True)
class InboxFilters:
    tab: str = Tab.OPEN
    query: str = ""
    form: str = ""
    sector: str = ""
    channel: str = ""
    status: str = ""
    received_from: datetime.date | None = None
    received_until: datetime.date | None = None
    sort: str = SortOrder.DEADLINE


@dataclass
class InboxRow:
    signal: Signal
    deadline: datetime.date | None
    state: DeadlineState | None


@dataclass
class InboxResult:
    page: Page
    rows: list[InboxRow]
    search_terms: list[SearchTerm] = field(default_factory=list)


def handled_signals(user):
    """The signals `user` handles as a focal officer, through the tenancy scope."""
    return Signal.objects.handled_by_focal_officer(user)


def _running_deadline() -> Case:
    """The deadline that runs: first reaction until there is one, then triage; none out of triage."""
    in_triage = Q(status__in=sorted(TRIAGE_STATUSES))
    return Case(
        When(in_triage & Q(first_reaction_at__isnull=True), then=F("first_reaction_due")),
        When(in_triage, then=F("triage_due")),
        default=None,
        output_field=models.DateField(),
    )


def overdue_q(today: datetime.date) -> Q:
    """Signals in triage past the deadline that runs for them (on stored dates only)."""
    return Q(status__in=sorted(TRIAGE_STATUSES)) & (
        Q(first_reaction_at__isnull=True, first_reaction_due__lt=today) | Q(triage_due__lt=today))


def _amsterdam_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=AMSTERDAM)


def _tab_q(tab: str, *, user, today: datetime.date) -> Q:
    if tab == Tab.NEW:
        return Q(status=SignalStatus.RECEIVED)
    if tab == Tab.MINE:
        return Q(assigned_to=user) & ~Q(status=SignalStatus.CLOSED)
    if tab == Tab.OVERDUE:
        return overdue_q(today)
    if tab == Tab.WAITING:
        return Q(waiting_for_reporter=True) & ~Q(status=SignalStatus.CLOSED)
    if tab == Tab.CLOSED:
        return Q(status=SignalStatus.CLOSED)
    return ~Q(status=SignalStatus.CLOSED)


def search_signal_ids(terms: list[SearchTerm], municipalities=None):
    """A subquery of signal ids matching every term (AND); a word also matches a name part.

    With `municipalities`, only tokens of signals of those municipalities: the index
    (kind, token, municipality, signal) then answers the look-up on its own, however common
    the word is nationally.
    """
    within = Q() if municipalities is None else Q(municipality_id__in=sorted(municipalities))
    ids = None
    for term in terms:
        condition = Q(kind=term.kind, token=blind_index(term.kind, term.value))
        if term.kind == "word" and (name := normalise_name(term.value)):
            # Lists rather than (word AND x) OR (name AND y): one index range, read from the index
            # alone. Equivalent, because the kind is part of every token's HMAC input: a word token
            # never equals a name token.
            condition = Q(kind__in=["word", "name"],
                          token__in=[blind_index("word", term.value), blind_index("name", name)])
        matching = SearchToken.objects.filter(condition, within).values("signal_id")
        ids = matching if ids is None else ids.filter(signal_id__in=matching)
    return ids


def search(queryset, query: str, *, municipalities=None) -> tuple[models.QuerySet, list[SearchTerm]]:
    """Narrow `queryset` by a search-box entry: a reference, an identifier, or words (all must match).

    `municipalities` (the user's) narrows the token look-up too; `queryset` stays the tenancy
    boundary either way.
    """
    match = REFERENCE_PATTERN.match(query or "")
    if match:
        reference = f"{match.group(1)}-{int(match.group(2)):06d}"
        return queryset.filter(reference=reference), [SearchTerm("reference", reference)]
    terms = classify_query(query)
    if not terms:
        return queryset.none(), []
    return queryset.filter(pk__in=search_signal_ids(terms, municipalities)), terms


def _page_number(number) -> int:
    """The page number as Paginator.get_page reads it: anything not an integer is page 1."""
    try:
        if isinstance(number, float) and not number.is_integer():
            raise ValueError
        return int(number)
    except (TypeError, ValueError):
        return 1


class PageFirstPaginator(Paginator):
    """A paginator that reads the page before it counts: a page that is not full is the count.

    A search for a phone number, plate or address finds a handful of signals: the first page
    holds them all, and counting them again is a second query for nothing. Only a full page (or
    a page past the end) needs the count, which then runs as Paginator's would. The pages and
    the count are what Paginator.get_page gives.
    """

    def _found_on_page(self, found: int) -> None:
        self.__dict__["count"] = found  # what the cached `count` property would hold

    def _rows(self, bottom: int) -> list:
        return list(self.object_list[bottom:bottom + self.per_page])

    def get_page(self, number):
        number = _page_number(number)
        if number >= 1:
            bottom = (number - 1) * self.per_page
            rows = self._rows(bottom)
            if rows or number == 1:
                if len(rows) < self.per_page:
                    self._found_on_page(bottom + len(rows))
                if number <= self.num_pages:
                    # As Paginator.page: the last page ends at the count (a capped count ends it early).
                    return self._get_page(rows[:max(self.count - bottom, 0)], number, self)
        return super().get_page(number)


class CappedPaginator(PageFirstPaginator):
    """A paginator that counts at most `cap` rows: `count` stops there and `capped` says so.

    The pages end at the cap as well; whoever needs more refines the search.
    """

    def __init__(self, object_list, per_page, *, cap: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    def _found_on_page(self, found: int) -> None:
        self.__dict__["_found"] = found

    @cached_property
    def _found(self) -> int:
        # Unordered: counting needs no sort, only the first cap + 1 matches.
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._found, self.cap)

    @property
    def capped(self) -> bool:
        return self._found > self.cap


class CountingPagePaginator(PageFirstPaginator):
    """A paginator whose page query counts as well (`COUNT(*) OVER ()`): one query instead of two.

    Only for an order that needs every matching row anyway: sorted by the running deadline (a
    computed value no index gives), PostgreSQL reads all matching rows for the page already, and
    a separate count read them a second time. For an order an index gives (newest first) the
    page stops after 25 rows, and counting in it would read them all; those count apart (and
    only for a full page, PageFirstPaginator). A page number beyond the last finds no row and so
    no count: then it counts on its own and shows the last page, as Paginator.get_page does.
    """

    def _rows(self, bottom: int) -> list:
        rows = list(self.object_list.annotate(window_count=Window(Count("*")))[bottom:bottom + self.per_page])
        if rows:
            self._found_on_page(rows[0].window_count)
        return rows


def _forms_contain(value: str) -> Q:
    # A JSON list of choice values, searched as text: works the same on SQLite and PostgreSQL.
    return Q(forms_text__contains=f'"{value}"')


def inbox(*, user, filters: InboxFilters, today: datetime.date, page_number=1,
          soon_days: int = 2) -> InboxResult:
    queryset = handled_signals(user).filter(_tab_q(filters.tab, user=user, today=today))
    terms: list[SearchTerm] = []
    searching = bool(filters.query.strip())
    if searching:
        queryset, terms = search(queryset, filters.query,
                                 municipalities=scope_for(user).municipalities_for(Role.FOCAL_OFFICER))
    if filters.form in ExploitationForm.values:
        queryset = queryset.alias(forms_text=Cast("forms", models.TextField())).filter(_forms_contain(filters.form))
    if filters.sector in Sector.values:
        queryset = queryset.filter(sector=filters.sector)
    if filters.channel in Channel.values:
        queryset = queryset.filter(channel=filters.channel)
    if filters.status in SignalStatus.values:
        queryset = queryset.filter(status=filters.status)
    if filters.received_from:
        queryset = queryset.filter(received_at__gte=_amsterdam_midnight(filters.received_from))
    if filters.received_until:
        queryset = queryset.filter(
            received_at__lt=_amsterdam_midnight(filters.received_until + datetime.timedelta(days=1)))
    queryset = queryset.annotate(running_deadline=_running_deadline())
    if filters.sort == SortOrder.RECEIVED:
        queryset = queryset.order_by("-received_at", "-id")
    elif filters.sort == SortOrder.RECEIVED_OLDEST:
        queryset = queryset.order_by("received_at", "id")
    elif filters.sort == SortOrder.REFERENCE:
        queryset = queryset.order_by("reference")
    else:
        queryset = queryset.order_by(F("running_deadline").asc(nulls_last=True), "received_at", "id")
    # No joins in the paged query: the planner then scans one index and sorts; the 25 rows'
    # municipalities and assignees are looked up afterwards by primary key. Only the columns the
    # rows show are read (nothing encrypted, no bookkeeping columns).
    queryset = queryset.only(*INBOX_COLUMNS)
    if searching:
        paginator = CappedPaginator(queryset, PAGE_SIZE, cap=SEARCH_COUNT_CAP)
    elif filters.sort == SortOrder.DEADLINE:
        paginator = CountingPagePaginator(queryset, PAGE_SIZE)
    else:
        paginator = PageFirstPaginator(queryset, PAGE_SIZE)
    page = paginator.get_page(page_number)
    page.object_list = list(page.object_list)
    _attach_names(page.object_list, user)
    # Outside triage the next due action (registered by other apps) is the deadline that runs.
    next_due = next_due_dates(s.pk for s in page.object_list if s.running_deadline is None)
    for signal in page.object_list:
        if signal.running_deadline is None and signal.pk in next_due:
            signal.running_deadline = next_due[signal.pk]
    rows = [
        InboxRow(signal=signal, deadline=signal.running_deadline,
                 state=deadline_state(signal.running_deadline, today, soon_days=soon_days)
                 if signal.running_deadline else None)
        for signal in page.object_list
    ]
    return InboxResult(page=page, rows=rows, search_terms=terms)


def _attach_names(signals, user) -> None:
    """Fill `municipality` and `assigned_to` of a page of signals.

    The municipalities the user works for came with the request's memberships already (their
    organisation's municipality, or the ones a membership acts for); only others (a signal opened
    by an emergency grant) are read, with the assignees, by primary key.
    """
    municipalities = {}
    for membership in active_memberships(user):
        for municipality in [membership.organisation.municipality, *membership.acting_municipalities]:
            if municipality is not None:
                municipalities[municipality.pk] = municipality
    if missing := {s.municipality_id for s in signals} - municipalities.keys():
        municipalities.update((m.pk, m) for m in Municipality.objects.filter(pk__in=missing)
                              .only("id", "name", "cbs_code"))
    officers = {u.pk: u for u in User.objects.filter(
        pk__in={s.assigned_to_id for s in signals if s.assigned_to_id}).only("id", "username", "first_name",
                                                                             "last_name")}
    for signal in signals:
        signal.municipality = municipalities[signal.municipality_id]
        signal.assigned_to = officers.get(signal.assigned_to_id)


def running_deadline(signal: Signal) -> datetime.date | None:
    if signal.status not in TRIAGE_STATUSES:
        return None
    return signal.first_reaction_due if signal.first_reaction_at is None else signal.triage_due


def running_deadline_state(signal: Signal, today: datetime.date, *, soon_days: int = 2) -> DeadlineState | None:
    due = running_deadline(signal)
    return deadline_state(due, today, soon_days=soon_days) if due else None


def inbox_counts(*, user, today: datetime.date) -> dict[str, int]:
    """New, mine and overdue, in one query over the user's open signals."""
    counts = handled_signals(user).exclude(status=SignalStatus.CLOSED).aggregate(
        new=Count("id", filter=Q(status=SignalStatus.RECEIVED)),
        mine=Count("id", filter=Q(assigned_to=user)),
        overdue=Count("id", filter=overdue_q(today)),
    )
    return {key: value or 0 for key, value in counts.items()}


def signal_for_triage(*, user, reference: str, emergency: bool = False) -> Signal:
    """One signal the user handles, by reference; anything else is a 404.

    With `emergency=True` a signal the user holds an active break-the-glass grant for counts
    too (read-only use: the services still require the user to handle the signal).
    """
    from schakel.privacy.emergency import emergency_ids

    municipalities = scope_for(user).municipalities_for(Role.FOCAL_OFFICER)
    condition = Q(municipality_id__in=sorted(municipalities))
    if emergency:
        condition |= Q(pk__in=sorted(emergency_ids(user, Signal)))
    return get_visible_or_404(
        Signal.objects.filter(condition).select_related(
            "municipality", "region", "assigned_to", "reporter", "reporter_organisation", "merged_into"),
        user, reference=reference)


def history(signal: Signal) -> list[SignalEvent]:
    """The history of this signal and of the signals merged with it (both ways), oldest first."""
    related_ids = {signal.pk}
    if signal.merged_into_id:
        related_ids.add(signal.merged_into_id)
    related_ids |= set(Signal.objects.filter(merged_into_id__in=related_ids).values_list("pk", flat=True))
    return list(SignalEvent.objects.filter(signal_id__in=related_ids)
                .select_related("actor", "signal").order_by("at", "id"))


def focal_officers_for(municipality_id: int) -> list[User]:
    """Active focal officers who work for this municipality (assignment choices)."""
    memberships = (
        Membership.objects.filter(role=Role.FOCAL_OFFICER, active=True, organisation__active=True,
                                  user__is_active=True)
        .filter(Q(acts_for=municipality_id) | Q(acts_for__isnull=True, organisation__municipality=municipality_id))
    )
    return list(User.objects.filter(pk__in=memberships.values("user_id")).order_by("first_name", "last_name", "pk"))


def focal_officer_membership(user, municipality_id: int) -> Membership | None:
    return (
        Membership.objects.filter(user=user, role=Role.FOCAL_OFFICER, active=True)
        .filter(Q(acts_for=municipality_id) | Q(acts_for__isnull=True, organisation__municipality=municipality_id))
        .select_related("backup").first()
    )


def _officers_of(municipality_id: int) -> dict[int, Membership]:
    memberships = (
        Membership.objects.filter(role=Role.FOCAL_OFFICER, active=True, organisation__active=True,
                                  user__is_active=True)
        .filter(Q(acts_for=municipality_id) | Q(acts_for__isnull=True, organisation__municipality=municipality_id))
        .select_related("backup")
    )
    return {m.user_id: m for m in memberships}


def _present(officer_id: int, officers: dict[int, Membership]) -> list[int]:
    """The officer, or their backup (when a focal officer of the same municipality) while absent."""
    membership = officers[officer_id]
    if not membership.absent:
        return [officer_id]
    if membership.backup_id and membership.backup_id in officers:
        return [membership.backup_id]
    return [officer_id]


def overdue_by_officer(*, today: datetime.date) -> dict[int, list[Signal]]:
    """Overdue signals per focal officer id who must act on them.

    The assignee (their backup while they are absent); for an unassigned signal, or one whose
    assignee no longer works for the municipality, every present focal officer of it. Runs as the
    system (the daily job); every officer receives only signals of municipalities they work for.
    """
    overdue = list(Signal.objects.filter(overdue_q(today))
                   .only("id", "reference", "municipality_id", "assigned_to_id", "first_reaction_due",
                         "triage_due", "first_reaction_at", "status")
                   .order_by("municipality_id", "reference"))
    by_officer: dict[int, list[Signal]] = {}
    officers_by_municipality: dict[int, dict[int, Membership]] = {}
    for signal in overdue:
        if signal.municipality_id not in officers_by_municipality:
            officers_by_municipality[signal.municipality_id] = _officers_of(signal.municipality_id)
        officers = officers_by_municipality[signal.municipality_id]
        if signal.assigned_to_id in officers:
            recipients = _present(signal.assigned_to_id, officers)
        else:
            recipients = sorted({r for officer_id in officers for r in _present(officer_id, officers)})
        for officer_id in recipients:
            by_officer.setdefault(officer_id, []).append(signal)
    return by_officer


def referral_organisations(signal: Signal) -> models.QuerySet:
    """The active organisations a referral of this signal may name: of its region, or national.

    Of the region: the organisation's own region, or the municipality it belongs to is in the
    region. National: neither a region nor a municipality. Which kinds fit which referral
    target is the table in referral_targets.py.
    """
    return (Organisation.objects.filter(active=True)
            .filter(Q(region_id=signal.region_id)
                    | Q(municipality__region_membership__region_id=signal.region_id)
                    | Q(region__isnull=True, municipality__isnull=True))
            .only("id", "name", "kind").order_by("name", "id"))


def reported_signals(user) -> models.QuerySet:
    """'Mijn meldingen': the user's own reports with the number of messages they have not read yet."""
    unread = Count("mailbox_messages", filter=Q(mailbox_messages__direction=MessageDirection.TO_REPORTER,
                                                 mailbox_messages__read_at__isnull=True))
    return Signal.objects.reported_by(user).annotate(unread_messages=unread).order_by("-received_at", "-id")

