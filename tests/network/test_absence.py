"""Absence and backup: recorded by the officer (or administrator), everything reaches the backup too."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from schakel.accounts.models import Membership
from schakel.accounts.roles import Role
from schakel.network.models import Absence
from schakel.network.services import NetworkError
from schakel.network.services.absence import apply_all, eligible_backups, end_absence, record_absence
from schakel.signalling.models import SignalStatus
from schakel.signalling.selectors import Tab, inbox_counts, mine_ids
from schakel.signalling.services import mailbox, triage_mail
from tests.factories import MembershipFactory, UserFactory
from tests.signalling.triage_factories import SignalFactory

from .helpers import MONDAY, second_officer

pytestmark = pytest.mark.django_db
D = datetime.date


def _membership(user):
    return Membership.objects.get(user=user, role=Role.FOCAL_OFFICER)


@time_machine.travel(MONDAY, tick=False)
def test_an_officer_records_their_own_absence_and_the_backup_covers_at_once(world):
    officer, backup = world.user("focal_officer"), second_officer(world)
    absence = record_absence(actor=officer, officer=officer, starts_on=D(2026, 3, 2), ends_on=D(2026, 3, 13),
                             backup=backup)
    membership = _membership(officer)
    assert (membership.absent, membership.backup_id, absence.applied) == (True, backup.pk, True)


@time_machine.travel(MONDAY, tick=False)
def test_only_focal_officers_of_the_same_municipality_can_be_the_backup(world):
    officer = world.user("focal_officer")
    choices = {u.username for u in eligible_backups(officer)}
    assert "reporter" not in choices and "policy_officer" not in choices and "focal_officer_a2" not in choices
    for wrong in (world.user("reporter"), world.user("policy_officer"), world.user("focal_officer_a2"), officer):
        with pytest.raises(NetworkError) as refused:
            record_absence(actor=officer, officer=officer, starts_on=D(2026, 3, 2), ends_on=D(2026, 3, 3),
                           backup=wrong)
        assert refused.value.field == "backup"


@time_machine.travel(MONDAY, tick=False)
def test_a_regional_officer_acting_for_the_municipality_can_cover(world):
    regional = UserFactory(username="regionaal")
    membership = MembershipFactory(user=regional, organisation=world.organisations["region_a"],
                                   role=Role.FOCAL_OFFICER)
    membership.acts_for.set([world.a1])
    assert regional in eligible_backups(world.user("focal_officer"))


@time_machine.travel(MONDAY, tick=False)
def test_an_absence_in_the_future_starts_with_the_daily_job_and_ends_after_its_last_day(world):
    officer, backup = world.user("focal_officer"), second_officer(world)
    record_absence(actor=officer, officer=officer, starts_on=D(2026, 3, 9), ends_on=D(2026, 3, 10), backup=backup)
    assert not _membership(officer).absent
    assert apply_all(today=D(2026, 3, 9)) == 1
    assert _membership(officer).absent
    apply_all(today=D(2026, 3, 11))
    membership = _membership(officer)
    assert (membership.absent, membership.backup_id) == (False, None)


@time_machine.travel(MONDAY, tick=False)
def test_coming_back_early_puts_the_work_back(world):
    officer, backup = world.user("focal_officer"), second_officer(world)
    absence = record_absence(actor=officer, officer=officer, starts_on=D(2026, 3, 2), ends_on=D(2026, 3, 20),
                             backup=backup)
    end_absence(actor=officer, absence=absence)
    assert not _membership(officer).absent


@time_machine.travel(MONDAY, tick=False)
def test_dates_the_wrong_way_round_and_overlaps_are_refused(world):
    officer, backup = world.user("focal_officer"), second_officer(world)
    with pytest.raises(NetworkError) as refused:
        record_absence(actor=officer, officer=officer, starts_on=D(2026, 3, 5), ends_on=D(2026, 3, 4), backup=backup)
    assert refused.value.field == "ends_on"
    record_absence(actor=officer, officer=officer, starts_on=D(2026, 3, 2), ends_on=D(2026, 3, 6), backup=backup)
    assert record_absence(actor=officer, officer=officer, starts_on=D(2026, 3, 2), ends_on=D(2026, 3, 6),
                          backup=backup).pk == Absence.objects.get().pk  # a double submit
    with pytest.raises(NetworkError):
        record_absence(actor=officer, officer=officer, starts_on=D(2026, 3, 5), ends_on=D(2026, 3, 9), backup=backup)


@time_machine.travel(MONDAY, tick=False)
def test_the_administrator_can_record_it_but_another_officer_cannot(world):
    officer, backup = world.user("focal_officer"), second_officer(world)
    with pytest.raises(NetworkError):
        record_absence(actor=backup, officer=officer, starts_on=D(2026, 3, 2), ends_on=D(2026, 3, 3), backup=backup)
    record_absence(actor=world.user("administrator"), officer=officer, starts_on=D(2026, 3, 2),
                   ends_on=D(2026, 3, 3), backup=backup)
    assert _membership(officer).absent


@time_machine.travel(MONDAY, tick=False)
def test_the_backups_mine_list_holds_the_absent_officers_open_signals(world):
    officer, backup = world.user("focal_officer"), second_officer(world)
    open_signals = [SignalFactory(municipality=world.a1, status=SignalStatus.IN_TRIAGE, assigned_to=officer)
                    for _ in range(3)]
    SignalFactory(municipality=world.a1, status=SignalStatus.CLOSED, assigned_to=officer,
                  close_reason="not_trafficking", closed_at=MONDAY)
    assert inbox_counts(user=backup, today=D(2026, 3, 2))["mine"] == 0
    record_absence(actor=officer, officer=officer, starts_on=D(2026, 3, 2), ends_on=D(2026, 3, 6), backup=backup)
    assert set(mine_ids(backup)) == {backup.pk, officer.pk}
    assert inbox_counts(user=backup, today=D(2026, 3, 2))["mine"] == len(open_signals)
    assert Tab.MINE == "mine"


@time_machine.travel(MONDAY, tick=False)
def test_a_reporters_answer_to_an_absent_officer_is_mailed_to_the_backup_too(world, mailoutbox,
                                                                            django_capture_on_commit_callbacks):
    officer, backup = world.user("focal_officer"), second_officer(world)
    signal = SignalFactory(municipality=world.a1, status=SignalStatus.IN_TRIAGE, assigned_to=officer,
                           channel="public", mailbox_id="ABCDE12345")
    record_absence(actor=officer, officer=officer, starts_on=D(2026, 3, 2), ends_on=D(2026, 3, 6), backup=backup)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        mailbox.answer_from_reporter(signal=signal, text="Ik heb nog iets gezien.")
    to_backup = [m for m in mailoutbox if backup.email in m.to]
    assert len(to_backup) == 1
    assert signal.reference in to_backup[0].body and "Ik heb nog iets gezien" not in to_backup[0].body


@time_machine.travel(MONDAY, tick=False)
def test_an_assignment_to_an_absent_officer_reaches_the_backup_as_well(world, mailoutbox):
    officer, backup = world.user("focal_officer"), second_officer(world)
    signal = SignalFactory(municipality=world.a1, status=SignalStatus.IN_TRIAGE)
    record_absence(actor=officer, officer=officer, starts_on=D(2026, 3, 2), ends_on=D(2026, 3, 6), backup=backup)
    mailoutbox.clear()
    triage_mail.notify_assigned(signal_id=signal.pk, officer_id=officer.pk)
    assert sorted(a for m in mailoutbox for a in m.to) == sorted([officer.email, backup.email])


@time_machine.travel(MONDAY, tick=False)
def test_a_present_officer_gets_no_copy_to_anyone(world, mailoutbox):
    officer, backup = world.user("focal_officer"), second_officer(world)
    signal = SignalFactory(municipality=world.a1, status=SignalStatus.IN_TRIAGE, assigned_to=officer)
    assert triage_mail.notify_backups_reporter_answered(signal_id=signal.pk) == 0
    assert backup.email not in [a for m in mailoutbox for a in m.to]


def test_the_daily_jobs_are_registered():
    from schakel.jobs import registry

    assert registry.get("network.apply_absences").period == "daily"
    assert registry.get("network.check_staffing").period == "daily"


@time_machine.travel(MONDAY, tick=False)
def test_the_standing_backup_comes_back_when_the_absence_ends(world):
    officer, backup = world.user("focal_officer"), second_officer(world)
    standing = second_officer(world, username="vaste-vervanger")
    Membership.objects.filter(user=officer, role=Role.FOCAL_OFFICER).update(backup=standing)
    absence = record_absence(actor=officer, officer=officer, starts_on=D(2026, 3, 2), ends_on=D(2026, 3, 3),
                             backup=backup)
    assert _membership(officer).backup_id == backup.pk
    end_absence(actor=officer, absence=absence)
    membership = _membership(officer)
    assert (membership.absent, membership.backup_id) == (False, standing.pk)
