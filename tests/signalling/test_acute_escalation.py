"""Acute danger: the region's own first-reaction norm in hours, first in the inbox, escalated once when it passes."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from schakel.accounts.models import Membership
from schakel.accounts.roles import Role
from schakel.signalling import selectors
from schakel.signalling.models import Channel, EventKind, Signal
from schakel.signalling.schedules import SCHEDULE_FUNC, ensure_escalation_schedule
from schakel.signalling.services import triage
from schakel.signalling.services.escalation import escalate_overdue_acute
from schakel.signalling.services.intake import submit_signal
from schakel.signalling.tasks import escalate_acute_signals
from tests.factories import UserFactory

from .triage_factories import SignalFactory

UTC = datetime.timezone.utc
MONDAY_9 = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # Mon 2 March 2026, 09:00 in Amsterdam

pytestmark = pytest.mark.django_db


def _acute(world, *, at=MONDAY_9, **extra):
    payload = {"description": "Iemand wordt nu vastgehouden in de woning.", "acute_danger": True, **extra}
    return submit_signal(channel=Channel.STAFF, municipality=world.a1, payload=payload,
                         reporter=world.user("reporter"), now=at, notify=False)


def test_an_acute_signal_gets_the_regions_norm_in_hours(world):
    world.region_a.acute_first_reaction_hours = 2
    world.region_a.save()
    signal = _acute(world)
    assert signal.first_reaction_due_at == MONDAY_9 + datetime.timedelta(hours=2)
    assert signal.first_reaction_due == datetime.date(2026, 3, 2)  # the same day, not five working days


def test_a_normal_signal_keeps_the_working_day_norm(world):
    signal = _acute(world, acute_danger=False)
    assert signal.first_reaction_due_at is None
    assert signal.first_reaction_due == datetime.date(2026, 3, 9)


def test_acute_sorts_above_every_other_open_signal_even_one_due_sooner(world):
    officer = world.user("focal_officer")
    SignalFactory(municipality=world.a1, reference="2026-000001", first_reaction_due=datetime.date(2026, 3, 2))
    acute = SignalFactory(municipality=world.a1, reference="2026-000002", acute_danger=True,
                          first_reaction_due=datetime.date(2026, 3, 9))
    result = selectors.inbox(user=officer, filters=selectors.InboxFilters(), today=datetime.date(2026, 3, 2),
                             now=MONDAY_9)
    assert [row.signal.reference for row in result.rows] == [acute.reference, "2026-000001"]


def _chain_director_and_backup(world):
    officer = world.user("focal_officer")
    backup = UserFactory(username="vervanger", email="vervanger@aadorp.example")
    Membership.objects.create(user=backup, organisation=world.organisations["a1"], role=Role.FOCAL_OFFICER)
    membership = officer.memberships.get(role=Role.FOCAL_OFFICER)
    membership.backup = backup
    membership.save()
    return officer, backup, world.user("chain_director")


def test_escalation_tells_the_backup_and_the_chain_director_once_when_the_norm_passes(
        world, django_capture_on_commit_callbacks):
    officer, backup, director = _chain_director_and_backup(world)
    signal = _acute(world)  # due at 13:00 Amsterdam (4 hours)
    with django_capture_on_commit_callbacks(execute=True):
        assert escalate_overdue_acute(now=MONDAY_9 + datetime.timedelta(hours=3, minutes=59)) == 0
        assert escalate_overdue_acute(now=MONDAY_9 + datetime.timedelta(hours=4, minutes=5)) == 1
        assert escalate_overdue_acute(now=MONDAY_9 + datetime.timedelta(hours=5)) == 0  # once
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert backup.email in recipients and director.email in recipients and officer.email in recipients
    assert world.other_region.email not in recipients and world.user("partner_member").email not in recipients
    body = mail.outbox[0].body
    assert f"/signalen/{signal.reference}/" in body and "vastgehouden" not in body
    signal.refresh_from_db()
    assert signal.escalated_at == MONDAY_9 + datetime.timedelta(hours=4, minutes=5)
    assert signal.events.filter(kind=EventKind.ESCALATION).count() == 1


def test_an_acute_signal_picked_up_in_time_is_not_escalated(world):
    signal = _acute(world)
    triage.pick_up(actor=world.user("focal_officer"), signal=signal, expected_version=signal.version,
                   now=MONDAY_9 + datetime.timedelta(hours=1))
    assert escalate_overdue_acute(now=MONDAY_9 + datetime.timedelta(hours=6)) == 0
    assert Signal.objects.get(pk=signal.pk).escalated_at is None


def test_the_inbox_calls_a_passed_acute_norm_overdue_the_same_day(world, login, time_machine):
    signal = _acute(world)
    time_machine.move_to(MONDAY_9 + datetime.timedelta(hours=5), tick=False)
    officer = world.user("focal_officer")
    counts = selectors.inbox_counts(user=officer, today=datetime.date(2026, 3, 2),
                                    now=MONDAY_9 + datetime.timedelta(hours=5))
    assert counts["overdue"] == 1 and counts["acute"] == 1
    page = login(officer).get("/signalen/?tab=overdue").content.decode()
    assert signal.reference in page and "schakel-deadline--overdue" in page and "13:00" in page


def test_the_five_minute_schedule_runs_the_escalation_task(world):
    from django_q.models import Schedule

    ensure_escalation_schedule()
    schedule = Schedule.objects.get(func=SCHEDULE_FUNC)
    assert (schedule.schedule_type, schedule.minutes) == (Schedule.MINUTES, 5)
    _acute(world)
    assert escalate_acute_signals((MONDAY_9 + datetime.timedelta(hours=5)).isoformat()) == "1 signalen opgeschaald"
