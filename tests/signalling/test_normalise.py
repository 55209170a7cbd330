"""Identifier normalisers: canonical forms (tables) and idempotence (property tests)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schakel.signalling.normalise import (
    SearchTerm,
    classify_query,
    entity_terms,
    name_tokens,
    normalise_email,
    normalise_host,
    normalise_kvk,
    normalise_name,
    normalise_phone,
    normalise_plate,
    normalise_postcode_house,
    parse_postcode_house,
    text_words,
)

PHONES = [
    ("06-12345678", "+31612345678"),
    ("06 1234 5678", "+31612345678"),
    ("+31 6 12345678", "+31612345678"),
    ("0031612345678", "+31612345678"),
    ("(020) 123 4567", "+31201234567"),
    ("+48 512 345 678", "+48512345678"),   # a Polish mobile number
    ("+40 712 345 678", "+40712345678"),   # a Romanian one
    ("+31612345678", "+31612345678"),      # already canonical
    ("12345", None),
    ("bel me", None),
    ("", None),
]


@pytest.mark.parametrize(("raw", "expected"), PHONES)
def test_normalise_phone(raw, expected):
    assert normalise_phone(raw) == expected


ADDRESSES = [
    (("1234 ab", "12", "a"), "1234AB-12-a"),
    (("1234AB", 12, ""), "1234AB-12"),
    (("1234-ab", "012", " A "), "1234AB-12-a"),
    (("1234ab", "12", "-bis"), "1234AB-12-bis"),
    (("1234 AB", "12", "III"), "1234AB-12-iii"),
    (("0234AB", "12", ""), None),    # no postcode starts with 0
    (("1234SS", "12", ""), None),    # SA, SD and SS are never issued
    (("1234AB", "0", ""), None),
    (("1234AB", "", ""), None),
    (("abcd", "12", ""), None),
]


@pytest.mark.parametrize(("parts", "expected"), ADDRESSES)
def test_normalise_postcode_house(parts, expected):
    assert normalise_postcode_house(*parts) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("1234 AB 12", "1234AB-12"),
    ("1234ab, 12-a", "1234AB-12-a"),
    ("1234AB12a", "1234AB-12-a"),
    ("1234 AB 12 III", "1234AB-12-iii"),
    ("Dorpsstraat 12", None),
])
def test_parse_postcode_house_from_a_search_box(text, expected):
    assert parse_postcode_house(text) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("ab-123-c", "AB123C"), ("12 ABC 3", "12ABC3"), ("XX-99-XX", "XX99XX"), ("W-4711", "W4711"), ("-", None)])
def test_normalise_plate(raw, expected):
    assert normalise_plate(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("12345678", "12345678"), ("1234 5678", "12345678"), ("12.34.56.78", "12345678"),
    ("1234567", None), ("123456789", None), ("1234567a", None)])
def test_normalise_kvk(raw, expected):
    assert normalise_kvk(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("  Jan.Jansen@Example.NL ", "jan.jansen@example.nl"), ("mailto:info@bedrijf.nl", "info@bedrijf.nl"),
    ("geen-adres", None), ("a@b", None)])
def test_normalise_email(raw, expected):
    assert normalise_email(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("https://www.Example.nl/advertentie/123?x=1", "example.nl"),
    ("www.massage-salon.nl", "massage-salon.nl"),
    ("http://sub.domein.co.uk:8080/", "sub.domein.co.uk"),
    ("Example.NL.", "example.nl"),
    ("https://bücher.de", "xn--bcher-kva.de"),
    ("192.168.1.1", None),
    ("geen website", None),
    ("localhost", None),
])
def test_normalise_host(raw, expected):
    assert normalise_host(raw) == expected


def test_text_words_drop_short_words_stopwords_and_diacritics():
    words = text_words("Zes mannen slapen in één caravan bij de Café-eigenaar; hij heeft hun paspoorten.")
    # 'één' becomes 'een', a stopword like 'hij', 'heeft' and 'hun'
    assert words == {"zes", "mannen", "slapen", "caravan", "cafe", "eigenaar", "paspoorten"}


def test_text_words_keep_cyrillic_words():
    assert text_words("Робота без оплати") == {"робота", "без", "оплати"}


NAMES = [
    ("Piet van der Bijl", "byl piet"),
    ("Bijl, Piet", "byl piet"),
    ("piet byl", "byl piet"),
    ("Anna de Vries", "anna vries"),
    ("José ten Brink", "brink jose"),
    ("Łukasz Wójcik", "lukasz wojcik"),
    ("Jansen-de Groot", "groot jansen"),
    ("van der", None),
]


@pytest.mark.parametrize(("raw", "expected"), NAMES)
def test_normalise_name(raw, expected):
    assert normalise_name(raw) == expected


def test_name_tokens_include_each_part_so_a_surname_alone_finds_the_person():
    assert name_tokens("Piet van der Bijl") == {"byl piet", "byl", "piet"}
    assert normalise_name("van der Bijl") in name_tokens("Piet van der Bijl")


QUERIES = [
    ("Jan@Example.nl", [SearchTerm("email", "jan@example.nl")]),
    ("1234 ab 12", [SearchTerm("postcode_house", "1234AB-12")]),
    ("12345678", [SearchTerm("kvk", "12345678")]),
    ("06-12345678", [SearchTerm("phone", "+31612345678")]),
    ("+48 512 345 678", [SearchTerm("phone", "+48512345678")]),
    ("ab-123-c", [SearchTerm("plate", "AB123C")]),
    ("12 ABC 3", [SearchTerm("plate", "12ABC3")]),
    ("www.example.nl", [SearchTerm("host", "example.nl")]),
    ("caravan Paspoorten", [SearchTerm("word", "caravan"), SearchTerm("word", "paspoorten")]),
    ("de het een", []),
    ("", []),
]


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_classify_query(query, expected):
    assert classify_query(query) == expected


# --- properties: canonical forms are fixed points ------------------------------------------

@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 +-()", max_size=20))
def test_normalise_phone_is_idempotent(raw):
    once = normalise_phone(raw)
    if once is not None:
        assert normalise_phone(once) == once
        assert once.startswith("+")


@settings(max_examples=200, deadline=None)
@given(number=st.integers(min_value=1, max_value=99999), digits=st.integers(min_value=1000, max_value=9999),
       letters=st.sampled_from(["AB", "CD", "XY", "ZZ", "KL"]), addition=st.sampled_from(["", "a", "B", "2", "bis"]),
       spaced=st.booleans(), lower=st.booleans())
def test_address_spelling_variants_give_one_token(number, digits, letters, addition, spaced, lower):
    canonical = normalise_postcode_house(f"{digits}{letters}", number, addition)
    variant_code = f"{digits} {letters}" if spaced else f"{digits}{letters}"
    variant_code = variant_code.lower() if lower else variant_code
    assert normalise_postcode_house(variant_code, f" {number} ", addition.upper()) == canonical
    code, house, *rest = canonical.split("-")
    assert normalise_postcode_house(code, house, rest[0] if rest else "") == canonical
    # a numeric addition needs a separator in a search box: '12 2' (12-2), not '122'
    assert parse_postcode_house(f"{variant_code} {number} {addition}") == canonical


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12))
def test_normalise_plate_is_idempotent(raw):
    once = normalise_plate(raw)
    if once is not None:
        assert normalise_plate(once) == once
        assert once == once.upper() and "-" not in once and " " not in once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 .-", max_size=14))
def test_normalise_kvk_is_idempotent(raw):
    once = normalise_kvk(raw)
    if once is not None:
        assert normalise_kvk(once) == once and len(once) == 8


@settings(max_examples=200, deadline=None)
@given(st.emails())
def test_normalise_email_is_idempotent(raw):
    once = normalise_email(raw)
    if once is not None:
        assert normalise_email(once) == once == once.lower()


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"(https?://)?(www\.)?[a-zA-Z0-9]{1,10}(\.[a-zA-Z]{2,5}){1,2}(/[a-z0-9]{0,8})?", fullmatch=True))
def test_normalise_host_is_idempotent(raw):
    once = normalise_host(raw)
    assert once is not None
    assert normalise_host(once) == once
    assert not once.startswith("www.") and "/" not in once and once == once.lower()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_text_words_is_idempotent(raw):
    words = text_words(raw)
    assert text_words(" ".join(sorted(words))) == words


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_normalise_name_is_idempotent_and_order_free(raw):
    once = normalise_name(raw)
    if once is not None:
        assert normalise_name(once) == once
        assert normalise_name(" ".join(reversed(raw.split()))) == once


ENTITIES = [
    ("person", {"name": "Piet van der Bijl", "date_of_birth": "1990-01-01"},
     {SearchTerm("name", "byl piet"), SearchTerm("name", "byl"), SearchTerm("name", "piet"),
      # parts of four letters or more, with every one-letter-out variant (typo tolerance)
      *(SearchTerm("name_fuzzy", v) for v in ("piet", "iet", "pet", "pit", "pie"))}),
    ("company", {"name": "Schoon BV", "kvk": "1234 5678"},
     {SearchTerm("name", "bv schoon"), SearchTerm("name", "bv"), SearchTerm("name", "schoon"),
      SearchTerm("kvk", "12345678"),
      *(SearchTerm("name_fuzzy", v) for v in ("schoon", "choon", "shoon", "scoon", "schon", "schoo"))}),
    ("vehicle", {"plate": "ab-123-c"}, {SearchTerm("plate", "AB123C")}),
    ("phone", {"number": "06-12345678"}, {SearchTerm("phone", "+31612345678")}),
    ("email", {"address": "X@Example.nl"}, {SearchTerm("email", "x@example.nl")}),
    ("website", {"url": "https://www.example.nl/ad/1"}, {SearchTerm("host", "example.nl")}),
    ("address", {"postcode": "1234 ab", "house_number": "12", "house_number_addition": "A"},
     {SearchTerm("postcode_house", "1234AB-12-a"), SearchTerm("postcode_house", "1234AB-12")}),
    ("address", {"postcode": "1234AB", "house_number": 12}, {SearchTerm("postcode_house", "1234AB-12")}),
    ("phone", {"number": "onbekend"}, set()),
    ("person", None, set()),
]


@pytest.mark.parametrize(("kind", "data", "expected"), ENTITIES)
def test_entity_terms(kind, data, expected):
    assert entity_terms(kind, data) == expected


def test_a_search_query_meets_the_terms_indexed_for_the_entity():
    # what a focal officer types must produce a term that intake indexed
    assert set(classify_query("06 1234 5678")) <= entity_terms("phone", {"number": "+31612345678"})
    assert set(classify_query("1234AB 12")) <= entity_terms(
        "address", {"postcode": "1234AB", "house_number": "12", "house_number_addition": "a"})
    assert set(classify_query("AB-123-C")) <= entity_terms("vehicle", {"plate": "AB 123 C"})


@pytest.mark.parametrize(("typed", "indexed"), [("Jansn", "Jansen"), ("Janssen", "Jansen"), ("Janzen", "Jansen"),
                                                ("Kowalsky", "Kowalski")])
def test_a_name_with_one_typo_shares_a_variant_with_the_indexed_name(typed, indexed):
    from schakel.signalling.normalise import name_variants

    assert name_variants(typed) & name_variants(indexed)


def test_names_two_letters_apart_share_no_variant():
    from schakel.signalling.normalise import name_variants

    assert not name_variants("Jansen") & name_variants("Peters")
    assert not name_variants("Bakker") & name_variants("Bekkers")  # two edits
