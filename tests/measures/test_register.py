"""The register per address and company, and the measures on a signal's addresses and companies."""

import pytest

from schakel.measures.selectors import measures_on_signal_subjects, register_rows
from schakel.measures.services.subjects import address_key, register_token
from schakel.signalling.normalise import normalise_kvk
from tests.signalling.triage_factories import SignalFactory, add_entity

from .helpers import ADDRESS, COMPANY, measure

pytestmark = pytest.mark.django_db


def test_one_address_typed_in_different_ways_gives_one_register_key():
    keys = {address_key(text) for text in ("1234 AB 12", "1234ab12", "1234AB, 12-a", " 1234 ab 12 B")}
    assert keys == {"1234AB-12"}
    assert address_key("Kasweg 12") is None


def test_the_register_finds_every_measure_on_an_address_in_the_users_municipality(world):
    first = measure(world, subjects=[ADDRESS])
    second = measure(world, "premises_closure", subjects=[{"kind": "address", "text": "1234ab 12 a"}])
    measure(world, actor=world.other_municipality, municipality=world.a2, subjects=[ADDRESS])
    token = register_token("address", "1234AB-12")
    found = [row.measure.reference for row in register_rows(user=world.user("focal_officer"), kind="address",
                                                            token=token)]
    assert sorted(found) == sorted([first.reference, second.reference])


def test_the_register_page_by_company_and_its_search(world, login):
    recorded = measure(world, subjects=[COMPANY])
    client = login(world.user("focal_officer"))
    response = client.post("/maatregelen/register", {"kind": "company", "query": "1234 5678"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200 and recorded.reference in page.content.decode()
    assert login(world.other_municipality).get(response["Location"]).status_code == 404


def test_a_search_that_is_not_an_address_says_why(world, login):
    response = login(world.user("focal_officer")).post("/maatregelen/register",
                                                       {"kind": "address", "query": "bij de kas"})
    assert response.status_code == 400
    assert "postcode met huisnummer" in response.content.decode()


def test_a_signal_shows_the_measures_on_its_addresses_and_companies_in_its_municipality(world, login):
    signal = SignalFactory(municipality=world.a1)
    add_entity(signal, "address", {"postcode": "1234AB", "house_number": "12", "house_number_addition": "a"})
    add_entity(signal, "company", {"name": "Kwekerij", "kvk": "12345678"})
    on_address = measure(world, subjects=[ADDRESS])
    on_company = measure(world, "penalty_order", details={"imposed_on": "2026-03-02"}, subjects=[COMPANY])
    measure(world, subjects=[{"kind": "address", "text": "9999 ZZ 1"}])
    measure(world, actor=world.other_municipality, municipality=world.a2, subjects=[ADDRESS])
    found = {m.reference for m in measures_on_signal_subjects(user=world.user("focal_officer"), signal=signal)}
    assert found == {on_address.reference, on_company.reference}
    page = login(world.user("focal_officer")).get(f"/signalen/{signal.reference}/")
    assert on_address.reference in page.content.decode()
    assert normalise_kvk("12345678") == "12345678"
