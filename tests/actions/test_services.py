"""The actions contract: create, accept, report back, with history, log, mail and concurrency."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from schakel.actions import selectors
from schakel.actions.models import Action, ActionEventKind, ActionStatus
from schakel.actions.services import ActionError, StaleAction, accept, create_action, report_back
from schakel.actions.sources import register_action_source
from schakel.organisations.models import ClosingDay, OrganisationKind
from schakel.privacy.models import AccessLogEntry
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.signalling.triage_factories import SignalFactory

from .factories import MONDAY, TUESDAY, make_action


@pytest.fixture
def partner(world):
    return world.user("partner_member")


def test_create_action_counts_working_days_copies_tenancy_and_writes_history(world):
    signal = SignalFactory(municipality=world.a1)
    action = make_action(world, signal=signal, due_in_working_days=5)
    assert action.due_on == datetime.date(2026, 3, 9)
    assert (action.municipality_id, action.region_id) == (world.a1.pk, world.region_a.pk)
    assert action.status == ActionStatus.OPEN and action.version == 1
    assert list(action.events.values_list("kind", flat=True)) == [ActionEventKind.CREATED]
    assert AccessLogEntry.objects.filter(record_type="actions.action", record_id=str(action.pk),
                                         action="change").exists()


def test_due_date_skips_the_regions_closing_days(world):
    ClosingDay.objects.create(region=world.region_a, date=datetime.date(2026, 3, 4), description="Brugdag")
    action = make_action(world, due_in_working_days=2)
    assert action.due_on == datetime.date(2026, 3, 5)


def test_create_action_takes_a_due_date_as_given(world):
    action = make_action(world, due_in_working_days=None, due_on=datetime.date(2026, 4, 1))
    assert action.due_on == datetime.date(2026, 4, 1)


def test_an_action_without_owner_is_refused_in_dutch(world):
    with pytest.raises(ActionError) as refused:
        create_action(actor=None, signal=SignalFactory(municipality=world.a1), owner_organisation=None,
                      title="Iets doen", source="tests.source", due_in_working_days=5)
    assert "organisatie" in str(refused.value.message)
    assert refused.value.field == "owner_organisation"
    assert not Action.objects.exists()


def test_exactly_one_of_due_on_and_working_days(world):
    with pytest.raises(ActionError):
        make_action(world, due_in_working_days=None)
    with pytest.raises(ActionError):
        make_action(world, due_in_working_days=3, due_on=datetime.date(2026, 4, 1))


def test_a_responsible_person_must_work_for_the_owner(world):
    with pytest.raises(ActionError) as refused:
        make_action(world, responsible=world.user("focal_officer"))
    assert refused.value.field == "responsible"
    action = make_action(world, responsible=world.user("partner_member"))
    assert action.responsible == world.user("partner_member")


def test_the_owners_members_get_a_link_never_the_content(world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        action = make_action(world, instructions="Zes mannen in een caravan")
    assert [m.to for m in mailoutbox] == [[world.user("partner_member").email]]
    body = mailoutbox[0].body
    assert f"/acties/{action.pk}" in body
    assert "caravan" not in body and "Huisbezoek" not in body


def test_accept_puts_it_in_progress_and_makes_the_actor_responsible(world, partner):
    action = make_action(world)
    accepted = accept(actor=partner, action=action, expected_version=1, now=TUESDAY)
    assert accepted.status == ActionStatus.IN_PROGRESS
    assert (accepted.accepted_by, accepted.accepted_at, accepted.responsible) == (partner, TUESDAY, partner)
    assert accepted.version == 2
    assert list(accepted.events.values_list("kind", flat=True))[-1] == ActionEventKind.ACCEPTED
    assert accepted.events.last().organisation_name == "Politie A"


def test_accepting_twice_by_the_same_person_is_one_acceptance(world, partner):
    action = make_action(world)
    accept(actor=partner, action=action, expected_version=1, now=TUESDAY)
    again = accept(actor=partner, action=action, expected_version=1, now=TUESDAY)
    assert again.version == 2
    assert action.events.filter(kind=ActionEventKind.ACCEPTED).count() == 1


def test_another_organisations_member_may_not_accept(world):
    action = make_action(world)
    other = UserFactory()
    MembershipFactory(user=other, role="partner_member",
                      organisation=OrganisationFactory(kind=OrganisationKind.LABOUR_INSPECTORATE,
                                                       region=world.region_a))
    with pytest.raises(PermissionDenied):
        accept(actor=other, action=action, expected_version=1)
    with pytest.raises(PermissionDenied):
        report_back(actor=world.user("focal_officer"), action=action, status=ActionStatus.DONE, text="Gedaan",
                    expected_version=1)


def test_report_back_records_the_outcome_and_tells_the_source(world, partner):
    finished = []
    register_action_source("tests.finished", label="Test", on_finished=lambda a: finished.append(a.pk))
    action = make_action(world, source="tests.finished", source_id=7)
    done = report_back(actor=partner, action=action, status=ActionStatus.DONE, text="Adres bezocht, niemand thuis",
                       expected_version=1, now=TUESDAY)
    assert done.is_finished and done.status == ActionStatus.DONE
    assert (done.finished_by, done.finished_at) == (partner, TUESDAY)
    assert done.accepted_by == partner, "reporting back on an open action picks it up as well"
    assert finished == [action.pk]
    done.refresh_from_db()
    assert done.outcome == "Adres bezocht, niemand thuis"
    assert done.events.last().text == "Adres bezocht, niemand thuis"


def test_a_failing_source_listener_undoes_the_report(world, partner):
    def refuse(action):
        raise RuntimeError("route missing")

    register_action_source("tests.failing", label="Test", on_finished=refuse)
    action = make_action(world, source="tests.failing")
    with pytest.raises(RuntimeError):
        report_back(actor=partner, action=action, status=ActionStatus.NOT_DONE, text="Geen capaciteit",
                    expected_version=1)
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN and action.version == 1


def test_report_back_needs_a_status_and_a_text(world, partner):
    action = make_action(world)
    with pytest.raises(ActionError) as refused:
        report_back(actor=partner, action=action, status=ActionStatus.NOT_DONE, text="  ", expected_version=1)
    assert refused.value.field == "text" and "reden" in str(refused.value.message)
    with pytest.raises(ActionError) as refused:
        report_back(actor=partner, action=action, status=ActionStatus.OPEN, text="x", expected_version=1)
    assert refused.value.field == "status"


def test_a_stale_version_is_refused_and_changes_nothing(world, partner):
    action = make_action(world)
    colleague = UserFactory()
    MembershipFactory(user=colleague, role="partner_member", organisation=world.organisations["police_a"])
    accept(actor=colleague, action=action, expected_version=1)
    with pytest.raises(StaleAction) as refused:
        report_back(actor=partner, action=action, status=ActionStatus.DONE, text="Gedaan", expected_version=1)
    assert "intussen gewijzigd" in str(refused.value.message)
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS


def test_a_double_report_is_one_report_and_a_finished_action_stays_finished(world, partner):
    action = make_action(world)
    report_back(actor=partner, action=action, status=ActionStatus.DONE, text="Gedaan", expected_version=1)
    again = report_back(actor=partner, action=action, status=ActionStatus.DONE, text="Gedaan", expected_version=1)
    assert again.version == 2
    assert action.events.filter(kind=ActionEventKind.DONE).count() == 1
    with pytest.raises(ActionError):
        report_back(actor=partner, action=action, status=ActionStatus.NOT_DONE, text="Toch niet", expected_version=2)
    with pytest.raises(ActionError):
        accept(actor=partner, action=action, expected_version=2)


def test_the_creator_hears_an_action_was_reported_back(world, partner, mailoutbox,
                                                        django_capture_on_commit_callbacks):
    officer = world.user("focal_officer")
    action = make_action(world, actor=officer)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report_back(actor=partner, action=action, status=ActionStatus.DONE, text="Geheime uitkomst",
                    expected_version=1)
    assert [m.to for m in mailoutbox] == [[officer.email]]
    assert "Geheime uitkomst" not in mailoutbox[0].body
    assert action.signal.reference in mailoutbox[0].body


def test_selectors_of_the_contract(world, partner):
    signal = SignalFactory(municipality=world.a1, status="on_agenda")
    first = make_action(world, signal=signal, due_in_working_days=2, source="tests.route", source_id=1)
    second = make_action(world, signal=signal, due_in_working_days=8, source="tests.route", source_id=2)
    other = make_action(world, due_in_working_days=1)
    assert list(selectors.actions_for_signal(signal.pk)) == [first, second]
    assert list(selectors.actions_for_source("tests.route", [2])) == [second]
    assert selectors.next_due_by_signal([signal.pk]) == {signal.pk: first.due_on}
    report_back(actor=partner, action=first, status=ActionStatus.DONE, text="Gedaan", expected_version=1)
    assert selectors.next_due_by_signal([signal.pk, 999]) == {signal.pk: second.due_on}
    today = datetime.date(2026, 3, 5)
    assert list(selectors.overdue_actions(region_id=world.region_a.pk, today=today)) == [other]
    assert list(selectors.overdue_actions(region_id=world.region_b.pk, today=today)) == []
    assert set(selectors.open_actions_for_organisation(world.organisations["police_a"].pk)) == {second, other}


def test_tenancy_scope_per_role(world):
    action = make_action(world)
    visible = {role: Action.objects.visible_to(world.user(role)).filter(pk=action.pk).exists()
               for role in ("partner_member", "focal_officer", "chain_director", "care_coordinator", "reporter",
                            "policy_officer", "administrator", "privacy_officer")}
    assert visible == {"partner_member": True, "focal_officer": True, "chain_director": True,
                       "care_coordinator": True, "reporter": False, "policy_officer": False,
                       "administrator": False, "privacy_officer": False}
    assert not Action.objects.visible_to(world.other_municipality).filter(pk=action.pk).exists()
    assert not Action.objects.visible_to(world.other_region).filter(pk=action.pk).exists()


def test_the_inbox_asks_actions_for_the_next_due_date(world):
    from schakel.signalling.extensions import next_due_dates

    action = make_action(world)
    assert next_due_dates([action.signal_id]) == {action.signal_id: action.due_on}


def test_now_defaults_to_the_clock(world, partner):
    import time_machine

    with time_machine.travel(MONDAY, tick=False):
        action = make_action(world, now=None)
    assert action.created_at == MONDAY
