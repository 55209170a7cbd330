"""Erasing a signal keeps the measure it led to, unlinked (the measure has its own retention)."""

import datetime

import pytest

from schakel.measures.models import Measure
from schakel.measures.services.measures import create_measure
from schakel.signalling.services.erasure import erase_signal
from tests.signalling.triage_factories import SignalFactory

pytestmark = pytest.mark.django_db


def test_erasing_a_signal_keeps_its_measure_without_the_link(world):
    signal = SignalFactory(municipality=world.a1, status="in_triage")
    measure = create_measure(
        actor=world.user("focal_officer"), municipality=world.a1, type_key="brp_address_investigation",
        legal_basis="wet_brp", started_on=datetime.date(2026, 3, 2), details={"registered_persons": 9},
        subjects=[{"kind": "address", "text": "1234 AB 12"}], signal=signal)
    erase_signal(signal=signal, actor=None, reason="bewaartermijn verstreken")
    measure.refresh_from_db()
    assert measure.signal_id is None and Measure.objects.filter(pk=measure.pk).exists()
