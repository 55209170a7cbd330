"""The focal officer sees every action of the signal on its page; the inbox its next due date."""

import datetime

import pytest
import time_machine

from schakel.actions.models import ActionStatus
from schakel.actions.services import accept, report_back
from schakel.signalling.models import SignalStatus
from tests.signalling.triage_factories import SignalFactory

from .factories import make_action

UTC = datetime.timezone.utc
WEDNESDAY = datetime.datetime(2026, 3, 11, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(WEDNESDAY, tick=False):
        yield


def test_the_signal_page_shows_owner_status_pick_up_and_outcome(world, login):
    signal = SignalFactory(municipality=world.a1, status=SignalStatus.ON_AGENDA)
    done = make_action(world, signal=signal, title="Aangifte opnemen")
    waiting = make_action(world, signal=signal, title="Pand bezoeken", due_in_working_days=2)
    picked = make_action(world, signal=signal, title="Gesprek voeren", due_in_working_days=20)
    partner = world.user("partner_member")
    report_back(actor=partner, action=done, status=ActionStatus.DONE, text="Aangifte is opgenomen",
                expected_version=1)
    accept(actor=partner, action=picked, expected_version=1)
    page = login(world.user("focal_officer")).get(f"/signalen/{signal.reference}/").content.decode()
    section = page.split('id="h-signal-actions"')[1].split("</section>")[0]
    assert "Aangifte is opgenomen" in section and "Uitgevoerd" in section
    assert "Pand bezoeken" in section and "Nog niet" in section and "Te laat" in section
    assert "Gesprek voeren" in section and f"Ja, door {partner}" in section
    assert "Politie A" in section
    assert waiting.title in section


def test_no_section_without_actions(world, login):
    signal = SignalFactory(municipality=world.a1, status=SignalStatus.IN_TRIAGE)
    page = login(world.user("focal_officer")).get(f"/signalen/{signal.reference}/").content.decode()
    assert 'id="h-signal-actions"' not in page


def test_the_inbox_shows_the_next_due_action_for_a_signal_outside_triage(world, login):
    signal = SignalFactory(municipality=world.a1, status=SignalStatus.ON_AGENDA)
    make_action(world, signal=signal, due_in_working_days=20)
    action = make_action(world, signal=signal, due_in_working_days=12)
    page = login(world.user("focal_officer")).get("/signalen/?tab=open").content.decode()
    row = page.split(signal.reference, 1)[1].split("</tr>")[0]
    assert action.due_on.strftime("%Y-%m-%d") in row
