"""Reads for the focal officer's triage: the inbox, search, one signal, overdue work.

Every read starts from `Signal.objects.visible_to(user)` (the one tenancy mechanism), narrowed
to the signals the user handles as a focal officer. List queries touch no encrypted column:
they filter and sort on plain indexed columns and compute the deadline state from stored dates.
Split by topic: paginators in selectors_paging.py, search in selectors_search.py, who handles
what in selectors_officers.py (their names are importable from here as before).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.accounts.tenancy import active_memberships, get_visible_or_404, scope_for
from schakel.clock import AMSTERDAM
from schakel.organisations.models import Municipality, Organisation

from .acute import acute_overdue_q
from .extensions import next_due_dates
from .models import (
    Channel,
    ExploitationForm,
    MailboxMessage,
    MessageDirection,
    Sector,
    Signal,
    SignalEvent,
    SignalStatus,
)
from .names import surname_order
from .normalise import SearchTerm
from .rules import DeadlineState, deadline_state, received_date
from .selectors_officers import (  # noqa: F401  (their home before the split)
    covered_officer_ids,
    focal_officer_membership,
    focal_officers_for,
    overdue_by_officer,
)
from .selectors_paging import CappedPaginator, CountingPagePaginator, PageFirstPaginator  # noqa: F401
from .selectors_search import REFERENCE_PATTERN, parse_reference, search, search_signal_ids  # noqa: F401
from .transitions import TRIAGE_STATUSES

PAGE_SIZE = 25
# A search counts its hits up to this number and then says "more than": a common word matches
# thousands of signals of a large municipality, and counting them all costs more than the page.
SEARCH_COUNT_CAP = 500
# What a row of the inbox shows (signalling/templatetags/inbox_display.py); the running deadline
# is computed in the query.
INBOX_COLUMNS = ("reference", "municipality", "assigned_to", "channel", "forms", "status", "acute_danger",
                 "waiting_for_reporter", "received_at", "closed_at", "first_reaction_at", "first_reaction_due_at",
                 "escalated_at", "merged_into")


class Tab(models.TextChoices):
    NEW = "new", _("Nieuw")
    MINE = "mine", _("Mijn signalen")
    OVERDUE = "overdue", _("Te laat")
    WAITING = "waiting", _("Wacht op melder")
    OPEN = "open", _("Alle open")
    CLOSED = "closed", _("Afgesloten")


class SortOrder(models.TextChoices):
    DEADLINE = "deadline", _("Termijn (acuut en eerst verlopend bovenaan)")
    DEADLINE_DESC = "deadline_desc", _("Termijn (laatst verlopend eerst)")
    RECEIVED = "received", _("Ontvangen (nieuwste eerst)")
    RECEIVED_OLDEST = "received_oldest", _("Ontvangen (oudste eerst)")
    REFERENCE = "reference", _("Kenmerk (oplopend)")
    REFERENCE_DESC = "reference_desc", _("Kenmerk (aflopend)")
    CHANNEL = "channel", _("Kanaal (A-Z)")
    CHANNEL_DESC = "channel_desc", _("Kanaal (Z-A)")
    FORM = "form", _("Vorm (A-Z)")
    FORM_DESC = "form_desc", _("Vorm (Z-A)")
    MUNICIPALITY = "municipality", _("Gemeente (A-Z)")
    MUNICIPALITY_DESC = "municipality_desc", _("Gemeente (Z-A)")
    STATUS = "status", _("Status (eerste stap eerst)")
    STATUS_DESC = "status_desc", _("Status (laatste stap eerst)")
    ASSIGNEE = "assignee", _("Behandelaar (A-Z)")
    ASSIGNEE_DESC = "assignee_desc", _("Behandelaar (Z-A)")


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
    days_open: int = 0
    unread: int = 0
    # For an acute signal without a reaction: the moment its first reaction is due.
    due_at: datetime.datetime | None = None


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


def _acute_first() -> Case:
    """0 for an acute signal still in triage (above every other open signal), else 1."""
    return Case(When(Q(acute_danger=True, status__in=sorted(TRIAGE_STATUSES)), then=Value(0)),
                default=Value(1), output_field=models.IntegerField())


def overdue_q(today: datetime.date, now: datetime.datetime | None = None) -> Q:
    """Signals in triage past the deadline that runs for them (on stored dates only).

    With `now`, an acute signal whose norm (a moment) passed today counts as overdue as well.
    """
    condition = Q(status__in=sorted(TRIAGE_STATUSES)) & (
        Q(first_reaction_at__isnull=True, first_reaction_due__lt=today) | Q(triage_due__lt=today))
    if now is not None:
        condition |= acute_overdue_q(now) & Q(status__in=sorted(TRIAGE_STATUSES))
    return condition


def _amsterdam_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=AMSTERDAM)


def mine_ids(user) -> list[int]:
    """'Mijn signalen': the user's own and those of absent officers they cover."""
    return [user.pk, *covered_officer_ids(user)]


def _tab_q(tab: str, *, user, today: datetime.date, now: datetime.datetime | None = None) -> Q:
    if tab == Tab.NEW:
        return Q(status=SignalStatus.RECEIVED)
    if tab == Tab.MINE:
        # An absent officer's open work is their backup's too (issue 19).
        return Q(assigned_to__in=mine_ids(user)) & ~Q(status=SignalStatus.CLOSED)
    if tab == Tab.OVERDUE:
        return overdue_q(today, now)
    if tab == Tab.WAITING:
        return Q(waiting_for_reporter=True) & ~Q(status=SignalStatus.CLOSED)
    if tab == Tab.CLOSED:
        return Q(status=SignalStatus.CLOSED)
    return ~Q(status=SignalStatus.CLOSED)


def _forms_contain(value: str) -> Q:
    # A JSON list of choice values, searched as text: works the same on SQLite and PostgreSQL.
    return Q(forms_text__contains=f'"{value}"')


_STATUS_ORDER = Case(*(When(status=value, then=Value(number)) for number, value in enumerate(SignalStatus.values)),
                     default=Value(99), output_field=models.IntegerField())


def _column_order(sort: str) -> list | None:
    """The ORDER BY of a column sort (every column of the inbox), or None for the deadline sort."""
    descending = sort.endswith("_desc")
    column = sort.removesuffix("_desc")

    def direction(expression):
        expression = F(expression) if isinstance(expression, str) else expression
        return expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)

    if sort == SortOrder.RECEIVED:
        return ["-received_at", "-id"]
    if sort == SortOrder.RECEIVED_OLDEST:
        return ["received_at", "id"]
    orders = {
        "reference": [direction("reference")],
        "channel": [direction("channel"), "-received_at"],
        "form": [direction("forms_text"), "-received_at"],
        "municipality": [direction("municipality__name"), "-received_at"],
        "status": [direction(_STATUS_ORDER), "-received_at"],
        # By surname without its tussenvoegsel ('van der Berg' under B), as Dutch lists sort (names.py).
        "assignee": [*(direction(term) for term in surname_order(
            "assigned_to__last_name", "assigned_to__first_name", "assigned_to__username")), "-received_at"],
        "deadline": [direction("running_deadline"), "received_at"],
    }
    if sort == SortOrder.DEADLINE:
        return None
    return orders.get(column)


def inbox_queryset(*, user, filters: InboxFilters, today: datetime.date,
                   now: datetime.datetime | None = None) -> tuple[models.QuerySet, list[SearchTerm]]:
    """The user's signals for these filters, in the chosen order (the inbox and its export)."""
    queryset = handled_signals(user).filter(_tab_q(filters.tab, user=user, today=today, now=now))
    terms: list[SearchTerm] = []
    if filters.query.strip():
        queryset, terms = search(queryset, filters.query,
                                 municipalities=scope_for(user).municipalities_for(Role.FOCAL_OFFICER))
    queryset = queryset.alias(forms_text=Cast("forms", models.TextField()))
    if filters.form in ExploitationForm.values:
        queryset = queryset.filter(_forms_contain(filters.form))
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
    # The reporter wrote and no focal officer opened the signal since: the row's 'nieuw bericht'.
    # In the page query itself (PostgreSQL evaluates it for the 25 rows after the sort and limit).
    unread = MailboxMessage.objects.filter(signal_id=OuterRef("pk"), direction=MessageDirection.FROM_REPORTER,
                                           read_at__isnull=True)
    queryset = queryset.annotate(running_deadline=_running_deadline(), has_unread=Exists(unread))
    order = _column_order(filters.sort)
    if order is None:
        # Acute danger first, then the deadline that runs out first.
        order = [_acute_first().asc(), F("running_deadline").asc(nulls_last=True), "received_at", "id"]
    queryset = queryset.order_by(*order)
    return queryset, terms


def inbox(*, user, filters: InboxFilters, today: datetime.date, page_number=1,
          soon_days: int = 2, now: datetime.datetime | None = None) -> InboxResult:
    queryset, terms = inbox_queryset(user=user, filters=filters, today=today, now=now)
    # No joins in the paged query (unless sorted on a name): the planner then scans one index and
    # sorts; the 25 rows' municipalities and assignees are looked up afterwards by primary key.
    # Only the columns the rows show are read (nothing encrypted, no bookkeeping columns).
    queryset = queryset.only(*INBOX_COLUMNS)
    if filters.query.strip():
        paginator = CappedPaginator(queryset, PAGE_SIZE, cap=SEARCH_COUNT_CAP)
    elif filters.sort == SortOrder.DEADLINE:
        paginator = CountingPagePaginator(queryset, PAGE_SIZE)
    else:
        paginator = PageFirstPaginator(queryset, PAGE_SIZE)
    page = paginator.get_page(page_number)
    page.object_list = list(page.object_list)
    rows = build_rows(page.object_list, user=user, today=today, now=now, soon_days=soon_days)
    return InboxResult(page=page, rows=rows, search_terms=terms)


def build_rows(signals: list[Signal], *, user, today: datetime.date, now: datetime.datetime | None = None,
               soon_days: int = 2) -> list[InboxRow]:
    """The inbox rows of signals read by `inbox_queryset`: names, deadlines, days open, unread answers."""
    _attach_names(signals, user)
    # Outside triage the next due action (registered by other apps) is the deadline that runs.
    # A closed signal has nothing due: the providers are not asked about it.
    next_due = next_due_dates(s.pk for s in signals if s.running_deadline is None and s.status != SignalStatus.CLOSED)
    for signal in signals:
        if signal.running_deadline is None and signal.pk in next_due:
            signal.running_deadline = next_due[signal.pk]
    missing = {s.pk for s in signals if not hasattr(s, "has_unread")}
    unread = unread_answers(missing) if missing else {}
    rows = []
    for signal in signals:
        due_at = (signal.first_reaction_due_at if signal.acute_danger and signal.first_reaction_at is None
                  and signal.status in TRIAGE_STATUSES else None)
        state = deadline_state(signal.running_deadline, today, soon_days=soon_days) if signal.running_deadline \
            else None
        if due_at is not None and now is not None:
            # The acute norm is a moment: past it is too late, before it always urgent.
            state = DeadlineState.OVERDUE if now > due_at else DeadlineState.DUE_SOON
        rows.append(InboxRow(signal=signal, deadline=signal.running_deadline, state=state,
                             days_open=days_open(signal, today),
                             unread=int(getattr(signal, "has_unread", False)) or unread.get(signal.pk, 0),
                             due_at=due_at))
    return rows


def days_open(signal: Signal, today: datetime.date) -> int:
    """Calendar days from receipt until today (or until it was closed)."""
    end = received_date(signal.closed_at) if signal.status == SignalStatus.CLOSED and signal.closed_at else today
    return max((end - received_date(signal.received_at)).days, 0)


def unread_answers(signal_ids) -> dict[int, int]:
    """Per signal: the reporter's messages no focal officer has opened yet (the inbox's marker)."""
    if not signal_ids:
        return {}
    counts = (MailboxMessage.objects.filter(signal_id__in=sorted(signal_ids), direction=MessageDirection.FROM_REPORTER,
                                            read_at__isnull=True)
              .values("signal_id").annotate(number=Count("id")).order_by())
    return {row["signal_id"]: row["number"] for row in counts}


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


def inbox_counts(*, user, today: datetime.date, now: datetime.datetime | None = None) -> dict[str, int]:
    """Acute, new, mine and overdue, in one query over the user's open signals."""
    counts = handled_signals(user).exclude(status=SignalStatus.CLOSED).aggregate(
        acute=Count("id", filter=Q(acute_danger=True, status__in=sorted(TRIAGE_STATUSES))),
        new=Count("id", filter=Q(status=SignalStatus.RECEIVED)),
        mine=Count("id", filter=Q(assigned_to__in=mine_ids(user))),
        overdue=Count("id", filter=overdue_q(today, now)),
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

