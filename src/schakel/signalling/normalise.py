"""Canonical forms of identifiers and words, so equal things give equal search tokens.

Pure functions, no ORM. Intake turns each canonical value into a `SearchToken` with
`privacy.crypto.blind_index(kind, value)`; search does the same with the query, so nothing is
ever searched in plaintext. Every normaliser is idempotent (normalising a canonical form
returns it unchanged) and returns None for input that is not a valid value of its kind.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

import phonenumbers
from stdnum.nl import postcode as nl_postcode

# Letters that Unicode decomposition leaves whole: map them by hand (Polish ł, Danish ø, ...).
_LETTERS = str.maketrans({
    "ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
})


def _fold_once(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().translate(_LETTERS)


def strip_diacritics(text: str) -> str:
    """Lower case without accents; compatibility forms folded ('ﬁ' -> 'fi', '𝓐' -> 'a')."""
    folded = _fold_once(text)
    # Case folding can expose new compatibility characters and decomposition new capitals.
    for _ in range(3):
        again = _fold_once(folded)
        if again == folded:
            break
        folded = again
    return folded


# --- phone numbers -----------------------------------------------------------------------

def normalise_phone(value: str, *, default_region: str = "NL") -> str | None:
    """E.164 (+31612345678); a number without country code is read as Dutch."""
    if not value or not value.strip():
        return None
    try:
        number = phonenumbers.parse(value, default_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# --- addresses ---------------------------------------------------------------------------

def normalise_postcode(value: str) -> str | None:
    """A Dutch postcode as '1234AB'; None when it is not one."""
    if not value:
        return None
    compact = re.sub(r"[\s-]", "", value).upper()
    if not re.fullmatch(r"[1-9][0-9]{3}[A-Z]{2}", compact):
        return None
    try:
        nl_postcode.validate(compact)
    except Exception:  # stdnum raises its own ValidationError subclasses
        return None
    return compact


def normalise_postcode_house(postcode: str, number, addition: str = "") -> str | None:
    """'1234AB-12-a' (postcode, house number, lower-cased addition) or '1234AB-12' without one."""
    code = normalise_postcode(postcode)
    if code is None:
        return None
    digits = str(number if number is not None else "").strip()
    if not re.fullmatch(r"[0-9]{1,5}", digits) or int(digits) == 0:
        return None
    extra = re.sub(r"[^0-9a-z]", "", strip_diacritics(addition or ""))
    if len(extra) > 6:
        return None
    base = f"{code}-{int(digits)}"
    return f"{base}-{extra}" if extra else base


_ADDRESS = re.compile(
    r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})[\s,.-]*([0-9]{1,5})(?:[\s-]*([A-Za-z0-9]{1,6}))?\s*$")


def parse_postcode_house(text: str) -> str | None:
    """Read '1234 ab 12', '1234AB, 12-A' or '1234AB12a' as one canonical address token."""
    match = _ADDRESS.match(text or "")
    if not match:
        return None
    code, letters, number, addition = match.groups()
    return normalise_postcode_house(code + letters, number, addition or "")


# --- vehicles, companies, e-mail, websites -------------------------------------------------

def normalise_plate(value: str) -> str | None:
    """A licence plate in capitals without dashes or spaces ('AB123C'); Dutch and foreign."""
    compact = re.sub(r"[^0-9A-Z]", "", strip_diacritics(value or "").upper())
    if not 2 <= len(compact) <= 10:
        return None
    return compact


def normalise_kvk(value: str) -> str | None:
    """A Chamber of Commerce (KvK) number: exactly eight digits ('12345678')."""
    compact = re.sub(r"[\s.-]", "", value or "")
    return compact if re.fullmatch(r"[0-9]{8}", compact) else None


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def normalise_email(value: str) -> str | None:
    text = (value or "").strip().lower()
    if text.startswith("mailto:"):
        text = text[len("mailto:"):].strip()
    return text if _EMAIL.fullmatch(text) else None


_HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


def normalise_host(url_or_host: str) -> str | None:
    """The lower-cased host of a URL or host name, without 'www.', scheme, port or path."""
    text = (url_or_host or "").strip()
    if not text or " " in text:
        return None
    if "://" not in text:
        text = "//" + text
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return None
    host = host.rstrip(".").lower()
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    while host.startswith("www."):
        host = host[4:]
    labels = host.split(".")
    if len(labels) < 2 or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        return None
    if not re.fullmatch(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}", labels[-1]):  # no IP addresses, real TLDs only
        return None
    return host


# --- words and names ---------------------------------------------------------------------

# Function words that would match nearly every signal; Dutch first, plus the most common
# English ones (the public form is also filled in in English).
STOPWORDS = frozenset("""
aan alle als ben bij dan dat deze die dit doen door dus een eens geen haar had heb hebben
heeft hem het hier hij hoe hun iemand iets jij jou jullie kan kon maar meer men met mij
mijn naar niet niets nog omdat ons onze ook over tot uit van veel voor waar want was wat
wel werd wij wordt worden zal zei zelf zich zij zijn zou zeer toen daar
and are but for from had has have her his not that the their them they this was were
what when where which who will with you your
""".split())

MIN_WORD_LENGTH = 3
_WORD_SPLIT = re.compile(r"[\W_]+")  # Unicode-aware: Cyrillic and Latin words alike


def text_words(text: str) -> set[str]:
    """The searchable words of a text: lower case, no diacritics, three letters or more, no stopwords."""
    words = _WORD_SPLIT.split(strip_diacritics(text or ""))
    return {w for w in words if len(w) >= MIN_WORD_LENGTH and w not in STOPWORDS}


# Dutch (and a few neighbouring) name particles: 'Van der Berg', 'de Vries', 'ten Brink'.
TUSSENVOEGSELS = frozenset("""
van de der den ten ter te het t in op onder uit aan bij over voor vd v d da das dos di du
del della des la le lo von vom zu zum zur am auf l
""".split())


def _name_parts(name: str) -> list[str]:
    text = strip_diacritics(name or "")
    text = text.replace("ij", "y")
    return [part for part in _WORD_SPLIT.split(text) if part and part not in TUSSENVOEGSELS]


def normalise_name(name: str) -> str | None:
    """A name as sorted parts without particles or diacritics, 'ij' read as 'y'.

    'Piet van der Bijl', 'Bijl, Piet' and 'piet byl' all give 'byl piet'; None when nothing is left.
    """
    parts = _name_parts(name)
    return " ".join(sorted(parts)) if parts else None


def name_tokens(name: str) -> set[str]:
    """What to index for a name: the whole normalised name and each part of two letters or more."""
    full = normalise_name(name)
    if full is None:
        return set()
    return {full} | {part for part in full.split(" ") if len(part) >= 2}


# Name parts this long or longer are also indexed with one letter left out (typo tolerance).
FUZZY_MIN_LENGTH = 4


def name_variants(name: str) -> set[str]:
    """Each part of a normalised name of four letters or more, and each variant with one letter left out.

    Two parts one edit apart (a letter changed, added or left out) share a variant: 'jansen' and
    'jansn', 'janssen' and 'jansen', 'jansen' and 'janzen' ('jansn'/'janen', ...). Indexed as
    "name_fuzzy" tokens and looked up the same way.
    """
    variants: set[str] = set()
    for part in (normalise_name(name) or "").split(" "):
        if len(part) < FUZZY_MIN_LENGTH:
            continue
        variants.add(part)
        variants |= {part[:i] + part[i + 1:] for i in range(len(part))}
    return variants


# --- what a search query is --------------------------------------------------------------

@dataclass(frozen=True)
class SearchTerm:
    """One canonical value to look up, with the token kind it is stored under."""

    kind: str
    value: str


_DUTCH_PLATE_SHAPE = re.compile(r"^[0-9A-Z]{1,3}(?:-[0-9A-Z]{1,3}){1,2}$|^[0-9A-Z]{6}$")
_PHONE_SHAPE = re.compile(r"^\+?[0-9][0-9 ()./-]{7,}$")


def classify_query(query: str) -> list[SearchTerm]:
    """Read a search box entry as one identifier when it looks like one, else as words (AND).

    Kinds match `signalling.models.TokenKind`: email, postcode_house, kvk, phone, plate, host,
    and word for everything else.
    """
    text = (query or "").strip()
    if not text:
        return []
    if "@" in text and (email := normalise_email(text)):
        return [SearchTerm("email", email)]
    if address := parse_postcode_house(text):
        return [SearchTerm("postcode_house", address)]
    if kvk := normalise_kvk(text):
        return [SearchTerm("kvk", kvk)]
    if _PHONE_SHAPE.match(text) and (phone := normalise_phone(text)):
        return [SearchTerm("phone", phone)]
    upper = text.upper().replace(" ", "-")
    if (_DUTCH_PLATE_SHAPE.match(upper) and re.search(r"[0-9]", upper) and re.search(r"[A-Z]", upper)
            and not normalise_postcode(upper)):
        plate = normalise_plate(upper)
        if plate:
            return [SearchTerm("plate", plate)]
    if (" " not in text and "." in text) and (host := normalise_host(text)):
        return [SearchTerm("host", host)]
    return [SearchTerm("word", word) for word in sorted(text_words(text))]


# --- what to index for a recorded entity ---------------------------------------------------

def address_terms(postcode: str, house_number, addition: str = "") -> set[SearchTerm]:
    """An address with an addition is indexed with and without it, so '1234AB 12' finds '12-a'."""
    terms = set()
    for extra in {addition or "", ""}:
        if value := normalise_postcode_house(postcode, house_number, extra):
            terms.add(SearchTerm("postcode_house", value))
    return terms


def entity_terms(kind: str, data: dict | None) -> set[SearchTerm]:
    """The search terms of one `SignalEntity` (its `kind` and decrypted `data`, as in the model)."""
    data = data or {}
    terms: set[SearchTerm] = set()
    if kind in ("person", "company"):
        terms |= {SearchTerm("name", token) for token in name_tokens(data.get("name") or "")}
        terms |= {SearchTerm("name_fuzzy", variant) for variant in name_variants(data.get("name") or "")}
    if kind == "company" and (kvk := normalise_kvk(data.get("kvk") or "")):
        terms.add(SearchTerm("kvk", kvk))
    if kind == "vehicle" and (plate := normalise_plate(data.get("plate") or "")):
        terms.add(SearchTerm("plate", plate))
    if kind == "phone" and (phone := normalise_phone(data.get("number") or "")):
        terms.add(SearchTerm("phone", phone))
    if kind == "email" and (email := normalise_email(data.get("address") or "")):
        terms.add(SearchTerm("email", email))
    if kind == "website" and (host := normalise_host(data.get("url") or "")):
        terms.add(SearchTerm("host", host))
    if kind == "address":
        terms |= address_terms(data.get("postcode") or "", data.get("house_number"),
                               data.get("house_number_addition") or "")
    return terms


def text_terms(text: str) -> set[SearchTerm]:
    return {SearchTerm("word", word) for word in text_words(text)}
