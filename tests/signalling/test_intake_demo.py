"""Demo signals: synthetic, through the real services, idempotent, spread over states and channels."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from schakel.demo.loaders import DemoLoaderRegistry
from schakel.demo.services import load_demo_data
from schakel.signalling import demo_data
from schakel.signalling.models import Channel, Signal, SignalStatus


@pytest.fixture
def only_signals():
    registry = DemoLoaderRegistry()
    registry.register("signalling.signals", demo_data.load_signals, order=20)
    return registry


@pytest.mark.django_db
def test_demo_signals_are_plausible_varied_and_loaded_once(only_signals, settings):
    settings.DEMO_MODE = True
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.timezone.utc), tick=False):
        report = load_demo_data(registry=only_signals)
        again = load_demo_data(registry=only_signals)

    signals = Signal.objects.all()
    assert signals.count() == demo_data.SIGNALS
    assert dict(report.loaders)["signalling.signals"] == f"{demo_data.SIGNALS} signalen"
    assert dict(again.loaders)["signalling.signals"] == "0 signalen"
    assert {s.municipality.cbs_code for s in signals} == {"GM9901", "GM9902", "GM9903", "GM9904"}
    assert set(signals.values_list("channel", flat=True)) == {Channel.STAFF, Channel.PUBLIC, Channel.PHONE,
                                                              Channel.PARTNER_API}
    assert {SignalStatus.RECEIVED, SignalStatus.IN_TRIAGE, SignalStatus.ON_AGENDA, SignalStatus.REFERRED,
            SignalStatus.CLOSED} <= set(signals.values_list("status", flat=True))
    assert signals.filter(acute_danger=True).exists()
    for signal in signals.filter(channel=Channel.STAFF):
        assert signal.reporter.is_demo
    emails = [e.data.get("address", "") for s in signals for e in s.entities.filter(kind="email")]
    assert all(address.endswith("example.org") for address in emails)
