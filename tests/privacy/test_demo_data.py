"""Demo records of the privacy desk: Demodorp's privacy officer finds a request and a legal hold, once."""

import datetime

import pytest
import time_machine

from schakel.demo.loaders import DemoLoaderRegistry
from schakel.demo.services import load_demo_data
from schakel.privacy import demo_data
from schakel.privacy.models import DataSubjectRequest, LegalHold
from schakel.privacy.subject_requests import find_subject_records
from schakel.signalling import demo_data as signal_demo

NOW = datetime.datetime(2026, 6, 3, 9, 30, tzinfo=datetime.timezone.utc)


@pytest.mark.django_db
def test_the_demo_desk_has_a_request_about_a_demo_person_and_a_hold_loaded_once(settings):
    settings.DEMO_MODE = True
    registry = DemoLoaderRegistry()
    registry.register("signalling.signals", signal_demo.load_signals, order=20)
    registry.register("privacy.desk", demo_data.load_privacy, order=70)
    with time_machine.travel(NOW, tick=False):
        first = dict(load_demo_data(registry=registry).loaders)
        again = dict(load_demo_data(registry=registry).loaders)

    assert first["privacy.desk"] == "1 verzoeken van betrokkenen, 1 bewaarplichten"
    assert again["privacy.desk"] == "0 verzoeken van betrokkenen, 0 bewaarplichten"
    (request,) = DataSubjectRequest.objects.all()
    (hold,) = LegalHold.objects.all()
    assert request.municipality.cbs_code == hold.municipality.cbs_code == "GM9901"
    assert find_subject_records(actor=request.registered_by, request=request)  # the person is found
