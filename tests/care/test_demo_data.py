"""Demo care cases: loaded once, in several states, with a referral the demo shelter sees."""

import datetime

import pytest
import time_machine

from schakel.care import demo_data
from schakel.care.hours import region_months
from schakel.care.models import CareCase, CareReferral, ComenshaRecord, ReferralStatus, ShelterCapacity
from schakel.demo.loaders import DemoLoaderRegistry
from schakel.demo.services import load_demo_data

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_demo_care_cases_are_loaded_once_in_several_states(settings, client, login):
    settings.DEMO_MODE = True
    registry = DemoLoaderRegistry()
    registry.register("care.cases", demo_data.load_care_cases, order=70)
    with time_machine.travel(NOW, tick=False):
        report = load_demo_data(registry=registry)
        again = load_demo_data(registry=registry)
        assert dict(report.loaders)["care.cases"] == "4 zorgtrajecten"
        assert dict(again.loaders)["care.cases"] == "0 zorgtrajecten"
        assert CareCase.objects.count() == 4
        assert set(CareCase.objects.values_list("status", flat=True)) == {"open", "closed"}
        assert CareCase.objects.filter(first_contact_on__isnull=True, status="open").count() == 1
        requested = CareReferral.objects.get(status=ReferralStatus.REQUESTED)
        assert requested.organisation.name == "Opvang De Schuilhaven (demo)"
        assert CareReferral.objects.filter(status=ReferralStatus.ACCEPTED).count() == 1
        assert ComenshaRecord.objects.count() == 1
        (month,) = region_months(requested.case.region, today=NOW.date(), count=1)
        assert month.hours_per_week == 32
        assert ShelterCapacity.objects.get(provider=requested.organisation).places == 6

        from schakel.accounts.models import User

        login(User.objects.get(username="demo-opvang"))
        assert "Begeleiding naar huisarts en GGD" in client.get("/zorg/verwijzingen/").content.decode()
        login(User.objects.get(username="demo-zorgcoordinator"))
        assert "Bedenktijd loopt af" in client.get("/").content.decode()
