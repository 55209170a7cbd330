"""The inbox search: identifiers typed without spaces, a name with a typo, words of the reporter's answers."""

from __future__ import annotations

import datetime

import pytest

from schakel.signalling import selectors
from schakel.signalling.selectors_search import parse_reference
from schakel.signalling.services import mailbox

from .triage_factories import SignalFactory, add_entity

pytestmark = pytest.mark.django_db


def _found(user, query):
    result = selectors.inbox(user=user, filters=selectors.InboxFilters(query=query), today=datetime.date(2026, 3, 4))
    return [row.signal.reference for row in result.rows]


@pytest.mark.parametrize(("typed", "reference"), [("2026-41", "2026-000041"), ("2026-000041", "2026-000041"),
                                                   ("2026000041", "2026-000041"), ("77000100", None),
                                                   ("0611223344", None), ("12345", None)])
def test_only_a_reference_shape_is_read_as_a_reference(typed, reference):
    assert parse_reference(typed) == reference


def test_a_kvk_number_and_a_phone_number_without_spaces_are_searched_as_what_they_are(world):
    officer = world.user("focal_officer")
    company = SignalFactory(municipality=world.a1)
    add_entity(company, "company", {"name": "Kwekerij Groen", "kvk": "77000100"})
    phone = SignalFactory(municipality=world.a1)
    add_entity(phone, "phone", {"number": "06 11 22 33 44"})
    assert _found(officer, "77000100") == _found(officer, "77 000 100") == [company.reference]
    assert _found(officer, "0611223344") == _found(officer, "06 11 22 33 44") == [phone.reference]


def test_a_name_with_one_typo_is_found_but_not_another_name(world):
    officer = world.user("focal_officer")
    signal = SignalFactory(municipality=world.a1)
    add_entity(signal, "person", {"name": "Anna Kowalski"}, person_role="presumed_victim")
    other = SignalFactory(municipality=world.a1)
    add_entity(other, "person", {"name": "Piet Bakker"}, person_role="presumed_victim")
    assert _found(officer, "Kowalsky") == [signal.reference]
    assert _found(officer, "Kowalski") == [signal.reference]
    assert _found(officer, "Kowal") == []


def test_words_of_the_reporters_answer_are_searchable(world):
    officer = world.user("focal_officer")
    signal = SignalFactory(municipality=world.a1, description="Mannen in een caravan.")
    assert _found(officer, "bakkerij") == []
    mailbox.answer_from_reporter(signal=signal, text="Ze werken ook 's nachts in de bakkerij.")
    assert _found(officer, "bakkerij") == [signal.reference]
    mailbox.answer_from_reporter(signal=signal, text="De bakkerij zit naast het station.")
    assert signal.search_tokens.filter(kind="word").count() == len(set(signal.search_tokens.filter(
        kind="word").values_list("token", flat=True)))  # each word once


def test_names_recorded_before_typo_search_are_indexed_by_the_command_once(world):
    from django.core.management import call_command

    from schakel.signalling.models import SearchToken

    officer = world.user("focal_officer")
    signal = SignalFactory(municipality=world.a1)
    add_entity(signal, "person", {"name": "Anna Kowalski"})
    SearchToken.objects.filter(kind="name_fuzzy").delete()  # as recorded before issue 12
    assert _found(officer, "Kowalsky") == []
    call_command("index_name_variants")
    assert _found(officer, "Kowalsky") == [signal.reference]
    count = SearchToken.objects.filter(kind="name_fuzzy").count()
    call_command("index_name_variants")
    assert SearchToken.objects.filter(kind="name_fuzzy").count() == count
