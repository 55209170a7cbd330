"""Knowledge base (versions, audience) and network meetings (attendance, minutes without case data)."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from schakel.network.models import Document, Meeting
from schakel.network.services.knowledge import LooksPersonal, publish_document, save_meeting
from schakel.network.services.textcheck import findings

from .helpers import MONDAY, UTC

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", [
    "Bel 06-12345678 voor meer", "Zij woont aan de Stationsstraat 12", "Postcode 7001 AB", "Gesprek met mevrouw Jansen",
    "mail j.jansen@example.org", "geb. 12-03-1990", "BSN 123456782",
])
def test_the_editor_notices_what_looks_like_case_data(text):
    assert findings(text)


@pytest.mark.parametrize("text", [
    "We bespraken signalen van arbeidsuitbuiting in de landbouw.",
    "Afspraak: in maart een intervisie over loverboys. Mevrouw de voorzitter opent.",
    "Drie gemeenten meldden meer signalen dan vorig jaar.",
])
def test_ordinary_minutes_raise_no_warning(text):
    assert findings(text) == []


@time_machine.travel(MONDAY, tick=False)
def test_a_document_gets_versions_and_is_shown_only_to_its_audience(world, login, client):
    director = world.user("chain_director")
    document = publish_document(actor=director, region_id=world.region_a.pk, title="Werkinstructie triage",
                                kind="instruction", audience="officers", text="Stap 1: lees het signaal.")
    publish_document(actor=director, region_id=world.region_a.pk, title="Werkinstructie triage", kind="instruction",
                     audience="officers", text="Stap 1: lees het signaal twee keer.", document=document,
                     expected_version=1)
    document.refresh_from_db()
    assert document.version == 2 and document.versions.count() == 2
    login(world.user("focal_officer"))
    assert "twee keer" in client.get(f"/netwerk/kennisbank/{document.pk}/").content.decode()
    assert "twee keer" not in client.get(f"/netwerk/kennisbank/{document.pk}/versies/1").content.decode()
    login(world.user("partner_member"))
    assert client.get(f"/netwerk/kennisbank/{document.pk}/").status_code == 404
    login(world.user("focal_officer_b1"))
    assert client.get(f"/netwerk/kennisbank/{document.pk}/").status_code == 404


@time_machine.travel(MONDAY, tick=False)
def test_minutes_that_name_a_phone_number_need_a_confirmation(world, login, client):
    login(world.user("focal_officer"))
    data = {"kind": "intervision", "title": "Intervisie maart", "starts_at": "2026-03-12T14:00",
            "minutes": "Casus besproken, bel 06-12345678.", "attendees": [world.user("focal_officer").pk]}
    warned = client.post("/netwerk/bijeenkomsten/nieuw", data)
    body = warned.content.decode()
    assert warned.status_code == 400 and "telefoonnummer" in body and "06-12345678" in body
    assert not Meeting.objects.exists()
    saved = client.post("/netwerk/bijeenkomsten/nieuw", {**data, "confirmed": "on"})
    assert saved.status_code == 302
    meeting = Meeting.objects.get()
    assert list(meeting.attendees.all()) == [world.user("focal_officer")]


@time_machine.travel(MONDAY, tick=False)
def test_a_stale_meeting_edit_is_refused(world):
    officer = world.user("focal_officer")
    data = {"kind": "network", "title": "Netwerk", "starts_at": datetime.datetime(2026, 3, 12, 13, tzinfo=UTC),
            "place": "", "agenda": "", "minutes": ""}
    meeting = save_meeting(actor=officer, region_id=world.region_a.pk, data=data, attendees=[])
    save_meeting(actor=officer, region_id=world.region_a.pk, data=data, attendees=[], meeting=meeting,
                 expected_version=1)
    with pytest.raises(Exception) as refused:
        save_meeting(actor=officer, region_id=world.region_a.pk, data=data, attendees=[], meeting=meeting,
                     expected_version=1)
    assert "intussen gewijzigd" in str(refused.value)


def test_a_document_text_with_an_address_is_refused_without_confirmation(world):
    with pytest.raises(LooksPersonal):
        publish_document(actor=world.user("chain_director"), region_id=world.region_a.pk, title="Plan",
                         kind="regional_plan", audience="staff", text="Pand aan de Kerkstraat 4 gesloten.")
    assert not Document.objects.exists()
