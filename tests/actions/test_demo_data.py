"""Demo actions (issue 13): direct referrals to the demo police and labour inspectorate in every status."""

import datetime

import pytest
import time_machine

from schakel.accounts.models import User
from schakel.actions import demo_data
from schakel.actions.models import Action, ActionStatus
from schakel.actions.selectors import organisation_actions
from schakel.demo.loaders import DemoLoaderRegistry
from schakel.demo.services import load_demo_data
from schakel.signalling import demo_data as signal_demo
from schakel.signalling import demo_showcase

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 6, 3, 9, 30, tzinfo=UTC)


@pytest.fixture
def loaded(settings):
    settings.DEMO_MODE = True
    registry = DemoLoaderRegistry()
    registry.register("signalling.signals", signal_demo.load_signals, order=20)
    registry.register("signalling.showcase", demo_showcase.load_showcase, order=21)
    registry.register("actions.referrals", demo_data.load_actions, order=30)
    with time_machine.travel(NOW, tick=False):
        first = load_demo_data(registry=registry)
        again = load_demo_data(registry=registry)
    return dict(first.loaders), dict(again.loaders)


@pytest.mark.django_db
def test_demo_actions_are_loaded_once_in_every_status_each_partner_seeing_only_their_own(loaded):
    first, again = loaded
    assert first["actions.referrals"] == "9 acties"
    assert again["actions.referrals"] == "0 acties"
    by_organisation = {}
    for action in Action.objects.select_related("owner_organisation", "signal__municipality"):
        assert action.source == "signalling.referral"
        assert action.signal.municipality.cbs_code == "GM9901"
        by_organisation.setdefault(action.owner_organisation.kind, []).append(action.status)
    everything = {ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.NOT_DONE}
    assert set(by_organisation["police"]) == everything
    assert set(by_organisation["labour_inspectorate"]) == everything
    overdue = Action.objects.overdue(NOW.date())
    assert [a.owner_organisation.kind for a in overdue] == ["police"]
    # Each demo partner sees only their own organisation's demo actions.
    police = organisation_actions(User.objects.get(username="demo-ketenpartner"))
    inspectorate = organisation_actions(User.objects.get(username="demo-arbeidsinspectie"))
    assert police.count() == 5 and inspectorate.count() == 4
    assert not set(police.values_list("pk", flat=True)) & set(inspectorate.values_list("pk", flat=True))
    finished = police.filter(status=ActionStatus.DONE).get()
    assert finished.outcome and finished.finished_by.username == "demo-ketenpartner"
