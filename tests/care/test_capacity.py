"""Shelter capacity where known: places per provider of the region next to the placements running today."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from schakel.care.capacity import provider_loads, set_capacity
from schakel.care.models import ShelterCapacity
from schakel.care.services import CareError, work

from .helpers import NOW, TODAY, coordinator, coordinator_of_region_b, new_case, shelter_member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _place(world, shelter, *, starts_on=TODAY, ends_on=None, name="Ana-Test"):
    case = new_case(world, name=name)
    work.add_placement(actor=coordinator(world), case=case, kind="cosm", provider=shelter, starts_on=starts_on,
                       ends_on=ends_on, expected_version=case.version, now=NOW)
    return case


def test_places_occupied_and_free_count_only_placements_running_today(world):
    shelter, _member = shelter_member(world)
    set_capacity(actor=coordinator(world), provider=shelter, places=2, now=NOW)
    _place(world, shelter)
    _place(world, shelter, name="Geëindigd-Test", starts_on=datetime.date(2026, 1, 5),
           ends_on=datetime.date(2026, 2, 1))
    (load,) = [load for load in provider_loads(coordinator(world), on=TODAY) if load.provider == shelter]
    assert (load.places, load.occupied, load.free, load.full) == (2, 1, 1, False)


def test_only_a_coordinator_of_the_providers_region_records_its_capacity(world):
    shelter, _member = shelter_member(world)
    elsewhere = coordinator_of_region_b(world)
    for actor in (elsewhere, world.user("focal_officer")):
        with pytest.raises(CareError):
            set_capacity(actor=actor, provider=shelter, places=4, now=NOW)
    assert not ShelterCapacity.objects.exists()
    assert shelter not in [load.provider for load in provider_loads(elsewhere, on=TODAY)]


def test_the_page_shows_capacity_keeps_bad_input_and_a_full_provider_warns_on_placement(world, client, login):
    shelter, _member = shelter_member(world)
    login(coordinator(world))
    page = client.get("/zorg/opvang").content.decode()
    assert shelter.name in page and "onbekend" in page
    refused = client.post("/zorg/opvang", {"provider": shelter.pk, "places": "veel", "note": "Alleen vrouwen"})
    assert refused.status_code == 400
    assert "Vul een heel getal in." in refused.content.decode() and 'value="Alleen vrouwen"' in refused.content.decode()
    assert client.post("/zorg/opvang", {"provider": shelter.pk, "places": "1"}).status_code == 302
    _place(world, shelter)
    case = new_case(world, name="Tweede-Test")
    response = client.post(f"/zorg/{case.client_number}/opvang/", {
        "placement-version": case.version, "placement-kind": "cosm", "placement-provider": shelter.pk,
        "placement-starts_on": TODAY.isoformat()}, follow=True)
    page = response.content.decode()
    assert "meer plaatsingen (2) dan plaatsen (1)" in page
    assert "vol" in client.get("/zorg/opvang").content.decode()
