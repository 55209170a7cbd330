"""An absence copies new-signal mail to the backup; it does not take it away from the absent officer."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from schakel.network.services.absence import record_absence
from schakel.signalling.models import SignalStatus
from schakel.signalling.services.intake_notify import notify_new_signal, notify_reporter_answered
from tests.signalling.triage_factories import SignalFactory

from .helpers import MONDAY, second_officer

pytestmark = pytest.mark.django_db
D = datetime.date


@time_machine.travel(MONDAY, tick=False)
def test_a_new_signal_during_an_absence_reaches_the_absent_officer_and_the_backup(world, mailoutbox):
    officer, backup = world.user("focal_officer"), second_officer(world)
    record_absence(actor=officer, officer=officer, starts_on=D(2026, 3, 2), ends_on=D(2026, 3, 6), backup=backup)
    signal = SignalFactory(municipality=world.a1, status=SignalStatus.RECEIVED)
    mailoutbox.clear()
    notify_new_signal(signal.pk)
    [mail] = mailoutbox
    assert officer.email in mail.to and backup.email in mail.to
    assert signal.reference in mail.body


@time_machine.travel(MONDAY, tick=False)
def test_an_acute_signal_during_an_absence_reaches_both_as_well(world, mailoutbox):
    officer, backup = world.user("focal_officer"), second_officer(world)
    record_absence(actor=officer, officer=officer, starts_on=D(2026, 3, 2), ends_on=D(2026, 3, 6), backup=backup)
    signal = SignalFactory(municipality=world.a1, status=SignalStatus.RECEIVED, acute_danger=True)
    mailoutbox.clear()
    notify_new_signal(signal.pk)
    [mail] = mailoutbox
    assert officer.email in mail.to and backup.email in mail.to
    assert "ACUUT" in mail.subject


@time_machine.travel(MONDAY, tick=False)
def test_an_answer_on_an_unassigned_signal_still_reaches_the_absent_officer(world, mailoutbox):
    officer, backup = world.user("focal_officer"), second_officer(world)
    record_absence(actor=officer, officer=officer, starts_on=D(2026, 3, 2), ends_on=D(2026, 3, 6), backup=backup)
    signal = SignalFactory(municipality=world.a1, status=SignalStatus.RECEIVED)
    mailoutbox.clear()
    notify_reporter_answered(signal.pk)
    [mail] = mailoutbox
    assert officer.email in mail.to and backup.email in mail.to
