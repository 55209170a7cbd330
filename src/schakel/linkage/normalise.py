"""Canonical forms of the identifiers linkage compares (pure functions, no ORM).

The signals app already has the canonical forms its search uses (signalling/normalise.py);
linkage imports those, so a phone number or an address that search finds is the same value
that links, and adds what linkage needs on top: vestiging numbers, IBANs, advert links without
tracking parameters, a Dutch address typed as one line, and `identifiers_of`, which turns one
recorded entity into the (kind, value) pairs to tokenise plus what could not be read.

Every normaliser is idempotent and returns None for input that is not a valid value of its
kind; such input is kept as typed by its owner and reported as `Unreadable` (never tokenised).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

from stdnum import iban as std_iban
from stdnum.exceptions import ValidationError as StdnumError

from schakel.signalling.normalise import (  # noqa: F401  (re-exported: one definition for search and linkage)
    normalise_email,
    normalise_host,
    normalise_kvk,
    normalise_name,
    normalise_phone,
    normalise_plate,
    normalise_postcode,
    normalise_postcode_house,
    parse_postcode_house,
    strip_diacritics,
)

__all__ = [
    "Identifier", "Unreadable", "identifiers_of", "normalise_address_line", "normalise_advert_link",
    "normalise_email", "normalise_host", "normalise_iban", "normalise_kvk", "normalise_phone",
    "normalise_name", "normalise_plate", "normalise_postcode", "normalise_postcode_house", "normalise_vestiging",
    "parse_postcode_house", "strip_diacritics",
]


class Kind:
    """The identifier kinds linkage tokenises (stored in `LinkToken.kind`)."""

    ADDRESS = "address"
    PHONE = "phone"
    PLATE = "plate"
    KVK = "kvk"
    VESTIGING = "vestiging"
    EMAIL = "email"
    HOST = "host"
    LINK = "link"
    IBAN = "iban"
    PERSON = "person"  # exact person keys (name + date of birth variants), for the exchange between installations


# --- companies ---------------------------------------------------------------------------

def normalise_vestiging(value: str) -> str | None:
    """A KvK vestigingsnummer (branch number): exactly twelve digits ('000012345678')."""
    compact = re.sub(r"[\s.-]", "", value or "")
    return compact if re.fullmatch(r"[0-9]{12}", compact) else None


# --- bank accounts -----------------------------------------------------------------------

def normalise_iban(value: str) -> str | None:
    """An IBAN in capitals without spaces ('NL91ABNA0417164300'), its checksum validated."""
    compact = re.sub(r"[\s.-]", "", (value or "")).upper()
    if not compact:
        return None
    try:
        return std_iban.validate(compact)
    except StdnumError:
        return None


# --- websites and advert links -------------------------------------------------------------

# Query parameters that say where a visitor came from, not what page it is.
TRACKING_PARAMETERS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid",
    "_ga", "_gl", "ref", "ref_src", "referrer", "source", "si", "spm", "s_cid", "trk", "cmpid",
})


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name.startswith("utm_") or name in TRACKING_PARAMETERS


def normalise_advert_link(value: str) -> str | None:
    """An advert or profile link: host without 'www.', path without a trailing slash, query sorted
    without tracking parameters, no scheme, port or fragment ('kinky.nl/profiel/123?id=9')."""
    host = normalise_host(value)
    if host is None:
        return None
    text = value.strip()
    parts = urlsplit(text if "://" in text else "//" + text)
    path = re.sub(r"/{2,}", "/", parts.path or "").rstrip("/")
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=False) if not _is_tracking(k))
    link = host + path
    if query:
        link += "?" + urlencode(query)
    return link


# --- addresses ---------------------------------------------------------------------------

_LINE_POSTCODE = re.compile(r"\b([1-9][0-9]{3})\s?([A-Za-z]{2})\b")
_LINE_NUMBER = re.compile(r"\b([0-9]{1,5})(?:\s*[-/ ]?\s*([A-Za-z]{1,2}\b|[0-9]{1,4}\b|hs\b|bis\b))?", re.IGNORECASE)


def normalise_address_line(text: str) -> str | None:
    """A Dutch address typed as one line: 'Hoofdstraat 12-A, 1234 AB Plaats' -> '1234AB-12-a'.

    Reads the postcode anywhere on the line and the house number (with addition) before it;
    a line with only '1234AB 12' also works. None when no postcode and number can be found.
    """
    text = text or ""
    if direct := parse_postcode_house(text):
        return direct
    postcode = _LINE_POSTCODE.search(text)
    if not postcode:
        return None
    before = text[:postcode.start()]
    numbers = list(_LINE_NUMBER.finditer(before))
    if not numbers:
        return None
    number, addition = numbers[-1].group(1), numbers[-1].group(2) or ""
    return normalise_postcode_house(postcode.group(1) + postcode.group(2), number, addition)


# --- one recorded entity -----------------------------------------------------------------

@dataclass(frozen=True, order=True)
class Identifier:
    kind: str
    value: str


@dataclass(frozen=True, order=True)
class Unreadable:
    """A field that was filled in but is not a valid value of its kind: kept as typed, not tokenised."""

    kind: str
    field: str


def _read(found: set, unreadable: set, kind: str, field: str, raw, normaliser) -> None:
    if raw is None or not str(raw).strip():
        return
    value = normaliser(str(raw))
    if value is None:
        unreadable.add(Unreadable(kind, field))
    else:
        found.add(Identifier(kind, value))


def identifiers_of(entity_kind: str, data: dict | None) -> tuple[set[Identifier], set[Unreadable]]:
    """The identifiers of one signal entity (`SignalEntity.kind` and decrypted `data`), and what
    could not be read. Persons are not here: they link through `persons.encode_person`."""
    data = data or {}
    found: set[Identifier] = set()
    unreadable: set[Unreadable] = set()
    if entity_kind == "company":
        _read(found, unreadable, Kind.KVK, "kvk", data.get("kvk"), normalise_kvk)
        _read(found, unreadable, Kind.VESTIGING, "vestiging", data.get("vestiging"), normalise_vestiging)
        _read(found, unreadable, Kind.IBAN, "iban", data.get("iban"), normalise_iban)
    elif entity_kind == "vehicle":
        _read(found, unreadable, Kind.PLATE, "plate", data.get("plate"), normalise_plate)
    elif entity_kind == "phone":
        _read(found, unreadable, Kind.PHONE, "number", data.get("number"), normalise_phone)
    elif entity_kind == "email":
        _read(found, unreadable, Kind.EMAIL, "address", data.get("address"), normalise_email)
    elif entity_kind == "website":
        url = data.get("url")
        _read(found, unreadable, Kind.HOST, "url", url, normalise_host)
        link = normalise_advert_link(url or "") if url else None
        # A bare host is already its HOST identifier; a link with a path or query is one more.
        if link and link != normalise_host(url):
            found.add(Identifier(Kind.LINK, link))
    elif entity_kind == "address":
        if data.get("postcode") or data.get("house_number"):
            value = normalise_postcode_house(data.get("postcode") or "", data.get("house_number"),
                                             data.get("house_number_addition") or "")
            if value is None:
                unreadable.add(Unreadable(Kind.ADDRESS, "postcode"))
            else:
                found.add(Identifier(Kind.ADDRESS, value))
                # With an addition, also without it: '12-a' and '12' are the same building.
                if (bare := normalise_postcode_house(data.get("postcode") or "", data.get("house_number"))) \
                        and bare != value:
                    found.add(Identifier(Kind.ADDRESS, bare))
        elif data.get("street"):
            _read(found, unreadable, Kind.ADDRESS, "street", data.get("street"), normalise_address_line)
    elif entity_kind == "person":
        _read(found, unreadable, Kind.PHONE, "phone", data.get("phone"), normalise_phone)
        _read(found, unreadable, Kind.IBAN, "iban", data.get("iban"), normalise_iban)
    return found, unreadable
