"""The demo region's screening table: a held meeting with minutes, and a next agenda with the waiting signals."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from schakel.actions.models import Action
from schakel.demo.loaders import DemoLoaderRegistry
from schakel.demo.services import load_demo_data
from schakel.screening import demo_data
from schakel.screening.models import Meeting, MeetingStatus
from schakel.signalling import demo_data as signal_demo
from schakel.signalling.models import Signal

NOW = datetime.datetime(2026, 6, 3, 9, 0, tzinfo=datetime.timezone.utc)  # Wed 3 June 2026


@pytest.mark.django_db
def test_the_demo_table_has_a_held_meeting_and_no_signal_left_waiting_without_an_agenda(settings):
    settings.DEMO_MODE = True
    registry = DemoLoaderRegistry()
    registry.register("signalling.signals", signal_demo.load_signals, order=20)
    registry.register("screening.table", demo_data.load_screening, order=40)
    with time_machine.travel(NOW, tick=False):
        first = load_demo_data(registry=registry)
        again = load_demo_data(registry=registry)
    assert dict(again.loaders)["screening.table"] == "al geladen"
    assert "2 punten besproken" in dict(first.loaders)["screening.table"]
    held = Meeting.objects.get(status=MeetingStatus.CLOSED)
    assert held.attendance.count() >= 2
    assert Action.objects.filter(source="screening.route").count() == 2
    waiting = Signal.objects.filter(status="on_agenda")
    assert waiting.exists()
    assert all(signal.agenda_items.filter(status="pending").exists() for signal in waiting
               if not signal.screening_routes.filter(status="open").exists())
