"""The daily overdue mail: through the jobs registry, once per day, to the right officers, links only."""

import datetime

import pytest

from schakel.accounts.roles import Role
from schakel.jobs import registry
from schakel.jobs.services import run_periodic_job
from schakel.signalling.models import SignalStatus
from tests.factories import MembershipFactory, UserFactory

from .triage_factories import SignalFactory

JOB = "signalling.overdue_signals"
UTC = datetime.timezone.utc
TUESDAY_MORNING = datetime.datetime(2026, 3, 10, 6, 0, tzinfo=UTC)  # Tue 10 March 2026, 07:00 in Amsterdam
PAST = datetime.date(2026, 3, 9)    # Mon: yesterday
FUTURE = datetime.date(2026, 3, 20)


def _recipients(messages):
    return sorted(message["To"] for message in messages)


def _body(messages, to):
    [message] = [m for m in messages if m["To"] == to]
    return message.get_content()


def test_overdue_job_is_registered_daily():
    job = registry.get(JOB)
    assert (job.period, job.max_attempts, job.not_before) == ("daily", 1, datetime.time(7, 0))


def test_overdue_signals_are_mailed_once_a_day_to_the_right_officers(world, smtp_server):
    officer = world.user("focal_officer")
    colleague = UserFactory(username="collega", email="collega@aadorp.example")
    MembershipFactory(user=colleague, organisation=world.organisations["a1"], role=Role.FOCAL_OFFICER)
    mine = SignalFactory(municipality=world.a1, assigned_to=officer, first_reaction_due=PAST,
                         description="Geheime inhoud over de kas")
    unassigned = SignalFactory(municipality=world.a1, first_reaction_due=PAST)
    SignalFactory(municipality=world.a1, first_reaction_due=FUTURE)                       # in time
    SignalFactory(municipality=world.a1, first_reaction_due=PAST, status=SignalStatus.CLOSED,
                  close_reason="not_trafficking")                                         # closed
    SignalFactory(municipality=world.a1, first_reaction_due=PAST, status=SignalStatus.ON_AGENDA)  # out of triage
    theirs = SignalFactory(municipality=world.a2, first_reaction_due=PAST)

    first = run_periodic_job(JOB, now=TUESDAY_MORNING)
    again = run_periodic_job(JOB, now=TUESDAY_MORNING + datetime.timedelta(hours=12))

    assert (first.outcome, again.outcome) == ("succeeded", "skipped")
    assert first.detail == "3 e-mails, 4 signalen"
    messages = smtp_server.messages(3)
    assert _recipients(messages) == sorted([officer.email, colleague.email, world.other_municipality.email])
    to_officer = _body(messages, officer.email)
    assert mine.reference in to_officer and unassigned.reference in to_officer
    assert f"/signalen/{mine.reference}/" in to_officer
    assert "Geheime inhoud" not in to_officer
    assert theirs.reference not in to_officer
    to_colleague = _body(messages, colleague.email)
    assert unassigned.reference in to_colleague and mine.reference not in to_colleague
    assert _body(messages, world.other_municipality.email).count("/signalen/2026-") == 1
    assert smtp_server.count() == 3


def test_next_day_mails_again(world, smtp_server):
    officer = world.user("focal_officer")
    SignalFactory(municipality=world.a1, assigned_to=officer, first_reaction_due=PAST)
    run_periodic_job(JOB, now=TUESDAY_MORNING)
    smtp_server.messages(1)
    smtp_server.clear()
    result = run_periodic_job(JOB, now=TUESDAY_MORNING + datetime.timedelta(days=1))
    assert result.outcome == "succeeded"
    assert len(smtp_server.messages(1)) == 1


def test_absent_assignee_is_replaced_by_the_backup_in_the_overdue_mail(world, smtp_server):
    backup = UserFactory(username="vervanger", email="vervanger@aadorp.example")
    MembershipFactory(user=backup, organisation=world.organisations["a1"], role=Role.FOCAL_OFFICER)
    absent = UserFactory(username="afwezig", email="afwezig@aadorp.example")
    MembershipFactory(user=absent, organisation=world.organisations["a1"], role=Role.FOCAL_OFFICER,
                      absent=True, backup=backup)
    signal = SignalFactory(municipality=world.a1, assigned_to=absent, first_reaction_due=PAST)
    run_periodic_job(JOB, now=TUESDAY_MORNING)
    [message] = smtp_server.messages(1)
    assert message["To"] == "vervanger@aadorp.example"
    assert signal.reference in message.get_content()


@pytest.mark.parametrize("moment", [
    datetime.datetime(2026, 3, 14, 7, 0, tzinfo=UTC),   # Sat 14 March 2026
    datetime.datetime(2026, 4, 27, 7, 0, tzinfo=UTC),   # Mon 27 April 2026, King's Day
])
def test_no_overdue_mail_on_weekends_and_public_holidays(world, smtp_server, moment):
    SignalFactory(municipality=world.a1, assigned_to=world.user("focal_officer"), first_reaction_due=PAST)
    result = run_periodic_job(JOB, now=moment)
    assert (result.outcome, result.detail) == ("succeeded", "geen werkdag")
    assert smtp_server.count() == 0


def test_nothing_overdue_sends_nothing(world, smtp_server):
    SignalFactory(municipality=world.a1, first_reaction_due=FUTURE)
    result = run_periodic_job(JOB, now=TUESDAY_MORNING)
    assert result.detail == "0 e-mails, 0 signalen"
    assert smtp_server.count() == 0


@pytest.fixture(autouse=True)
def _sender(settings):
    settings.DEFAULT_FROM_EMAIL = "schakel@gemeente.example"
