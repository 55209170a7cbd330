"""The daily job: a focal officer hears once when an action of their signal is overdue."""

import datetime

from schakel.accounts.roles import Role
from schakel.actions.models import ActionEventKind, ActionStatus
from schakel.actions.services import report_back
from schakel.jobs import registry
from schakel.jobs.services import run_periodic_job
from tests.factories import MembershipFactory, UserFactory
from tests.signalling.triage_factories import SignalFactory

from .factories import make_action

JOB = "actions.overdue_actions"
UTC = datetime.timezone.utc
# Mon 2 March 2026 + 2 working days = Wed 4 March; overdue from Thu 5 March.
THURSDAY_MORNING = datetime.datetime(2026, 3, 5, 6, 30, tzinfo=UTC)
SATURDAY_MORNING = datetime.datetime(2026, 3, 7, 6, 30, tzinfo=UTC)


def _to(messages):
    return sorted(address for message in messages for address in message.to)


def test_the_job_is_registered_daily_once():
    job = registry.get(JOB)
    assert (job.period, job.max_attempts, job.not_before) == ("daily", 1, datetime.time(7, 0))


def test_overdue_actions_are_mailed_once_to_the_officer_who_made_them(world, mailoutbox):
    officer = world.user("focal_officer")
    colleague = UserFactory(username="collega", email="collega@aadorp.example")
    MembershipFactory(user=colleague, organisation=world.organisations["a1"], role=Role.FOCAL_OFFICER)
    late = make_action(world, actor=officer, due_in_working_days=2, instructions="Geheime instructie")
    make_action(world, actor=officer, due_in_working_days=8)                            # in time
    finished = make_action(world, actor=officer, due_in_working_days=1)
    report_back(actor=world.user("partner_member"), action=finished, status=ActionStatus.DONE, text="Klaar",
                expected_version=1)
    mailoutbox.clear()

    first = run_periodic_job(JOB, now=THURSDAY_MORNING)
    assert first.detail == "1 e-mails, 1 acties"
    assert _to(mailoutbox) == [officer.email]
    body = mailoutbox[0].body
    assert late.signal.reference in body and "Geheime instructie" not in body
    late.refresh_from_db()
    assert late.overdue_notified_on == datetime.date(2026, 3, 5)
    assert late.events.filter(kind=ActionEventKind.OVERDUE_NOTIFIED).count() == 1

    tomorrow = run_periodic_job(JOB, now=THURSDAY_MORNING + datetime.timedelta(days=1))
    assert tomorrow.detail == "0 e-mails, 0 acties"
    assert len(mailoutbox) == 1


def test_without_a_focal_officer_as_creator_every_officer_of_the_municipality_hears(world, mailoutbox):
    colleague = UserFactory(username="collega", email="collega@aadorp.example")
    MembershipFactory(user=colleague, organisation=world.organisations["a1"], role=Role.FOCAL_OFFICER)
    make_action(world, actor=world.user("chain_director"), due_in_working_days=2)
    other = make_action(world, actor=world.user("chain_director"), due_in_working_days=2,
                        signal=SignalFactory(municipality=world.a2))
    run_periodic_job(JOB, now=THURSDAY_MORNING)
    assert _to(mailoutbox) == sorted([world.user("focal_officer").email, colleague.email,
                                                world.other_municipality.email])
    [a2_mail] = [m for m in mailoutbox if m.to == [world.other_municipality.email]]
    assert other.signal.reference in a2_mail.body


def test_the_assigned_officer_hears_before_the_others(world, mailoutbox):
    colleague = UserFactory(username="collega", email="collega@aadorp.example")
    MembershipFactory(user=colleague, organisation=world.organisations["a1"], role=Role.FOCAL_OFFICER)
    signal = SignalFactory(municipality=world.a1, assigned_to=colleague)
    make_action(world, actor=world.user("chain_director"), due_in_working_days=2, signal=signal)
    run_periodic_job(JOB, now=THURSDAY_MORNING)
    assert _to(mailoutbox) == [colleague.email]


def test_no_mail_on_a_weekend(world, mailoutbox):
    make_action(world, due_in_working_days=2)
    result = run_periodic_job(JOB, now=SATURDAY_MORNING)
    assert result.detail == "geen werkdag" and mailoutbox == []
