"""The agenda: signals put forward by focal officers, monitor items whose date has come, overdue
actions, and items carried over; prepared and ordered by the chain director."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.clock import AMSTERDAM
from schakel.errors import clean_text
from schakel.clock import now as clock_now
from schakel.privacy.audit import record_access
from schakel.signalling.models import Signal, SignalEvent, SignalStatus
from schakel.signalling.permissions import can_triage
from schakel.web.templatetags.schakel_shell import datum
from schakel.signalling.services import table

from ..errors import AgendaClosed, MeetingClosed, NoMeetingPlanned, ScreeningError, StaleRecord
from ..models import AgendaItem, ItemOrigin, ItemStatus, Meeting, MeetingStatus, Route, RouteStatus
from ..permissions import can_chair
from ..routes import MONITOR
from .meetings import plan_meetings

MAX_QUESTION = 1000
MAX_SUMMARY = 5000
LIVE = (ItemStatus.PENDING, ItemStatus.DECIDED)


def _clean(value, *, limit: int, field: str, required: bool = False, missing=None) -> str:
    return clean_text(value, field=field, limit=limit, required=required, missing=missing, refusal=ScreeningError)


def _date(meeting: Meeting) -> str:
    return datum(meeting.starts_at)   # the product's one date style ("3 mrt. 2026")


def next_open_meeting(region, *, now: datetime.datetime) -> Meeting | None:
    """The first coming meeting whose agenda is still open, planning ahead when none is."""
    def first():
        return (Meeting.objects.filter(region=region, status=MeetingStatus.PLANNED, starts_at__gt=now)
                .order_by("starts_at", "id").first())

    meeting = first()
    if meeting is None and plan_meetings(region=region, now=now):
        meeting = first()
    return meeting


def _next_position(meeting: Meeting) -> int:
    return (meeting.items.aggregate(top=Max("position"))["top"] or 0) + 1


def _add_item(*, meeting: Meeting, signal: Signal, origin: str, actor, question: str, summary: str,
              now: datetime.datetime) -> tuple[AgendaItem, bool]:
    existing = meeting.items.filter(signal=signal, status__in=LIVE).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            item = AgendaItem.objects.create(
                meeting=meeting, signal=signal, municipality_id=signal.municipality_id, region_id=signal.region_id,
                origin=origin, position=_next_position(meeting), question=question, summary=summary,
                proposed_by=actor if getattr(actor, "is_authenticated", False) else None, created_at=now)
    except IntegrityError:
        return meeting.items.get(signal=signal, status__in=LIVE), False
    return item, True


def _reason_put_on_agenda(signal_id: int) -> str:
    """A signal put 'op de agenda' from the signal page carries the officer's reason: the question."""
    event = (SignalEvent.objects.filter(signal_id=signal_id, to_status=SignalStatus.ON_AGENDA)
             .order_by("-at", "-id").only("reason").first())
    return (event.reason if event is not None else "")[:MAX_QUESTION]


def _last_summary(signal_id: int) -> str:
    previous = AgendaItem.objects.filter(signal_id=signal_id).exclude(summary="").order_by("-created_at", "-id").first()
    return previous.summary if previous is not None else ""


@transaction.atomic
def put_forward(*, actor, signal: Signal, question: str, summary: str,
                now: datetime.datetime | None = None) -> AgendaItem:
    """The focal officer brings a signal of their municipality to the next open meeting."""
    moment = now or clock_now()
    if not can_triage(actor, signal):
        raise PermissionDenied
    question = _clean(question, limit=MAX_QUESTION, field="question", required=True,
                      missing=gettext_lazy("Schrijf in één of twee zinnen wat u aan het overleg vraagt."))
    summary = _clean(summary, limit=MAX_SUMMARY, field="summary", required=True,
                     missing=gettext_lazy("Schrijf een samenvatting die de deelnemers mogen lezen: personen met "
                                          "hun rol, nooit de melder."))
    if signal.status not in (SignalStatus.IN_TRIAGE, SignalStatus.ON_AGENDA):
        raise ScreeningError(gettext_lazy("Alleen een signaal dat u in behandeling hebt, kunt u aanmelden voor "
                                          "het overleg."))
    pending = (AgendaItem.objects.filter(signal=signal, status=ItemStatus.PENDING)
               .select_related("meeting").first())
    if pending is not None:
        return pending
    meeting = next_open_meeting(signal.region, now=moment)
    if meeting is None:
        raise NoMeetingPlanned()
    item, _created = _add_item(meeting=meeting, signal=signal, origin=ItemOrigin.PUT_FORWARD, actor=actor,
                               question=question, summary=summary, now=moment)
    table.put_forward(actor=actor, signal=signal, now=moment, data={"meeting": meeting.pk, "item": item.pk},
                      sentence=_("Aangemeld voor het screeningsoverleg van %(date)s.") % {"date": _date(meeting)})
    return item


def _lock_item(item: AgendaItem, expected_version: int | None) -> AgendaItem:
    current = AgendaItem.objects.select_for_update().select_related("meeting", "signal").get(pk=item.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleRecord()
    return current


@transaction.atomic
def withdraw(*, actor, item: AgendaItem, expected_version: int, now: datetime.datetime | None = None) -> AgendaItem:
    """The focal officer takes their item off the agenda until the agenda is sent."""
    moment = now or clock_now()
    current = _lock_item(item, expected_version)
    if not can_triage(actor, current.signal):
        raise PermissionDenied
    if current.status != ItemStatus.PENDING:
        raise ScreeningError(gettext_lazy("Dit punt is al besproken of doorgeschoven."))
    if not current.meeting.is_open_for_agenda:
        raise AgendaClosed()
    AgendaItem.objects.filter(pk=current.pk).update(status=ItemStatus.WITHDRAWN, version=current.version + 1)
    current.refresh_from_db()
    if current.origin == ItemOrigin.PUT_FORWARD:
        table.withdraw(actor=actor, signal=current.signal, now=moment, data={"item": current.pk},
                       sentence=_("Teruggetrokken van de agenda van %(date)s.") % {"date": _date(current.meeting)})
    return current


@transaction.atomic
def edit_item(*, actor, item: AgendaItem, question: str, summary: str, expected_version: int) -> AgendaItem:
    """The proposing municipality's focal officer (until the agenda is sent) or the chair edits the
    question and the summary the participants read."""
    current = _lock_item(item, expected_version)
    chair = can_chair(actor, current.meeting)
    if not chair and not can_triage(actor, current.signal):
        raise PermissionDenied
    if current.meeting.is_closed or current.status != ItemStatus.PENDING:
        raise MeetingClosed()
    if not chair and not current.meeting.is_open_for_agenda:
        raise AgendaClosed()
    question = _clean(question, limit=MAX_QUESTION, field="question")
    summary = _clean(summary, limit=MAX_SUMMARY, field="summary")
    current.question, current.summary, current.version = question, summary, current.version + 1
    current.save(update_fields=["question", "summary", "version"])
    record_access(user=actor, action="change", record=current.signal, reason="screening: agendapunt bijgewerkt")
    return current


@transaction.atomic
def move(*, actor, item: AgendaItem, direction: str) -> AgendaItem:
    """Swap the item with its neighbour ('up' or 'down'); the chair orders the agenda."""
    current = _lock_item(item, None)
    if not can_chair(actor, current.meeting):
        raise PermissionDenied
    if current.meeting.is_closed:
        raise MeetingClosed()
    items = list(AgendaItem.objects.select_for_update().filter(meeting=current.meeting, status__in=LIVE)
                 .order_by("position", "id"))
    index = next(i for i, candidate in enumerate(items) if candidate.pk == current.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, candidate in enumerate(items, start=1):
        if candidate.position != position:
            AgendaItem.objects.filter(pk=candidate.pk).update(position=position)
    current.refresh_from_db()
    return current


def _signals_waiting(region_id: int):
    """Signals 'op de agenda' with no live item and no open route: put forward, not yet planned."""
    planned = AgendaItem.objects.filter(region_id=region_id, status__in=LIVE).exclude(
        meeting__status=MeetingStatus.CLOSED).values("signal_id")
    routed = Route.objects.filter(region_id=region_id, status=RouteStatus.OPEN).values("signal_id")
    return (Signal.objects.filter(region_id=region_id, status=SignalStatus.ON_AGENDA)
            .exclude(pk__in=planned).exclude(pk__in=routed).order_by("received_at", "id"))


def _signals_with_a_failed_route(region_id: int):
    """Open signals with a route that could not be done after the table last decided on them."""
    from django.db.models import Max, OuterRef, Subquery

    last_decided = (AgendaItem.objects.filter(signal_id=OuterRef("signal_id"), status=ItemStatus.DECIDED)
                    .values("signal_id").annotate(last=Max("decided_at")).values("last"))
    failed = (Route.objects.filter(region_id=region_id, not_done=True)
              .annotate(last_decided=Subquery(last_decided)).filter(done_at__gt=F("last_decided"))
              .values("signal_id"))
    planned = AgendaItem.objects.filter(region_id=region_id, status=ItemStatus.PENDING).values("signal_id")
    return (Signal.objects.filter(pk__in=failed).exclude(status=SignalStatus.CLOSED).exclude(pk__in=planned)
            .order_by("received_at", "id"))


@transaction.atomic
def build_agenda(*, actor, meeting: Meeting, now: datetime.datetime | None = None) -> int:
    """Add what is due to the agenda: signals put forward without an item, monitor routes whose
    date has come, and signals with an overdue action. Idempotent; returns the number added."""
    from schakel.actions.selectors import overdue_actions

    moment = now or clock_now()
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if actor is not None and not can_chair(actor, current):
        raise PermissionDenied
    if current.status != MeetingStatus.PLANNED:
        raise AgendaClosed()
    meeting_day = current.starts_at.astimezone(AMSTERDAM).date()
    added = 0
    for signal in _signals_waiting(current.region_id):
        _item, created = _add_item(meeting=current, signal=signal, origin=ItemOrigin.PUT_FORWARD, actor=None,
                                   question=_reason_put_on_agenda(signal.pk), summary=_last_summary(signal.pk),
                                   now=moment)
        added += created
    monitors = (Route.objects.filter(region_id=current.region_id, kind=MONITOR, status=RouteStatus.OPEN,
                                     due_on__lte=meeting_day).select_related("signal").order_by("due_on", "id"))
    for route in monitors:
        _item, created = _add_item(meeting=current, signal=route.signal, origin=ItemOrigin.MONITOR, actor=None,
                                   question="", summary=_last_summary(route.signal_id), now=moment)
        added += created
    for signal in _signals_with_a_failed_route(current.region_id):
        _item, created = _add_item(meeting=current, signal=signal, origin=ItemOrigin.NOT_DONE, actor=None,
                                   question="", summary=_last_summary(signal.pk), now=moment)
        added += created
    seen: set[int] = set()
    for action in overdue_actions(region_id=current.region_id, today=meeting_day):
        if action.signal_id in seen:
            continue
        seen.add(action.signal_id)
        _item, created = _add_item(meeting=current, signal=action.signal, origin=ItemOrigin.OVERDUE_ACTION,
                                   actor=None, question="", summary=_last_summary(action.signal_id), now=moment)
        added += created
    if actor is not None and added:
        record_access(user=actor, action="change", record=current, reason="screening: agenda opgebouwd")
    return added
