"""Correcting a person entry (GDPR art. 16) through signalling's service, by the privacy officer:
the new name finds the signal and the old one does not, a history row and an access-log row
without the values, triage's validation, stale and wrong-area edits refused."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from schakel.clock import AMSTERDAM
from schakel.privacy.models import AccessLogEntry
from schakel.signalling.models import EventKind, Signal, SignalEvent
from schakel.signalling.normalise import classify_query
from schakel.signalling.selectors_search import search_signal_ids
from schakel.signalling.services.corrections import NothingChanged, correct_person, entity_version
from schakel.signalling.services.triage import InvalidEntity, StaleVersion
from tests.signalling.triage_factories import SignalFactory, add_entity

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 6, 2, 10, 0, tzinfo=AMSTERDAM)
REASON = "Verzoek van betrokkene nr. 1: naam verkeerd gespeld"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def officer(world):
    return world.user("privacy_officer")


def person(municipality, name="Piet de Vries", born="1990-01-02"):
    signal = SignalFactory(municipality=municipality)
    return signal, add_entity(signal, "person", {"name": name, "date_of_birth": born}, person_role="presumed_victim")


def found(query) -> set[int]:
    return set(search_signal_ids(classify_query(query)).values_list("signal_id", flat=True))


def test_a_corrected_name_finds_the_signal_and_the_old_name_no_longer_does(world, officer):
    signal, entity = person(world.a1)
    assert signal.pk in found("Vries")

    changed = correct_person(actor=officer, entity=entity, changes={"name": "Pieter de Wit"}, reason=REASON)

    entity.refresh_from_db()
    assert changed == ["name"]
    assert entity.data == {"name": "Pieter de Wit", "date_of_birth": "1990-01-02"}
    assert signal.pk in found("Pieter de Wit") and signal.pk in found("Wit")
    assert signal.pk not in found("Vries") and signal.pk not in found("Piet de Vries")


def test_a_name_another_entry_of_the_signal_still_has_keeps_finding_it(world, officer):
    signal, entity = person(world.a1)
    add_entity(signal, "person", {"name": "Jan de Vries"}, person_role="presumed_perpetrator")

    correct_person(actor=officer, entity=entity, changes={"name": "Pieter Wit"}, reason=REASON)

    assert signal.pk in found("Vries")


def test_the_correction_writes_a_history_row_and_an_access_log_row_without_the_values(world, officer):
    signal, entity = person(world.a1)
    before = Signal.objects.get(pk=signal.pk).version

    correct_person(actor=officer, entity=entity, changes={"name": "Pieter de Wit", "date_of_birth": "1990-02-01"},
                   reason=REASON)

    event = SignalEvent.objects.get(signal=signal, kind=EventKind.EDIT)
    assert event.actor == officer and event.data["corrected"] == ["date_of_birth", "name"]
    assert "Vries" not in event.reason and "Wit" not in event.reason and "1990" not in str(event.data)
    log = AccessLogEntry.objects.get(record_id=str(signal.pk), action="change")
    assert log.user_id == officer.pk
    assert "Vries" not in str(log.__dict__) and "Wit" not in str(log.__dict__)
    assert Signal.objects.get(pk=signal.pk).version == before + 1


def test_the_entry_is_validated_as_triage_does(world, officer):
    _signal, entity = person(world.a1)
    with pytest.raises(InvalidEntity) as refused:
        correct_person(actor=officer, entity=entity, changes={"name": "x" * 201}, reason=REASON)
    assert "__all__" in refused.value.errors
    with pytest.raises(NothingChanged):
        correct_person(actor=officer, entity=entity, changes={"name": "Piet de Vries"}, reason=REASON)


def test_an_edit_against_older_data_is_refused(world, officer):
    _signal, entity = person(world.a1)
    version = entity_version(entity)
    correct_person(actor=officer, entity=entity, changes={"name": "Pieter Wit"}, reason=REASON,
                   expected_version=version)
    with pytest.raises(StaleVersion):
        correct_person(actor=officer, entity=entity, changes={"name": "Piet Wit"}, reason=REASON,
                       expected_version=version)


def test_only_the_privacy_officer_of_the_signals_municipality_corrects(world, officer):
    _signal, entity = person(world.b1)
    with pytest.raises(PermissionDenied):
        correct_person(actor=officer, entity=entity, changes={"name": "Pieter Wit"}, reason=REASON)
    _ours, mine = person(world.a1)
    with pytest.raises(PermissionDenied):
        correct_person(actor=world.user("focal_officer"), entity=mine, changes={"name": "Pieter Wit"}, reason=REASON)
