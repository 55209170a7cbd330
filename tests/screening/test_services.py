"""The screening table's use cases: agenda, decisions with routes, closure, attendance."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from schakel.actions.models import Action, ActionStatus
from schakel.actions.services import accept, report_back
from schakel.screening import services
from schakel.screening.errors import AgendaClosed, NoMeetingPlanned, ScreeningError, StaleRecord
from schakel.screening.models import AgendaItem, ItemOrigin, ItemStatus, Meeting, MeetingStatus, Route
from schakel.screening.services import RouteChoice
from schakel.signalling.models import SignalEvent
from tests.screening.helpers import (
    FIRST_MEETING,
    MONDAY,
    labour_inspectorate,
    put_forward,
    signal_in_triage,
    weekly_table,
)

pytestmark = pytest.mark.django_db


def _decide(world, item, routes, *, close_reason="", summary="Politie en NLA gaan samen op huisbezoek."):
    item.refresh_from_db()
    return services.decide(actor=world.user("chain_director"), item=item, table_summary=summary, routes=routes,
                           close_reason=close_reason, expected_version=item.version, now=FIRST_MEETING)


def test_configuring_the_series_plans_eight_weeks_of_tuesday_meetings(world):
    weekly_table(world)
    meetings = list(Meeting.objects.filter(region=world.region_a))
    assert len(meetings) == 8
    assert meetings[0].starts_at == FIRST_MEETING
    assert {m.starts_at.weekday() for m in meetings} == {1}
    assert set(meetings[0].participants.values_list("name", flat=True)) == {"Politie A", "Arbeidsinspectie A"}


def test_putting_a_signal_forward_puts_it_on_the_next_meeting_once(world):
    weekly_table(world)
    signal = signal_in_triage(world)
    item = put_forward(world, signal)
    again = put_forward(world, signal)
    signal.refresh_from_db()
    assert again.pk == item.pk
    assert item.meeting.starts_at == FIRST_MEETING
    assert signal.status == "on_agenda"
    assert SignalEvent.objects.filter(signal=signal, kind="table").count() == 1


def test_putting_forward_without_a_planned_table_says_the_chain_director_sets_it_up(world):
    with pytest.raises(NoMeetingPlanned):
        put_forward(world, signal_in_triage(world))


def test_putting_forward_needs_a_question_and_a_summary(world):
    weekly_table(world)
    with pytest.raises(ScreeningError) as refused:
        services.put_forward(actor=world.user("focal_officer"), signal=signal_in_triage(world), question=" ",
                             summary="x", now=MONDAY)
    assert refused.value.field == "question"


def test_another_municipalitys_officer_cannot_put_a_signal_forward(world):
    weekly_table(world)
    with pytest.raises(PermissionDenied):
        put_forward(world, signal_in_triage(world), officer=world.other_municipality)


def test_withdrawing_before_the_agenda_is_sent_returns_the_signal_to_triage(world):
    weekly_table(world)
    signal = signal_in_triage(world)
    item = put_forward(world, signal)
    services.withdraw(actor=world.user("focal_officer"), item=item, expected_version=item.version, now=MONDAY)
    signal.refresh_from_db()
    item.refresh_from_db()
    assert (item.status, signal.status) == (ItemStatus.WITHDRAWN, "in_triage")


def test_withdrawing_after_the_agenda_is_sent_is_refused(world):
    weekly_table(world)
    item = put_forward(world, signal_in_triage(world))
    services.send_agenda(actor=world.user("chain_director"), meeting=item.meeting, now=MONDAY)
    with pytest.raises(AgendaClosed):
        services.withdraw(actor=world.user("focal_officer"), item=item, expected_version=item.version, now=MONDAY)




def test_the_agenda_mail_goes_to_participants_chain_director_and_proposing_officer(world, django_capture_on_commit_callbacks):
    weekly_table(world)
    item = put_forward(world, signal_in_triage(world))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_agenda(actor=world.user("chain_director"), meeting=item.meeting, now=MONDAY)
    recipients = {message.to[0] for message in mail.outbox}
    assert recipients == {world.user(role).email for role in ("partner_member", "chain_director", "focal_officer")} | {
        world.users["nla_member"].email}
    body = mail.outbox[0].body
    assert "/overleg/" in body and "caravan" not in body and item.signal.reference not in body


def test_building_the_agenda_adds_waiting_signals_due_monitors_and_overdue_actions_once(world):
    from tests.actions.factories import make_action

    weekly_table(world)
    waiting = signal_in_triage(world, status="on_agenda")
    overdue_signal = signal_in_triage(world, municipality=world.a2, status="referred")
    make_action(world, signal=overdue_signal, due_in_working_days=0, now=datetime.datetime(2026, 2, 20, 9, 0,
                                                                                             tzinfo=datetime.timezone.utc))
    meeting = Meeting.objects.filter(region=world.region_a).first()
    added = services.build_agenda(actor=world.user("chain_director"), meeting=meeting, now=MONDAY)
    again = services.build_agenda(actor=world.user("chain_director"), meeting=meeting, now=MONDAY)
    origins = dict(meeting.items.values_list("signal_id", "origin"))
    assert (added, again) == (2, 0)
    assert origins == {waiting.pk: ItemOrigin.PUT_FORWARD, overdue_signal.pk: ItemOrigin.OVERDUE_ACTION}


def test_moving_an_item_up_swaps_it_with_the_one_above(world):
    weekly_table(world)
    first = put_forward(world, signal_in_triage(world))
    second = put_forward(world, signal_in_triage(world))
    services.move(actor=world.user("chain_director"), item=second, direction="up")
    order = list(first.meeting.items.order_by("position").values_list("pk", flat=True))
    assert order == [second.pk, first.pk]


def test_a_stale_edit_of_an_agenda_item_is_refused(world):
    weekly_table(world)
    item = put_forward(world, signal_in_triage(world))
    services.edit_item(actor=world.user("chain_director"), item=item, question="Nieuwe vraag", summary="A",
                       expected_version=item.version)
    with pytest.raises(StaleRecord):
        services.edit_item(actor=world.user("focal_officer"), item=item, question="Andere vraag", summary="B",
                           expected_version=item.version)


def test_a_decision_without_a_route_is_refused_in_dutch(world):
    weekly_table(world)
    item = put_forward(world, signal_in_triage(world))
    with pytest.raises(ScreeningError) as refused:
        _decide(world, item, [])
    assert "ten minste één route" in str(refused.value.message)


def test_a_route_that_needs_an_owner_is_refused_without_one(world):
    weekly_table(world)
    item = put_forward(world, signal_in_triage(world))
    with pytest.raises(ScreeningError) as refused:
        _decide(world, item, [RouteChoice("criminal")])
    assert "organisatie" in str(refused.value.message)
    assert not Action.objects.exists()


def test_an_owner_of_the_wrong_kind_is_refused(world):
    weekly_table(world)
    item = put_forward(world, signal_in_triage(world))
    with pytest.raises(ScreeningError):
        _decide(world, item, [RouteChoice("criminal", labour_inspectorate(world).pk)])


def test_criminal_and_labour_routes_create_actions_and_refer_the_signal(world):
    weekly_table(world)
    item = put_forward(world, signal_in_triage(world))
    _decide(world, item, [RouteChoice("criminal", world.organisations["police_a"].pk, "Adres controleren"),
                          RouteChoice("labour_inspectorate", labour_inspectorate(world).pk)])
    item.refresh_from_db()
    item.signal.refresh_from_db()
    actions = Action.objects.filter(signal=item.signal).order_by("owner_organisation__name")
    assert item.status == ItemStatus.DECIDED
    assert item.signal.status == "referred"
    assert [a.owner_organisation.name for a in actions] == ["Arbeidsinspectie A", "Politie A"]
    assert {a.source for a in actions} == {"screening.route"}


def test_when_every_route_is_done_the_signal_closes_with_routes_done(world):
    weekly_table(world)
    item = put_forward(world, signal_in_triage(world))
    _decide(world, item, [RouteChoice("criminal", world.organisations["police_a"].pk),
                          RouteChoice("labour_inspectorate", labour_inspectorate(world).pk)])
    police, nla = (Action.objects.get(owner_organisation=world.organisations["police_a"]),
                   Action.objects.get(owner_organisation=labour_inspectorate(world)))
    accept(actor=world.user("partner_member"), action=police, expected_version=police.version)
    police.refresh_from_db()
    report_back(actor=world.user("partner_member"), action=police, status=ActionStatus.DONE,
                text="Huisbezoek afgelegd.", expected_version=police.version)
    item.signal.refresh_from_db()
    assert item.signal.status == "referred"
    report_back(actor=world.users["nla_member"], action=nla, status=ActionStatus.DONE,
                text="Inspectie gedaan.", expected_version=nla.version)
    item.signal.refresh_from_db()
    assert (item.signal.status, item.signal.close_reason) == ("closed", "routes_done")
    assert set(Route.objects.values_list("status", flat=True)) == {"done"}
    sentences = list(SignalEvent.objects.filter(signal=item.signal, kind="table").values_list("reason", flat=True))
    assert any("Route Strafrechtelijk afgerond door Politie A" in s for s in sentences)


def test_no_further_action_closes_the_signal_with_the_tables_reason(world):
    weekly_table(world)
    item = put_forward(world, signal_in_triage(world))
    with pytest.raises(ScreeningError) as refused:
        _decide(world, item, [RouteChoice("none")])
    assert refused.value.field == "close_reason"
    _decide(world, item, [RouteChoice("none")], close_reason="not_trafficking")
    item.signal.refresh_from_db()
    assert (item.signal.status, item.signal.close_reason) == ("closed", "not_trafficking")


def test_no_further_action_cannot_be_combined_with_another_route(world):
    weekly_table(world)
    item = put_forward(world, signal_in_triage(world))
    with pytest.raises(ScreeningError):
        _decide(world, item, [RouteChoice("none"), RouteChoice("monitor")], close_reason="not_trafficking")


def test_a_monitor_route_brings_the_signal_back_on_the_agenda_after_its_weeks(world):
    weekly_table(world)
    item = put_forward(world, signal_in_triage(world))
    _decide(world, item, [RouteChoice("monitor", monitor_weeks=2)])
    meetings = list(Meeting.objects.filter(region=world.region_a).order_by("starts_at"))
    assert services.build_agenda(actor=world.user("chain_director"), meeting=meetings[1], now=MONDAY) == 0
    assert services.build_agenda(actor=world.user("chain_director"), meeting=meetings[2], now=MONDAY) == 1
    assert meetings[2].items.get().origin == ItemOrigin.MONITOR


def test_a_meeting_with_undecided_items_cannot_close_until_they_are_moved(world):
    weekly_table(world)
    item = put_forward(world, signal_in_triage(world))
    meeting = item.meeting
    chair = world.user("chain_director")
    membership = chair.memberships.get()
    services.record_attendance(actor=chair, meeting=meeting, membership_ids=[membership.pk],
                               expected_version=meeting.version, now=FIRST_MEETING)
    meeting.refresh_from_db()
    with pytest.raises(ScreeningError) as refused:
        services.close_meeting(actor=chair, meeting=meeting, expected_version=meeting.version, now=FIRST_MEETING)
    assert "zonder besluit" in str(refused.value.message)
    services.move_to_next(actor=chair, item=item, expected_version=item.version, now=FIRST_MEETING)
    closed = services.close_meeting(actor=chair, meeting=meeting, expected_version=meeting.version, now=FIRST_MEETING)
    moved = AgendaItem.objects.get(signal=item.signal, status=ItemStatus.PENDING)
    assert closed.status == MeetingStatus.CLOSED
    assert moved.origin == ItemOrigin.CARRIED_OVER and moved.meeting.starts_at > meeting.starts_at


def test_closing_needs_the_attendance_first(world):
    weekly_table(world)
    meeting = Meeting.objects.filter(region=world.region_a).first()
    with pytest.raises(ScreeningError) as refused:
        services.close_meeting(actor=world.user("chain_director"), meeting=meeting,
                               expected_version=meeting.version, now=FIRST_MEETING)
    assert refused.value.field == "present"


def test_a_partner_sees_items_only_of_meetings_their_organisation_takes_part_in(world):
    weekly_table(world, participants=[labour_inspectorate(world)])
    put_forward(world, signal_in_triage(world))
    assert AgendaItem.objects.visible_to(world.users["nla_member"]).count() == 1
    assert AgendaItem.objects.visible_to(world.user("partner_member")).count() == 0
    assert Meeting.objects.visible_to(world.user("partner_member")).count() == 0


def test_the_daily_job_sends_the_agenda_two_working_days_before(world):
    weekly_table(world, now=datetime.datetime(2026, 2, 27, 9, 0, tzinfo=datetime.timezone.utc))
    assert services.send_due_agendas(now=datetime.datetime(2026, 2, 27, 8, 0, tzinfo=datetime.timezone.utc)) == 1
    first = Meeting.objects.filter(region=world.region_a).order_by("starts_at").first()
    assert first.status == MeetingStatus.AGENDA_SENT
    second = Meeting.objects.filter(region=world.region_a).order_by("starts_at")[1]
    assert second.status == MeetingStatus.PLANNED


def test_a_care_route_without_an_owner_to_choose_still_refers_the_signal(world):
    weekly_table(world)
    item = put_forward(world, signal_in_triage(world))
    _decide(world, item, [RouteChoice("care")], summary="Zorg via de zorgcoördinator.")
    item.signal.refresh_from_db()
    assert item.signal.status == "referred"
    assert Action.objects.get(signal=item.signal).owner_organisation == world.organisations["region_a"]


def test_a_signal_on_an_agenda_shows_the_meeting_date_as_its_next_due_date(world):
    from schakel.signalling.extensions import next_due_dates

    weekly_table(world)
    item = put_forward(world, signal_in_triage(world))
    assert next_due_dates([item.signal_id]) == {item.signal_id: FIRST_MEETING.date()}


def test_erasing_a_signal_takes_its_agenda_items_routes_and_actions_with_it(world):
    from schakel.signalling.models import Signal
    from schakel.signalling.services.erasure import erase_signal

    weekly_table(world)
    item = put_forward(world, signal_in_triage(world))
    _decide(world, item, [RouteChoice("criminal", world.organisations["police_a"].pk)])
    erase_signal(signal=item.signal, actor=None, reason="bewaartermijn verstreken")
    assert not Signal.objects.filter(pk=item.signal_id).exists()
    assert not (AgendaItem.objects.exists() or Route.objects.exists() or Action.objects.exists())
    assert Meeting.objects.filter(pk=item.meeting_id).exists()


def test_a_route_that_could_not_be_done_brings_the_signal_back_for_a_new_decision(world):
    weekly_table(world)
    item = put_forward(world, signal_in_triage(world))
    _decide(world, item, [RouteChoice("criminal", world.organisations["police_a"].pk)])
    police = Action.objects.get()
    report_back(actor=world.user("partner_member"), action=police, status=ActionStatus.NOT_DONE,
                text="Geen toegang tot het pand gekregen.", expected_version=police.version)
    item.signal.refresh_from_db()
    assert item.signal.status == "referred"          # not closed: the table decides what now
    meetings = list(Meeting.objects.filter(region=world.region_a).order_by("starts_at"))
    assert services.build_agenda(actor=world.user("chain_director"), meeting=meetings[1], now=MONDAY) == 1
    again = meetings[1].items.get()
    assert again.origin == ItemOrigin.NOT_DONE
    again.refresh_from_db()
    services.decide(actor=world.user("chain_director"), item=again, table_summary="Geen verdere actie mogelijk.",
                    routes=[RouteChoice("none")], close_reason="insufficient_information",
                    expected_version=again.version, now=meetings[1].starts_at)
    item.signal.refresh_from_db()
    assert (item.signal.status, item.signal.close_reason) == ("closed", "insufficient_information")
    assert services.build_agenda(actor=world.user("chain_director"), meeting=meetings[2], now=MONDAY) == 0
