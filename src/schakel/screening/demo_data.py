"""The demo region's screening table: a weekly Tuesday meeting with police, labour inspectorate,
Veilig Thuis and the shelter; last week's meeting held (decisions, routes, actions, minutes); the
next one with every signal that waits 'op de agenda'. Idempotent: nothing is added once the
series has been configured.
"""

from __future__ import annotations

import datetime

from schakel.clock import AMSTERDAM
from schakel.demo import DemoContext, register_demo_loader
from schakel.signalling.models import Signal, SignalStatus

from . import services
from .models import AgendaItem, ItemOrigin, Meeting, MeetingKind, MeetingSeries
from .services.meetings import series_for

PARTNERS = ("police", "labour_inspectorate", "veilig_thuis", "shelter")
CHAIR = "demo-ketenregisseur"


def _last_tuesday(now: datetime.datetime) -> datetime.datetime:
    day = now.astimezone(AMSTERDAM).date()
    back = (day.weekday() - 1) % 7 or 7
    return datetime.datetime.combine(day - datetime.timedelta(days=back), datetime.time(10, 0), tzinfo=AMSTERDAM)


def _hold_last_weeks_meeting(context: DemoContext, chair, participants) -> int:
    """Two signals discussed last Tuesday: police and labour inspectorate on one, monitoring the other."""
    from schakel.actions.models import Action, ActionStatus
    from schakel.actions.services import accept, report_back

    waiting = list(Signal.objects.filter(region=context.region, status=SignalStatus.ON_AGENDA)
                   .order_by("received_at", "id")[:2])
    if len(waiting) < 2:
        return 0
    starts_at = _last_tuesday(context.now)
    meeting = Meeting.objects.create(region=context.region, kind=MeetingKind.REGULAR, starts_at=starts_at,
                                     place="Gemeentehuis Demodorp, zaal 2 (demo)", created_at=starts_at,
                                     status="agenda_sent", agenda_sent_at=starts_at - datetime.timedelta(days=2))
    meeting.participants.set(participants)
    police, inspectorate = context.organisations["police"], context.organisations["labour_inspectorate"]
    plans = [
        (waiting[0], "Arbeidsuitbuiting bij een uitzendbureau vermoed: zes mogelijke slachtoffers wonen in een "
                     "caravan bij de loods; mogelijke dader is de uitzender. (demo)",
         [services.RouteChoice("criminal", police.pk, "Adres en uitzender natrekken in de politiesystemen."),
          services.RouteChoice("labour_inspectorate", inspectorate.pk, "Inspectie bij de loods inplannen.")],
         "Politie en Arbeidsinspectie gaan samen op bezoek; terugkoppeling over twee weken. (demo)"),
        (waiting[1], "Vage zorgen over een massagesalon; nog geen concrete aanwijzingen. (demo)",
         [services.RouteChoice("monitor", monitor_weeks=4)],
         "Te weinig om nu te handelen. Wijkagent let op; over vier weken terug op de agenda. (demo)"),
    ]
    for position, (signal, summary, routes, decision) in enumerate(plans, start=1):
        item = AgendaItem.objects.create(
            meeting=meeting, signal=signal, municipality_id=signal.municipality_id, region_id=signal.region_id,
            origin=ItemOrigin.PUT_FORWARD, position=position, question="Welke route kiezen we? (demo)",
            summary=summary, created_at=meeting.agenda_sent_at)
        services.decide(actor=chair, item=item, table_summary=decision, routes=routes,
                        expected_version=item.version, now=starts_at + datetime.timedelta(minutes=20 * position))
    members = [m.pk for m in services.decisions.attendance_choices(meeting)
               if m.organisation_id in {police.pk, inspectorate.pk} or m.user_id == chair.pk]
    meeting.refresh_from_db()
    services.record_attendance(actor=chair, meeting=meeting, membership_ids=members,
                               expected_version=meeting.version, now=starts_at)
    meeting.refresh_from_db()
    services.close_meeting(actor=chair, meeting=meeting, expected_version=meeting.version,
                           now=starts_at + datetime.timedelta(hours=1))
    # The police picked theirs up; the labour inspectorate has already been and reported back.
    police_member = context.users_by_username.get("demo-ketenpartner")
    inspector = context.users_by_username.get("demo-arbeidsinspectie")
    for action in Action.objects.filter(signal=waiting[0], source="screening.route"):
        if action.owner_organisation_id == police.pk and police_member is not None:
            accept(actor=police_member, action=action, expected_version=action.version, now=context.now)
        elif action.owner_organisation_id == inspectorate.pk and inspector is not None:
            report_back(actor=inspector, action=action, status=ActionStatus.DONE, expected_version=action.version,
                        text="Inspectie gedaan: huisvesting onder de maat, loonstroken ontbreken. (demo)",
                        now=context.now)
    return 2


def load_screening(context: DemoContext) -> str:
    chair = context.users_by_username.get(CHAIR)
    if chair is None or MeetingSeries.objects.filter(region=context.region, version__gt=1).exists():
        return "al geladen"
    participants = [context.organisations[key] for key in PARTNERS if key in context.organisations]
    series = series_for(context.region)
    services.configure_series(
        actor=chair, region=context.region, expected_version=series.version, weekday=1,
        start_time=datetime.time(10, 0), duration_minutes=90, interval_weeks=1,
        place="Gemeentehuis Demodorp, zaal 2 (demo)", video_link="", agenda_notice_working_days=2,
        participants=participants, now=context.now)
    held = _hold_last_weeks_meeting(context, chair, participants)
    coming = services.next_open_meeting(context.region, now=context.now)
    added = services.build_agenda(actor=chair, meeting=coming, now=context.now) if coming is not None else 0
    return f"overleg ingesteld, {held} punten besproken, {added} punten op de volgende agenda"


# After the signals (20, 21) and the actions' referrals; before measures (60) and care.
register_demo_loader("screening.table", load_screening, order=40)
