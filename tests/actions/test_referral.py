"""A focal officer's direct referral to an organisation becomes that organisation's action."""

import datetime

import pytest

from schakel.actions.models import Action, ActionStatus
from schakel.actions.services import report_back
from schakel.signalling.models import SignalStatus
from schakel.signalling.services import triage
from tests.signalling.triage_factories import SignalFactory

from .factories import TUESDAY


@pytest.fixture
def signal(world):
    return SignalFactory(municipality=world.a1, status=SignalStatus.IN_TRIAGE)


def _refer(world, signal, **kwargs):
    values = {"to_kind": "police", "to_organisation": world.organisations["police_a"], "note": "Bel eerst de wijkagent"}
    values.update(kwargs)
    return triage.refer(actor=world.user("focal_officer"), signal=signal, expected_version=signal.version,
                        now=TUESDAY, **values)


def test_a_referral_to_an_organisation_becomes_its_action_due_in_ten_working_days(world, signal):
    referral = _refer(world, signal)
    action = Action.objects.get()
    assert (action.source, action.source_id, action.route_kind) == ("signalling.referral", referral.pk, "police")
    assert action.owner_organisation == world.organisations["police_a"]
    assert action.signal == signal and action.status == ActionStatus.OPEN
    assert action.due_on == datetime.date(2026, 3, 17)          # Tue 3 March + 10 working days
    assert action.instructions == "Bel eerst de wijkagent"
    assert action.created_by == world.user("focal_officer")
    assert "Politie" in action.title


def test_the_due_days_are_a_setting(world, signal, settings):
    settings.ACTIONS_REFERRAL_DUE_WORKING_DAYS = 2
    _refer(world, signal)
    assert Action.objects.get().due_on == datetime.date(2026, 3, 5)


def test_a_referral_to_a_description_only_creates_no_action(world, signal):
    _refer(world, signal, to_organisation=None, to_kind="other", to_description="De wijkagent")
    assert not Action.objects.exists()


def test_the_organisations_members_get_a_link(world, signal, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _refer(world, signal)
    action = Action.objects.get()
    [message] = [m for m in mailoutbox if world.user("partner_member").email in m.to]
    assert f"/acties/{action.pk}/" in message.body
    assert "wijkagent" not in message.body


def test_the_listener_makes_one_action_per_referral(world, signal):
    from schakel.actions.referral import on_referral

    referral = _refer(world, signal)
    again = on_referral(referral, actor=world.user("focal_officer"), now=TUESDAY)
    assert Action.objects.count() == 1 and again == Action.objects.get()


def test_the_officer_who_referred_hears_the_outcome(world, signal, mailoutbox, django_capture_on_commit_callbacks):
    _refer(world, signal)
    action = Action.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        report_back(actor=world.user("partner_member"), action=action, status=ActionStatus.DONE,
                    text="Aangifte opgenomen", expected_version=1)
    assert [m.to for m in mailoutbox] == [[world.user("focal_officer").email]]
