"""Handover of all open work in one step, and the staffing warning."""

from __future__ import annotations

import pytest
import time_machine

from schakel.accounts.models import Membership
from schakel.accounts.roles import Role
from schakel.network.models import Handover, RegionNetworkSettings, StaffingAlert
from schakel.network.services import NetworkError
from schakel.network.services.handover import check_staffing, hand_over
from schakel.signalling.models import Signal, SignalEvent, SignalStatus
from tests.actions.factories import make_action
from tests.signalling.triage_factories import SignalFactory

from .helpers import MONDAY, second_officer

pytestmark = pytest.mark.django_db


@time_machine.travel(MONDAY, tick=False)
def test_all_open_signals_and_actions_move_to_the_successor_in_one_logged_step(world):
    officer, successor = world.user("focal_officer"), second_officer(world)
    signals = [SignalFactory(municipality=world.a1, status=SignalStatus.IN_TRIAGE, assigned_to=officer)
               for _ in range(3)]
    other = SignalFactory(municipality=world.a1, status=SignalStatus.IN_TRIAGE, assigned_to=successor)
    action = make_action(world, actor=officer, signal=signals[0])
    done = hand_over(actor=world.user("administrator"), from_user=officer, to_user=successor, token="t1")
    assert [(h.signals, h.actions) for h in done] == [(3, 1)]
    assert set(Signal.objects.filter(assigned_to=successor).values_list("pk", flat=True)) == {
        s.pk for s in signals} | {other.pk}
    assert SignalEvent.objects.filter(signal=signals[1], data__handover=True).count() == 1
    action.refresh_from_db()
    assert action.responsible_id == successor.pk
    # The same form sent twice hands over once.
    assert hand_over(actor=world.user("administrator"), from_user=officer, to_user=successor, token="t1") == done
    assert Handover.objects.count() == 1


@time_machine.travel(MONDAY, tick=False)
def test_the_successor_must_work_for_the_same_municipality(world):
    with pytest.raises(NetworkError):
        hand_over(actor=world.user("administrator"), from_user=world.user("focal_officer"),
                  to_user=world.user("focal_officer_a2"), token="t2")


@time_machine.travel(MONDAY, tick=False)
def test_ending_the_role_warns_the_administrator_and_chain_director(world, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    officer, successor = world.user("focal_officer"), second_officer(world)
    with django_capture_on_commit_callbacks(execute=True):
        hand_over(actor=world.user("administrator"), from_user=officer, to_user=successor, token="t3", end_role=True)
    assert not Membership.objects.get(user=officer, role=Role.FOCAL_OFFICER).active
    told = sorted(a for m in mailoutbox if "te weinig" in m.subject for a in m.to)
    assert told == sorted([world.user("administrator").email, world.user("chain_director").email])
    assert StaffingAlert.objects.filter(municipality=world.a1, resolved_at__isnull=True).count() == 1


@time_machine.travel(MONDAY, tick=False)
def test_the_minimum_is_set_per_region_and_the_mail_goes_once(world, mailoutbox):
    RegionNetworkSettings.objects.create(region=world.region_a, minimum_officers=1)
    assert check_staffing(municipality_id=world.a1.pk) is False
    RegionNetworkSettings.objects.filter(region=world.region_a).update(minimum_officers=3)
    assert check_staffing(municipality_id=world.a1.pk) is True
    assert check_staffing(municipality_id=world.a1.pk) is False


@time_machine.travel(MONDAY, tick=False)
def test_an_officer_cannot_hand_over_someone_elses_work(world):
    officer, successor = world.user("focal_officer"), second_officer(world)
    with pytest.raises(NetworkError):
        hand_over(actor=successor, from_user=officer, to_user=successor, token="t4")


def test_the_administrator_sets_the_regions_minimum_on_the_page(world, login, client):
    login(world.user("administrator"))
    response = client.post("/netwerk/bezetting/instellingen", {"minimum_officers": 3, "partner_review_days": 180})
    assert response.status_code == 302
    assert RegionNetworkSettings.objects.get(region=world.region_a).minimum_officers == 3
    page = client.get("/netwerk/bezetting/").content.decode()
    assert "Te weinig" in page
    wrong = client.post("/netwerk/bezetting/instellingen", {"minimum_officers": 0, "partner_review_days": 180})
    assert wrong.status_code == 400 and "minstens 1" in wrong.content.decode()


def test_the_start_page_tells_the_chain_director_which_municipality_is_short(world, login, client):
    login(world.user("chain_director"))
    page = client.get("/").content.decode()
    assert "Te weinig aandachtsfunctionarissen" in page and "Aadorp: 1 actief, minimaal 2" in page
