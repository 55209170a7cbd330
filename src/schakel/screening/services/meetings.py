"""The calendar of the screening table: the series, planned and extra meetings, sending the agenda."""

from __future__ import annotations

import datetime
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.accounts.models import Membership, User
from schakel.accounts.roles import Role
from schakel.clock import AMSTERDAM
from schakel.clock import now as clock_now
from schakel.organisations.models import ClosingDay, Organisation, Region, RegionMember
from schakel.privacy.audit import record_access
from schakel.signalling.rules import is_working_day
from schakel.web.mail import send_quietly
from schakel.web.templatetags.schakel_shell import datum_tijd

from ..errors import MeetingClosed, ScreeningError, StaleRecord
from ..models import Meeting, MeetingKind, MeetingSeries, MeetingStatus
from ..permissions import can_chair, chaired_regions

PLAN_AHEAD_WEEKS = 8


def participant_choices(region_id: int):
    """Active partner organisations that can sit at the region's table (not the municipalities)."""
    municipalities = RegionMember.objects.filter(region_id=region_id).values("municipality_id")
    return (Organisation.objects.filter(active=True)
            .filter(Q(region_id=region_id) | Q(municipality_id__in=municipalities))
            .exclude(kind="municipality").order_by("name"))


def _check_participants(region_id: int, organisations) -> list[Organisation]:
    allowed = {o.pk: o for o in participant_choices(region_id)}
    chosen = []
    for organisation in organisations:
        pk = getattr(organisation, "pk", organisation)
        if pk not in allowed:
            raise ScreeningError(gettext_lazy("Kies alleen organisaties uit deze regio."), field="participants")
        chosen.append(allowed[pk])
    return chosen


def series_for(region: Region) -> MeetingSeries:
    series, _created = MeetingSeries.objects.get_or_create(region=region)
    return series


@transaction.atomic
def configure_series(*, actor, region: Region, expected_version: int, weekday: int, start_time: datetime.time,
                     duration_minutes: int, interval_weeks: int, place: str, video_link: str,
                     agenda_notice_working_days: int, participants, now: datetime.datetime | None = None
                     ) -> MeetingSeries:
    """The chain director sets when and where the table sits; planned meetings follow the change."""
    moment = now or clock_now()
    if region.pk not in chaired_regions(actor):
        raise PermissionDenied
    series = MeetingSeries.objects.select_for_update().get(pk=series_for(region).pk)
    if series.version != expected_version:
        raise StaleRecord()
    if weekday not in range(5):
        raise ScreeningError(gettext_lazy("Kies een werkdag (maandag tot en met vrijdag)."), field="weekday")
    if not 1 <= interval_weeks <= 4:
        raise ScreeningError(gettext_lazy("Kies om de 1, 2, 3 of 4 weken."), field="interval_weeks")
    if not 15 <= duration_minutes <= 480:
        raise ScreeningError(gettext_lazy("Een overleg duurt tussen 15 en 480 minuten."), field="duration_minutes")
    if not 0 <= agenda_notice_working_days <= 10:
        raise ScreeningError(gettext_lazy("Verstuur de agenda 0 tot 10 werkdagen vooraf."),
                             field="agenda_notice_working_days")
    chosen = _check_participants(region.pk, participants)
    for name, value in (("weekday", weekday), ("start_time", start_time), ("duration_minutes", duration_minutes),
                        ("interval_weeks", interval_weeks), ("place", (place or "").strip()[:200]),
                        ("video_link", (video_link or "").strip()),
                        ("agenda_notice_working_days", agenda_notice_working_days)):
        setattr(series, name, value)
    series.version += 1
    series.updated_at = moment
    series.save()
    series.participants.set(chosen)
    # Coming meetings whose agenda is still being prepared follow the new day, time and table.
    for meeting in Meeting.objects.filter(region=region, kind=MeetingKind.REGULAR, status=MeetingStatus.PLANNED,
                                          starts_at__gt=moment, items__isnull=True):
        meeting.delete()
    plan_meetings(region=region, now=moment)
    for meeting in Meeting.objects.filter(region=region, status=MeetingStatus.PLANNED, starts_at__gt=moment):
        meeting.participants.set(chosen)
        if meeting.kind == MeetingKind.REGULAR:
            Meeting.objects.filter(pk=meeting.pk).update(place=series.place, video_link=series.video_link,
                                                         duration_minutes=series.duration_minutes)
    record_access(user=actor, action="change", record=series, reason="screening: overleg ingesteld")
    return series


def _meeting_moments(series: MeetingSeries, *, start: datetime.date, weeks: int):
    first = start + datetime.timedelta(days=(series.weekday - start.weekday()) % 7)
    for week in range(0, weeks, series.interval_weeks):
        day = first + datetime.timedelta(weeks=week)
        yield datetime.datetime.combine(day, series.start_time, tzinfo=AMSTERDAM)


def plan_meetings(*, region: Region, now: datetime.datetime | None = None, weeks: int = PLAN_AHEAD_WEEKS) -> int:
    """Keep the series' meetings planned `weeks` ahead (idempotent; the daily job runs it)."""
    moment = now or clock_now()
    series = MeetingSeries.objects.filter(region=region).first()
    if series is None:
        return 0
    participants = list(series.participants.all())
    created = 0
    for starts_at in _meeting_moments(series, start=moment.astimezone(AMSTERDAM).date(), weeks=weeks):
        if starts_at <= moment:
            continue
        try:
            with transaction.atomic():
                meeting, made = Meeting.objects.get_or_create(
                    region=region, kind=MeetingKind.REGULAR, starts_at=starts_at,
                    defaults={"duration_minutes": series.duration_minutes, "place": series.place,
                              "video_link": series.video_link, "created_at": moment})
        except IntegrityError:
            continue
        if made:
            meeting.participants.set(participants)
            created += 1
    return created


@transaction.atomic
def schedule_extra(*, actor, region: Region, starts_at: datetime.datetime, reason: str, place: str = "",
                   video_link: str = "", participants=(), now: datetime.datetime | None = None) -> Meeting:
    """An extra meeting (spoedoverleg) when a signal cannot wait for the weekly table."""
    moment = now or clock_now()
    if region.pk not in chaired_regions(actor):
        raise PermissionDenied
    if starts_at <= moment:
        raise ScreeningError(gettext_lazy("Kies een moment in de toekomst."), field="starts_at")
    reason = (reason or "").strip()
    if not reason:
        raise ScreeningError(gettext_lazy("Geef kort aan waarom dit spoedoverleg nodig is (zonder namen)."),
                             field="reason")
    chosen = _check_participants(region.pk, participants)
    series = series_for(region)
    meeting = Meeting.objects.create(
        region=region, kind=MeetingKind.EXTRA, starts_at=starts_at, reason=reason[:300],
        place=(place or series.place).strip()[:200], video_link=(video_link or series.video_link).strip(),
        duration_minutes=series.duration_minutes, created_at=moment)
    meeting.participants.set(chosen or list(series.participants.all()))
    record_access(user=actor, action="create", record=meeting, reason="screening: spoedoverleg gepland")
    return meeting


def lock_for_chair(*, actor, meeting: Meeting, expected_version: int) -> Meeting:
    """The meeting's row, locked: refused unless the actor chairs it, nobody changed it since the
    actor's page was made, and it is not closed yet."""
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not can_chair(actor, current):
        raise PermissionDenied
    if current.is_closed:
        raise MeetingClosed()
    if current.version != expected_version:
        raise StaleRecord()
    return current


@transaction.atomic
def cancel_meeting(*, actor, meeting: Meeting, expected_version: int) -> Meeting:
    current = lock_for_chair(actor=actor, meeting=meeting, expected_version=expected_version)
    if current.items.filter(status="pending").exists():
        raise ScreeningError(gettext_lazy("Dit overleg heeft nog agendapunten. Schuif ze eerst door naar een "
                                          "volgend overleg."))
    Meeting.objects.filter(pk=current.pk).update(status=MeetingStatus.CANCELLED, version=current.version + 1)
    current.refresh_from_db()
    return current


# --- the agenda goes out ------------------------------------------------------------------------

def send_date(meeting: Meeting, notice_working_days: int) -> datetime.date:
    """The working day `notice_working_days` before the meeting (the region's closing days count)."""
    day = meeting.starts_at.astimezone(AMSTERDAM).date()
    closed = frozenset(ClosingDay.objects.filter(region_id=meeting.region_id).values_list("date", flat=True))
    remaining = notice_working_days
    while remaining:
        day -= datetime.timedelta(days=1)
        if is_working_day(day, closed_days=closed):
            remaining -= 1
    return day


def agenda_recipients(meeting: Meeting) -> list[User]:
    """Partner members of the participating organisations, the region's chain directors, and the
    focal officers of the municipalities with an item on the agenda."""
    municipalities = list(meeting.items.filter(status="pending").values_list("municipality_id", flat=True))
    memberships = Membership.objects.filter(active=True, organisation__active=True).filter(
        Q(role=Role.PARTNER_MEMBER, organisation__in=meeting.participants.all())
        | Q(role=Role.CHAIN_DIRECTOR, organisation__region_id=meeting.region_id)
        | Q(role=Role.FOCAL_OFFICER, organisation__municipality_id__in=municipalities))
    return list(User.objects.filter(pk__in=memberships.values("user_id"), is_active=True).exclude(email="")
                .order_by("pk"))


def _mail_agenda(meeting_id: int) -> int:
    meeting = Meeting.objects.get(pk=meeting_id)
    link = settings.SITE_URL.rstrip("/") + reverse("screening:meeting", kwargs={"pk": meeting.pk})
    with translation.override(settings.LANGUAGE_CODE):
        when = datum_tijd(meeting.starts_at)
        subject = _("Agenda screeningsoverleg %(when)s") % {"when": when}
        body = _("De agenda van het screeningsoverleg van %(when)s staat klaar in Schakel:\n%(link)s\n\n"
                 "Deze e-mail bevat bewust geen inhoud van de agenda.") % {"when": when, "link": link}
    return send_quietly([EmailMessage(subject, body, None, [user.email]) for user in agenda_recipients(meeting)],
                        what=f"agenda mail for meeting {meeting_id}")


@transaction.atomic
def send_agenda(*, actor, meeting: Meeting, expected_version: int | None = None,
                now: datetime.datetime | None = None) -> Meeting:
    """Close the agenda for additions and mail the participants a link. `actor` None: the daily job."""
    moment = now or clock_now()
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if actor is not None and not can_chair(actor, current):
        raise PermissionDenied
    if expected_version is not None and current.version != expected_version:
        raise StaleRecord()
    if current.status != MeetingStatus.PLANNED:
        return current
    Meeting.objects.filter(pk=current.pk).update(status=MeetingStatus.AGENDA_SENT, agenda_sent_at=moment,
                                                 version=current.version + 1)
    current.refresh_from_db()
    if actor is not None:
        record_access(user=actor, action="change", record=current, reason="screening: agenda verstuurd")
    meeting_id = current.pk
    transaction.on_commit(lambda: _mail_agenda(meeting_id))
    return current


def send_due_agendas(*, now: datetime.datetime | None = None) -> int:
    """The daily job: plan ahead, build each agenda whose send date has come, and send it."""
    from .agenda import build_agenda

    moment = now or clock_now()
    today = moment.astimezone(AMSTERDAM).date()
    sent = 0
    for region in Region.objects.filter(screening_series__isnull=False):
        plan_meetings(region=region, now=moment)
        notice = region.screening_series.agenda_notice_working_days
        for meeting in Meeting.objects.filter(region=region, status=MeetingStatus.PLANNED, starts_at__gt=moment):
            if send_date(meeting, notice) <= today:
                build_agenda(actor=None, meeting=meeting, now=moment)
                send_agenda(actor=None, meeting=meeting, now=moment)
                sent += 1
    return sent
