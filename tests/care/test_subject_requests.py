"""A data-subject request finds the care cases about the person through the name's blind index."""

from __future__ import annotations

import datetime

import pytest

from schakel.care.models import CareCase
from schakel.care.services import cases
from schakel.care.subject import find_subject
from schakel.privacy.subject_requests import find_subject_records, register_request

from .helpers import NOW, coordinator, new_case

pytestmark = pytest.mark.django_db


def test_the_case_is_found_by_name_in_another_spelling_and_a_different_birth_date_excludes_it(world):
    case = new_case(world, name="Ana van Popescu")
    new_case(world, name="Iemand Anders-Test")
    assert CareCase.objects.get(pk=case.pk).name_token  # stored at opening, no plaintext

    (record,) = find_subject(name="popescu, ana", birth_date=None, municipality_ids={world.a1.pk})
    assert (record.reference, record.match) == (case.client_number, "alleen naam")
    assert record.about_subject["naam"] == "Ana van Popescu" and record.about_subject["nationaliteit"] == "Nigeria"
    assert "Verslagen van contacten" in record.withheld[0].what
    assert find_subject(name="Ana van Popescu", birth_date=datetime.date(1999, 1, 1),
                        municipality_ids={world.a1.pk}) == []
    assert find_subject(name="Ana van Popescu", birth_date=None, municipality_ids={world.b1.pk}) == []


def test_a_renamed_client_is_found_by_the_new_name_and_the_privacy_officer_finds_it(world):
    case = new_case(world, name="Onbekend")
    cases.update_client(actor=coordinator(world), case=case, client=cases.ClientData(
        name="Grace Adebayo", nationality="NG", residence="third_country_unlawful"), expected_version=case.version,
        now=NOW)
    officer = world.user("privacy_officer")
    request = register_request(actor=officer, kind="access", subject_name="Grace Adebayo",
                               received_on=datetime.date(2026, 3, 2), now=NOW)

    found = [item for item in find_subject_records(actor=officer, request=request) if item.noun == "Zorgtraject"]

    assert [item.reference for item in found] == [case.client_number]
