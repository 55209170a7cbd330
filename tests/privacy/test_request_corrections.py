"""Correction requests on the privacy desk: the overview offers "Correctie toepassen" prefilled, a
yes and a reason are required and the input is kept, the correction is applied and logged by field
name only, stale and repeated forms are refused, another area is 404 and other roles cannot reach it."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from schakel.accounts.roles import Role
from schakel.clock import AMSTERDAM
from schakel.privacy.models import AccessLogEntry, DataSubjectRequest
from schakel.privacy.subject_requests import register_request
from schakel.signalling.models import EventKind, SignalEntity, SignalEvent
from schakel.signalling.normalise import classify_query
from schakel.signalling.selectors_search import search_signal_ids
from tests.factories import MembershipFactory, UserFactory
from tests.signalling.triage_factories import SignalFactory, add_entity

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 6, 2, 10, 0, tzinfo=AMSTERDAM)
LIST = "/privacy/verzoeken"
NAME = "Piet de Vries"
REASON = "Naam verkeerd gespeld, paspoort gezien"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def officer(world):
    return world.user("privacy_officer")


@pytest.fixture
def desk(login, officer):
    return login(officer)


def text(response) -> str:
    return response.content.decode()


def correction_request(officer, kind="correction"):
    return register_request(actor=officer, kind=kind, subject_name=NAME,
                            subject_birth_date=datetime.date(1990, 1, 2), received_on=NOW.date())


def signal_about(municipality):
    signal = SignalFactory(municipality=municipality)
    entity = add_entity(signal, "person", {"name": NAME, "date_of_birth": "1990-01-02"},
                        person_role="presumed_victim")
    return signal, entity


def form_values(desk, item) -> dict:
    """The prefilled correction form of the overview, as the browser would send it."""
    page = desk.get(f"{LIST}/{item.pk}/overzicht")
    form = page.context["records"][0].correct_form
    return {f"c0-{name}": ("" if value is None else value) for name, value in form.initial.items()}


def test_the_overview_of_a_correction_request_offers_the_correction_prefilled(desk, world, officer):
    signal_about(world.a1)
    item = correction_request(officer)
    page = desk.get(f"{LIST}/{item.pk}/overzicht")
    assert page.status_code == 200
    assert "Correctie toepassen" in text(page) and 'value="Piet de Vries"' in text(page)
    inspection = correction_request(officer, kind="inspection")
    assert "Correctie toepassen" not in text(desk.get(f"{LIST}/{inspection.pk}/overzicht"))


def test_applying_a_correction_changes_the_person_and_records_it_without_old_values(desk, world, officer):
    signal, entity = signal_about(world.a1)
    item = correction_request(officer)
    data = {**form_values(desk, item), "c0-name": "Pieter de Wit", "c0-reason": REASON, "c0-confirm": "on"}

    response = desk.post(f"{LIST}/{item.pk}/corrigeren", data)

    assert response.status_code == 302 and response["Location"] == f"{LIST}/{item.pk}"
    entity.refresh_from_db()
    assert entity.data["name"] == "Pieter de Wit"
    ids = set(search_signal_ids(classify_query("Pieter de Wit")).values_list("signal_id", flat=True))
    assert signal.pk in ids
    assert signal.pk not in set(search_signal_ids(classify_query("Vries")).values_list("signal_id", flat=True))
    assert SignalEvent.objects.filter(signal=signal, kind=EventKind.EDIT, actor=officer).count() == 1
    log = AccessLogEntry.objects.get(record_type="privacy.datasubjectrequest", record_id=str(item.pk), action="change")
    assert "naam" in log.detail and signal.reference in log.detail
    for row in AccessLogEntry.objects.all():
        assert "Vries" not in f"{row.detail} {row.reason}"
    assert DataSubjectRequest.objects.get(pk=item.pk).version == item.version + 1
    answered = desk.post(f"{LIST}/{item.pk}/beantwoorden",
                         {"outcome": "Naam gecorrigeerd in het signaal", "version": item.version + 1})
    assert answered.status_code == 302


def test_a_correction_needs_a_reason_and_a_yes_and_keeps_the_input(desk, world, officer):
    _signal, entity = signal_about(world.a1)
    item = correction_request(officer)
    data = {**form_values(desk, item), "c0-name": "Pieter de Wit"}

    response = desk.post(f"{LIST}/{item.pk}/corrigeren", data)

    assert response.status_code == 400
    assert 'value="Pieter de Wit"' in text(response) and "Reden" in text(response)
    entity.refresh_from_db()
    assert entity.data["name"] == NAME


def test_an_invalid_value_is_refused_in_dutch_and_nothing_changes(desk, world, officer):
    _signal, entity = signal_about(world.a1)
    item = correction_request(officer)
    data = {**form_values(desk, item), "c0-name": "", "c0-reason": REASON, "c0-confirm": "on"}

    response = desk.post(f"{LIST}/{item.pk}/corrigeren", data)

    assert response.status_code == 400 and "Vul een naam of een omschrijving in." in text(response)
    entity.refresh_from_db()
    assert entity.data["name"] == NAME


def test_a_stale_or_repeated_correction_is_refused_and_applied_once(desk, world, officer):
    signal, entity = signal_about(world.a1)
    item = correction_request(officer)
    data = {**form_values(desk, item), "c0-name": "Pieter de Wit", "c0-reason": REASON, "c0-confirm": "on"}
    assert desk.post(f"{LIST}/{item.pk}/corrigeren", data).status_code == 302

    again = desk.post(f"{LIST}/{item.pk}/corrigeren", data)

    assert again.status_code == 409 and "intussen gewijzigd" in text(again)
    assert SignalEvent.objects.filter(signal=signal, kind=EventKind.EDIT).count() == 1


def test_a_changed_person_entry_is_refused_as_stale(desk, world, officer):
    _signal, entity = signal_about(world.a1)
    item = correction_request(officer)
    data = {**form_values(desk, item), "c0-name": "Pieter de Wit", "c0-reason": REASON, "c0-confirm": "on"}
    SignalEntity.objects.filter(pk=entity.pk).update(data={"name": NAME, "date_of_birth": "1990-01-02",
                                                           "nationality": "NL"})

    response = desk.post(f"{LIST}/{item.pk}/corrigeren", data)

    assert response.status_code == 409 and 'value="Pieter de Wit"' in text(response)
    entity.refresh_from_db()
    assert entity.data["name"] == NAME


def test_another_areas_request_is_404_and_other_roles_cannot_correct(client, login, world, officer):
    signal_about(world.a1)
    elsewhere = UserFactory(username="privacy_officer_b")
    MembershipFactory(user=elsewhere, organisation=world.organisations["b1"], role=Role.PRIVACY_OFFICER)
    item = correction_request(officer)
    data = {"c0-record_id": "1", "c0-reason": REASON, "c0-confirm": "on", "c0-name": "X"}
    assert login(elsewhere).post(f"{LIST}/{item.pk}/corrigeren", data).status_code == 404
    assert login(world.user("focal_officer")).post(f"{LIST}/{item.pk}/corrigeren", data).status_code == 404
