"""Caseload against contracted hours: per month the region's cases and contact time next to the hours
it contracted (18 a week, 32 from 1 May 2022 in seed 002); the chain director records a contract."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from schakel.care.hours import record_contracted_hours, region_months
from schakel.care.models import ContractedHours
from schakel.care.services import CareError, cases, work

from .helpers import NOW, coordinator, coordinator_of_region_b, new_case

pytestmark = pytest.mark.django_db
UTC = datetime.timezone.utc


def _contract(world, hours, valid_from):
    return record_contracted_hours(actor=world.user("chain_director"), region=world.region_a,
                                   hours_per_week=Decimal(hours), valid_from=valid_from, now=NOW)


def _contact(world, case, on, minutes, kind="in_person"):
    work.add_contact(actor=coordinator(world), case=case, on=on, kind=kind, minutes=minutes, text_="Gesprek",
                     with_whom="Collega" if kind == "professional" else "", expected_version=case.version, now=NOW)
    case.refresh_from_db()


def test_contracted_hours_follow_the_contract_in_force_on_each_day(world):
    _contract(world, "18", datetime.date(2022, 1, 1))
    _contract(world, "32", datetime.date(2022, 5, 1))
    (may, april) = region_months(world.region_a, today=datetime.date(2022, 5, 31), count=2)
    assert (april.hours_per_week, april.contracted_hours) == (Decimal("18"), "77,1")  # 18 × 30 / 7
    assert (may.hours_per_week, may.contracted_hours) == (Decimal("32"), "141,7")  # 32 × 31 / 7


def test_a_month_counts_open_and_new_cases_and_contact_time_but_not_notes(world):
    _contract(world, "32", datetime.date(2026, 1, 1))
    february = new_case(world, opened_on=datetime.date(2026, 2, 10))
    march = new_case(world, name="Tweede-Test", opened_on=datetime.date(2026, 3, 2))
    _contact(world, february, datetime.date(2026, 2, 20), 90)
    _contact(world, march, datetime.date(2026, 3, 2), 45, kind="professional")
    _contact(world, march, datetime.date(2026, 3, 2), 30, kind="note")  # a note is not contact time
    cases.close_case(actor=coordinator(world), case=february, reason="own_life", closed_on=datetime.date(2026, 3, 2),
                     expected_version=february.version, now=NOW)

    this, last, earlier = region_months(world.region_a, today=datetime.date(2026, 3, 2), count=3)

    assert (this.month, this.open_cases, this.new_cases, this.contact_hours) == (
        datetime.date(2026, 3, 1), 2, 1, "0,8")  # closed on 2 March: still open in March
    assert (last.open_cases, last.new_cases, last.contact_hours) == (1, 1, "1,5")
    assert (earlier.open_cases, earlier.new_cases, earlier.contact_minutes) == (0, 0, 0)
    assert this.contracted_hours == "9,1"  # 32 × 2 / 7: the current month up to today
    assert this.share == 8 and not this.over
    assert region_months(world.region_b, today=datetime.date(2026, 3, 2), count=1)[0].open_cases == 0


def test_without_a_contract_the_month_says_so_and_has_no_share(world):
    (month,) = region_months(world.region_a, today=datetime.date(2026, 3, 2), count=1)
    assert (month.contracted, month.contracted_hours, month.share) == (None, "", None)


def test_only_the_chain_director_of_the_region_records_hours_and_a_double_submit_records_one(world):
    first = _contract(world, "32", datetime.date(2026, 1, 1))
    assert _contract(world, "32", datetime.date(2026, 1, 1)) == first
    with pytest.raises(CareError) as refused:
        _contract(world, "30", datetime.date(2026, 1, 1))
    assert refused.value.field == "valid_from"
    for actor in (coordinator(world), coordinator_of_region_b(world)):
        with pytest.raises(CareError):
            record_contracted_hours(actor=actor, region=world.region_a, hours_per_week=Decimal(10),
                                    valid_from=datetime.date(2026, 2, 1), now=NOW)
    assert ContractedHours.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_the_page_shows_caseload_against_hours_to_coordinator_and_chain_director(world, client, login):
    _contract(world, "32", datetime.date(2026, 1, 1))
    case = new_case(world)
    _contact(world, case, datetime.date(2026, 3, 2), 120)
    for role in ("care_coordinator", "chain_director"):
        login(world.user(role))
        page = client.get("/zorg/uren").content.decode()
        assert "maart 2026" in page and "9,1" in page and "2,0" in page and "22%" in page
        assert case.client_number not in page  # counts only
    assert "Gecontracteerde uren vastleggen" in page  # the chain director's form
    login(coordinator(world))
    assert "Gecontracteerde uren vastleggen" not in client.get("/zorg/uren").content.decode()
    assert client.post("/zorg/uren", {"region": world.region_a.pk, "hours_per_week": "40",
                                      "valid_from": "2026-03-01"}).status_code == 403


@time_machine.travel(NOW, tick=False)
def test_the_chain_directors_bad_input_is_kept_with_a_dutch_error(world, client, login):
    login(world.user("chain_director"))
    response = client.post("/zorg/uren", {"region": world.region_a.pk, "hours_per_week": "veel",
                                          "valid_from": "2026-03-01", "note": "Beschikking 2026"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Vul een getal in, bijvoorbeeld 32 of 18,5." in page
    assert 'value="Beschikking 2026"' in page and 'value="veel"' in page
    response = client.post("/zorg/uren", {"region": world.region_a.pk, "hours_per_week": "32,5",
                                          "valid_from": "2026-03-01"})
    assert response.status_code == 302
    assert ContractedHours.objects.get().hours_per_week == Decimal("32.5")


@time_machine.travel(NOW, tick=False)
def test_the_start_pages_show_this_months_load_against_the_contract(world, client, login):
    _contract(world, "32", datetime.date(2026, 1, 1))
    login(world.user("chain_director"))
    page = client.get("/").content.decode()
    assert "Zorgcoördinatie: caseload en uren" in page and "van 9,1 gecontracteerd" in page
    login(coordinator(world))
    assert "9,1 uur tot nu deze maand (0% contacttijd)" in client.get("/").content.decode()
