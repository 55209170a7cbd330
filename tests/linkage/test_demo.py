"""Demo linkage: two demo municipalities share a phone number and a person; loading twice adds nothing."""

import datetime

import pytest
from django.db.models import F
import time_machine

from schakel.demo.loaders import DemoLoaderRegistry
from schakel.demo.services import load_demo_data
from schakel.linkage import demo_data
from schakel.linkage.models import Match
from schakel.signalling import demo_data as signal_demo

NOW = datetime.datetime(2026, 6, 3, 9, 30, tzinfo=datetime.timezone.utc)


@pytest.mark.django_db
def test_the_demo_shows_a_phone_and_a_person_match_between_two_municipalities(settings):
    settings.DEMO_MODE = True
    registry = DemoLoaderRegistry()
    registry.register("signalling.signals", signal_demo.load_signals, order=20)
    registry.register("linkage.matches", demo_data.load_linkage, order=80)
    with time_machine.travel(NOW, tick=False):
        load_demo_data(registry=registry)
        count = Match.objects.count()
        load_demo_data(registry=registry)
    assert Match.objects.count() == count
    shared = Match.objects.filter(kind__in=["phone", "person"]).exclude(municipality_a=F("municipality_b"))
    kinds = set(shared.values_list("kind", flat=True))
    assert kinds == {"phone", "person"}
