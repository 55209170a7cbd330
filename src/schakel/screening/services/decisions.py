"""At the table: a decision per item with its routes, attendance, moving items on, closing the meeting,
and routes finishing when their actions are done."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.accounts.models import Membership
from schakel.accounts.roles import Role
from schakel.clock import AMSTERDAM
from schakel.clock import now as clock_now
from schakel.organisations.models import Organisation, RegionMember
from schakel.privacy.audit import record_access
from schakel.signalling.models import CloseReason
from schakel.signalling.services import table

from ..errors import MeetingClosed, ScreeningError
from ..models import AgendaItem, Attendance, ItemOrigin, ItemStatus, Meeting, MeetingStatus, Route, RouteStatus
from ..permissions import can_chair
from ..routes import ACTION_SOURCE, MONITOR, NONE, RouteStart, UnknownRoute, get_route
from .agenda import MAX_SUMMARY, _add_item, _clean, _date, _lock_item
from .meetings import lock_for_chair

# What 'no further action' may close a signal with (a duplicate is merged by the focal officer;
# 'routes done' is the system's own).
TABLE_CLOSE_REASONS = (CloseReason.NOT_TRAFFICKING, CloseReason.INSUFFICIENT_INFORMATION,
                       CloseReason.REFERRED_ELSEWHERE)
MAX_MONITOR_WEEKS = 26


@dataclass(frozen=True)
class RouteChoice:
    kind: str
    owner_organisation_id: int | None = None
    note: str = ""
    monitor_weeks: int = 4


def owner_choices(region_id: int, kind_key: str):
    """The active organisations of the region the table may choose as the route's owner."""
    from django.db.models import Q

    kind = get_route(kind_key)
    if not kind.needs_owner:
        return Organisation.objects.none()
    municipalities = RegionMember.objects.filter(region_id=region_id).values("municipality_id")
    return (Organisation.objects.filter(active=True, kind__in=sorted(kind.owner_kinds))
            .filter(Q(region_id=region_id) | Q(municipality_id__in=municipalities)).order_by("name"))


def _due(kind, *, region_id: int, meeting_day: datetime.date, choice: RouteChoice) -> datetime.date:
    from schakel.actions.services.core import due_date

    if kind.key == MONITOR:
        weeks = choice.monitor_weeks
        if not 1 <= weeks <= MAX_MONITOR_WEEKS:
            raise ScreeningError(gettext_lazy("Monitoren kan 1 tot %(max)s weken.") % {"max": MAX_MONITOR_WEEKS},
                                 field="routes")
        return meeting_day + datetime.timedelta(weeks=weeks)
    return due_date(region_id=region_id, start=meeting_day, working_days=kind.default_due_working_days)


def _validate(choices: list[RouteChoice], *, region_id: int, close_reason: str):
    if not choices:
        raise ScreeningError(gettext_lazy("Kies ten minste één route. Is er niets meer te doen, kies dan "
                                          "'Geen verdere actie' met een reden."), field="routes")
    kinds = []
    for choice in choices:
        try:
            kind = get_route(choice.kind)
        except UnknownRoute:
            raise ScreeningError(gettext_lazy("Deze route bestaat niet."), field="routes") from None
        owner = None
        if kind.needs_owner:
            if choice.owner_organisation_id is None:
                raise ScreeningError(gettext_lazy("Kies bij de route '%(route)s' de organisatie die de actie "
                                                  "uitvoert.") % {"route": kind.label}, field="routes")
            owner = owner_choices(region_id, kind.key).filter(pk=choice.owner_organisation_id).first()
            if owner is None:
                raise ScreeningError(gettext_lazy("De gekozen organisatie past niet bij de route '%(route)s'.")
                                     % {"route": kind.label}, field="routes")
        kinds.append((kind, owner, choice))
    keys = [kind.key for kind, _owner, _choice in kinds]
    if NONE in keys and len(keys) > 1:
        raise ScreeningError(gettext_lazy("'Geen verdere actie' gaat niet samen met een andere route."),
                             field="routes")
    if NONE in keys and close_reason not in TABLE_CLOSE_REASONS:
        raise ScreeningError(gettext_lazy("Kies bij 'Geen verdere actie' de reden waarmee het signaal wordt "
                                          "afgesloten."), field="close_reason")
    return kinds


def _pending_item_for_chair(actor, item: AgendaItem, expected_version: int, not_pending) -> AgendaItem:
    """The item's row, locked: the actor chairs its meeting, the meeting is open, the item undecided."""
    current = _lock_item(item, expected_version)
    if not can_chair(actor, current.meeting):
        raise PermissionDenied
    if current.meeting.is_closed:
        raise MeetingClosed()
    if current.status != ItemStatus.PENDING:
        raise ScreeningError(not_pending)
    return current


@transaction.atomic
def decide(*, actor, item: AgendaItem, table_summary: str, routes: list[RouteChoice], close_reason: str = "",
           expected_version: int, now: datetime.datetime | None = None) -> AgendaItem:
    """Record the table's decision on one item; each route starts what it creates (its plugin)."""
    moment = now or clock_now()
    current = _pending_item_for_chair(actor, item, expected_version, gettext_lazy("Over dit punt is al besloten."))
    meeting = current.meeting
    table_summary = _clean(table_summary, limit=MAX_SUMMARY, field="table_summary", required=True,
                           missing=gettext_lazy("Vat kort samen wat het overleg heeft besproken."))
    kinds = _validate(routes, region_id=current.region_id, close_reason=close_reason)
    meeting_day = meeting.starts_at.astimezone(AMSTERDAM).date()
    signal = current.signal
    # An earlier 'monitor' route of this signal has done its work: it brought the signal back.
    Route.objects.filter(signal=signal, kind=MONITOR, status=RouteStatus.OPEN).update(
        status=RouteStatus.DONE, done_at=moment)
    labels = []
    for kind, owner, choice in kinds:
        route = Route.objects.create(
            item=current, signal=signal, municipality_id=current.municipality_id, region_id=current.region_id,
            kind=kind.key, owner_organisation=owner, note=_clean(choice.note, limit=MAX_SUMMARY, field="routes"),
            due_on=_due(kind, region_id=current.region_id, meeting_day=meeting_day, choice=choice),
            status=RouteStatus.DONE if kind.key == NONE else RouteStatus.OPEN, created_at=moment,
            done_at=moment if kind.key == NONE else None)
        try:
            kind.start(RouteStart(route_id=route.pk, kind=kind.key, signal=signal, owner_organisation=owner,
                                  note=route.note, due_on=route.due_on, meeting_id=meeting.pk, actor=actor, now=moment))
        except Exception as error:  # a plugin's refusal (e.g. no care coordinator) undoes the whole decision
            message = getattr(error, "message", None)
            if message is None:
                raise
            raise ScreeningError(message, field="routes") from error
        labels.append(f"{kind.label} ({owner.name})" if owner else str(kind.label))
    AgendaItem.objects.filter(pk=current.pk).update(
        status=ItemStatus.DECIDED, table_summary=table_summary, close_reason=close_reason if NONE in
        [k.key for k, _o, _c in kinds] else "", decided_at=moment, decided_by=actor, version=current.version + 1)
    current.refresh_from_db()
    # A route that starts work (any but monitor and no-further-action) refers the signal; care has no owner to choose.
    starts_work = any(kind.key not in (MONITOR, NONE) for kind, _owner, _choice in kinds)
    table.record_decision(
        actor=actor, signal=signal, refer=starts_work, close_reason=current.close_reason, now=moment,
        data={"meeting": meeting.pk, "item": current.pk, "routes": [k.key for k, _o, _c in kinds]},
        sentence=_("Besproken in het screeningsoverleg van %(date)s. Routes: %(routes)s.")
        % {"date": _date(meeting), "routes": ", ".join(labels)})
    return current


@transaction.atomic
def move_to_next(*, actor, item: AgendaItem, expected_version: int, now: datetime.datetime | None = None
                 ) -> AgendaItem:
    """Carry an undecided item over to the next meeting (a meeting can close only when none is left)."""
    from .agenda import next_open_meeting

    moment = now or clock_now()
    current = _pending_item_for_chair(actor, item, expected_version,
                                      gettext_lazy("Alleen een punt zonder besluit kan worden doorgeschoven."))
    meeting = current.meeting
    after = max(moment, meeting.starts_at)
    target = next_open_meeting(meeting.region, now=after)
    if target is None or target.pk == meeting.pk:
        raise ScreeningError(gettext_lazy("Er is geen volgend overleg gepland. Plan eerst een overleg."))
    AgendaItem.objects.filter(pk=current.pk).update(status=ItemStatus.MOVED, version=current.version + 1)
    new_item, _created = _add_item(meeting=target, signal=current.signal, origin=ItemOrigin.CARRIED_OVER,
                                   actor=actor, question=current.question, summary=current.summary, now=moment)
    AgendaItem.objects.filter(pk=current.pk).update(moved_to=new_item)
    current.refresh_from_db()
    return current


def attendance_choices(meeting: Meeting):
    """Who can be recorded as present: members of the participating organisations, the region's
    chain directors, care coordinators and focal officers."""
    from django.db.models import Q

    municipalities = RegionMember.objects.filter(region_id=meeting.region_id).values("municipality_id")
    return (Membership.objects.filter(active=True, user__is_active=True, organisation__active=True)
            .filter(Q(role=Role.PARTNER_MEMBER, organisation__in=meeting.participants.all())
                    | Q(role__in=[Role.CHAIN_DIRECTOR, Role.CARE_COORDINATOR], organisation__region_id=meeting.region_id)
                    | Q(role=Role.FOCAL_OFFICER, organisation__municipality_id__in=municipalities))
            .select_related("user", "organisation").order_by("organisation__name", "user__last_name", "pk"))


@transaction.atomic
def record_attendance(*, actor, meeting: Meeting, membership_ids: list[int], expected_version: int,
                      now: datetime.datetime | None = None) -> Meeting:
    moment = now or clock_now()
    current = lock_for_chair(actor=actor, meeting=meeting, expected_version=expected_version)
    chosen = {m.pk: m for m in attendance_choices(current).filter(pk__in=membership_ids)}
    if len(chosen) != len(set(membership_ids)):
        raise ScreeningError(gettext_lazy("Kies alleen mensen die aan dit overleg kunnen deelnemen."),
                             field="present")
    current.attendance.all().delete()
    seen = set()
    for membership in chosen.values():
        if membership.user_id in seen:
            continue
        seen.add(membership.user_id)
        Attendance.objects.create(meeting=current, user_id=membership.user_id,
                                  organisation_id=membership.organisation_id, recorded_at=moment)
    Meeting.objects.filter(pk=current.pk).update(version=current.version + 1)
    current.refresh_from_db()
    return current


@transaction.atomic
def close_meeting(*, actor, meeting: Meeting, expected_version: int, now: datetime.datetime | None = None) -> Meeting:
    moment = now or clock_now()
    current = lock_for_chair(actor=actor, meeting=meeting, expected_version=expected_version)
    undecided = current.items.filter(status=ItemStatus.PENDING).count()
    if undecided:
        raise ScreeningError(gettext_lazy(
            "Er zijn nog %(count)s punten zonder besluit. Neem een besluit of schuif ze door naar het volgende "
            "overleg; daarna kunt u het overleg afsluiten.") % {"count": undecided})
    if not current.attendance.exists():
        raise ScreeningError(gettext_lazy("Leg eerst vast wie er aanwezig waren; de notulen zijn alleen voor hen."),
                             field="present")
    Meeting.objects.filter(pk=current.pk).update(status=MeetingStatus.CLOSED, closed_at=moment, closed_by=actor,
                                                 agenda_sent_at=current.agenda_sent_at or moment,
                                                 version=current.version + 1)
    current.refresh_from_db()
    record_access(user=actor, action="change", record=current, reason="screening: overleg afgesloten")
    return current


# --- routes finish with their actions -----------------------------------------------------------

def route_action_finished(action) -> None:
    """Actions' listener for source 'screening.route' (inside report_back's transaction)."""
    from schakel.actions.selectors import actions_for_source

    route = Route.objects.select_for_update().filter(pk=action.source_id).select_related("signal").first()
    if route is None or route.status == RouteStatus.DONE:
        return
    if any(not other.is_finished for other in actions_for_source(ACTION_SOURCE, [route.pk])):
        return
    moment = action.finished_at or clock_now()
    not_done = action.status == "not_done"
    Route.objects.filter(pk=route.pk).update(status=RouteStatus.DONE, done_at=moment, not_done=not_done)
    # A route that could not be done needs the table's decision: the signal stays open and comes
    # back on the next agenda (build_agenda); otherwise the last route done closes it.
    all_done = not Route.objects.filter(signal_id=route.signal_id, status=RouteStatus.OPEN).exists() and not (
        not_done or Route.objects.filter(signal_id=route.signal_id, not_done=True,
                                         done_at__gt=_last_decision(route.signal_id)).exists())
    kind_label = _label(route.kind)
    owner = route.owner_organisation.name if route.owner_organisation_id else ""
    outcome = _("uitgevoerd") if action.status == "done" else _("niet uitgevoerd")
    table.note_route_finished(
        signal=route.signal, all_routes_done=all_done, now=moment, actor=action.finished_by,
        data={"route": route.pk, "kind": route.kind, "action": action.pk, "status": action.status},
        sentence=_("Route %(route)s afgerond door %(owner)s: %(outcome)s.")
        % {"route": kind_label, "owner": owner or "-", "outcome": outcome})


def _last_decision(signal_id: int):
    """When the table last decided on the signal (a route that failed before that was dealt with)."""
    from django.db.models import Max

    return (AgendaItem.objects.filter(signal_id=signal_id, status=ItemStatus.DECIDED)
            .aggregate(last=Max("decided_at"))["last"])


def _label(key: str) -> str:
    try:
        return str(get_route(key).label)
    except UnknownRoute:
        return key
