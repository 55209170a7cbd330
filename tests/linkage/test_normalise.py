"""Linkage normalisers: equal things in any spelling give one canonical value; junk gives None."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schakel.linkage.normalise import (
    Identifier,
    Kind,
    Unreadable,
    identifiers_of,
    normalise_address_line,
    normalise_advert_link,
    normalise_email,
    normalise_host,
    normalise_iban,
    normalise_kvk,
    normalise_phone,
    normalise_plate,
    normalise_postcode_house,
    normalise_vestiging,
)

postcodes = st.builds(lambda d, a, b: f"{d}{a}{b}", st.integers(1000, 9999),
                      st.sampled_from("ABCEGHJKLMNPRTVWXZ"), st.sampled_from("ABCEGHJKLMNPRTVWXZ"))
house_numbers = st.integers(1, 99999)
noise = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@given(postcodes, house_numbers, st.sampled_from(["", "a", "B", "bis", "2"]))
def test_an_address_in_any_spelling_gives_one_token(postcode, number, addition):
    canonical = normalise_postcode_house(postcode, number, addition)
    spaced = f"{postcode[:4]} {postcode[4:].lower()}"
    assert normalise_postcode_house(spaced, f" {number} ", addition.upper()) == canonical
    assert normalise_address_line(f"Dorpsstraat {number} {addition}, {spaced} Ergens") == canonical
    assert normalise_address_line(canonical.replace("-", " ")) == canonical


@given(noise)
def test_address_line_never_raises_and_is_none_or_canonical(text):
    value = normalise_address_line(text)
    assert value is None or normalise_address_line(value.replace("-", " ")) == value


@pytest.mark.parametrize("typed", ["06 12345678", "+31 6 1234 5678", "0031612345678", "(06) 123-456-78"])
def test_dutch_mobile_numbers_in_any_spelling_are_one_e164_number(typed):
    assert normalise_phone(typed) == "+31612345678"


def test_a_foreign_number_keeps_its_country_and_an_unparsable_one_gives_none():
    assert normalise_phone("+48 512 345 678") == "+48512345678"
    assert normalise_phone("06-1234") is None
    assert normalise_phone("bel me") is None


@given(st.from_regex(r"\+316[0-9]{8}", fullmatch=True))
def test_e164_phone_normalisation_is_idempotent(number):
    assert normalise_phone(normalise_phone(number)) == normalise_phone(number)


@pytest.mark.parametrize(("typed", "plate"), [("ab-123-c", "AB123C"), ("AB 123 C", "AB123C"),
                                              ("B-MW 1234", "BMW1234"), ("WE 12345", "WE12345")])
def test_plates_dutch_and_foreign_lose_dashes_and_spaces(typed, plate):
    assert normalise_plate(typed) == plate


def test_kvk_and_vestiging_numbers_have_eight_and_twelve_digits():
    assert normalise_kvk("1234 5678") == "12345678"
    assert normalise_kvk("1234567") is None
    assert normalise_vestiging("0000.1234.5678") == "000012345678"
    assert normalise_vestiging("12345678") is None


def test_email_is_lower_case_without_mailto():
    assert normalise_email(" mailto:Jan.Jansen@Example.NL ") == "jan.jansen@example.nl"
    assert normalise_email("geen adres") is None


@pytest.mark.parametrize("typed", ["https://www.Example.nl/", "example.nl", "http://WWW.example.nl:8080/x?y=1"])
def test_website_host_has_no_www_scheme_or_port(typed):
    assert normalise_host(typed) == "example.nl"


def test_advert_link_drops_tracking_parameters_and_keeps_the_page():
    link = "https://www.kinky.nl/profiel/123/?utm_source=fb&id=9&fbclid=abc&gclid=x#foto"
    assert normalise_advert_link(link) == "kinky.nl/profiel/123?id=9"
    assert normalise_advert_link("kinky.nl/profiel/123?id=9") == "kinky.nl/profiel/123?id=9"
    assert normalise_advert_link("http://kinky.nl/profiel/123?ref=home&id=9") == "kinky.nl/profiel/123?id=9"


@given(st.sampled_from(["utm_source", "utm_campaign", "fbclid", "gclid", "msclkid"]), st.text("abc123", min_size=1))
def test_any_tracking_parameter_is_dropped(name, value):
    assert normalise_advert_link(f"https://ads.example.com/a/1?{name}={value}") == "ads.example.com/a/1"


def test_iban_checksum_is_validated():
    assert normalise_iban("nl91 abna 0417 1643 00") == "NL91ABNA0417164300"
    assert normalise_iban("NL91ABNA0417164301") is None
    assert normalise_iban("GB82 WEST 1234 5698 7654 32") == "GB82WEST12345698765432"


@given(st.sampled_from(["NL91ABNA0417164300", "GB82WEST12345698765432", "DE89370400440532013000"]))
def test_iban_normalisation_is_idempotent(iban):
    assert normalise_iban(normalise_iban(iban)) == iban


def test_an_unreadable_field_is_reported_and_not_tokenised():
    found, unreadable = identifiers_of("phone", {"number": "06-1234"})
    assert found == set()
    assert unreadable == {Unreadable(Kind.PHONE, "number")}
    found, unreadable = identifiers_of("address", {"postcode": "12345", "house_number": "1"})
    assert found == set() and unreadable == {Unreadable(Kind.ADDRESS, "postcode")}


def test_an_address_with_an_addition_links_with_and_without_it():
    found, _ = identifiers_of("address", {"postcode": "1234 ab", "house_number": "12", "house_number_addition": "A"})
    assert found == {Identifier(Kind.ADDRESS, "1234AB-12-a"), Identifier(Kind.ADDRESS, "1234AB-12")}


def test_a_website_with_a_page_gives_its_host_and_its_link():
    found, _ = identifiers_of("website", {"url": "https://www.kinky.nl/profiel/7?utm_medium=x"})
    assert found == {Identifier(Kind.HOST, "kinky.nl"), Identifier(Kind.LINK, "kinky.nl/profiel/7")}
    found, _ = identifiers_of("website", {"url": "www.kinky.nl"})
    assert found == {Identifier(Kind.HOST, "kinky.nl")}


def test_company_gives_kvk_vestiging_and_iban():
    found, unreadable = identifiers_of("company", {"name": "X", "kvk": "12345678", "vestiging": "000012345678",
                                                   "iban": "NL91ABNA0417164300"})
    assert {i.kind for i in found} == {Kind.KVK, Kind.VESTIGING, Kind.IBAN}
    assert not unreadable
