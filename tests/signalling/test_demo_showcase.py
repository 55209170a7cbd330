"""The main demo focal officer sees every state: overdue, acute, waiting for the reporter, merged."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from schakel.accounts.models import User
from schakel.demo.loaders import DemoLoaderRegistry
from schakel.demo.services import load_demo_data
from schakel.signalling import demo_showcase, selectors
from schakel.signalling.models import CloseReason, StandardText

NOW = datetime.datetime(2026, 6, 2, 9, 0, tzinfo=datetime.timezone.utc)  # Tue 2 June 2026


@pytest.mark.django_db
def test_demo_af_has_an_overdue_an_acute_a_waiting_and_a_merged_signal(settings):
    settings.DEMO_MODE = True
    registry = DemoLoaderRegistry()
    registry.register("signalling.showcase", demo_showcase.load_showcase, order=21)
    with time_machine.travel(NOW, tick=False):
        first = load_demo_data(registry=registry)
        again = load_demo_data(registry=registry)
    assert dict(again.loaders)["signalling.showcase"] == "0 voorbeeldsignalen en standaardteksten"
    assert dict(first.loaders)["signalling.showcase"] != dict(again.loaders)["signalling.showcase"]

    officer = User.objects.get(username="demo-af")
    mine = selectors.handled_signals(officer)
    today = NOW.date()
    assert mine.filter(selectors.overdue_q(today)).exists()
    assert mine.filter(acute_danger=True, escalated_at__isnull=False).exists()
    assert mine.filter(acute_danger=True, escalated_at__isnull=True, first_reaction_at__isnull=True).exists()
    assert mine.filter(waiting_for_reporter=True, assigned_to=officer).exists()
    assert mine.filter(close_reason=CloseReason.DUPLICATE, merged_into__isnull=False).exists()
    assert selectors.unread_answers(set(mine.values_list("pk", flat=True)))
    assert StandardText.objects.filter(texts__has_key="pl").exists()
