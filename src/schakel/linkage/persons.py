"""Privacy-preserving person encodings: keyed Bloom filters of name and date-of-birth q-grams.

A person becomes a 1024-bit filter: each name part contributes its letter bigrams twice, as
typed (folded) and in a rough phonetic form ('Muhammad' and 'Mohammed' share most), and the
date of birth contributes its year, its day and month as an unordered pair (a swapped day and
month still agree) and the day and month on their own. Each q-gram sets K bits chosen by an
HMAC under the linkage secret, so the filter cannot be rebuilt from a name list without it.
Two filters are compared with the Dice coefficient (numpy popcounts over blocks).

Blocking keys (also keyed) choose the candidates: the date of birth, and the first letters of
each phonetic name part together with the year or with the day/month pair; persons without a
date of birth meet others on the name letters alone. See docs/decisions/0076-linkage-design.md.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from schakel.signalling.normalise import TUSSENVOEGSELS, strip_diacritics

from . import secrets as linkage_secrets

NAME_BITS = 1024  # the name's filter, then the date of birth's, in one bit string
DOB_BITS = 256
BITS = NAME_BITS + DOB_BITS
WORDS = BITS // 64
NAME_WORDS = NAME_BITS // 64
BYTES = BITS // 8
K_NAME = 8
K_DOB = 24
K_YEAR = 8
# Without a date of birth on both sides only the name can speak: it must be this much closer.
NAME_ONLY_FACTOR = 0.85
NAME_WEIGHT = 0.55
# Two dates of birth that agree less than this (not the same, not swapped, not a year one off)
# say "probably not the same person": the weighted score is scaled down by DOB_DISAGREE_FACTOR.
DOB_FLOOR = 0.7
DOB_DISAGREE_FACTOR = 0.85
# A name that lies inside the other (a given name left out) scores this times its overlap, when
# the dates of birth are the same or only swapped (Dice >= DOB_SAME).
PART_OF_FACTOR = 0.8
DOB_SAME = 0.8

_SPLIT = re.compile(r"[\W_0-9]+")
# Particles that are often written fused with the surname ('Vandenberg', 'Terhorst').
_FUSED_PARTICLES = ("vanden", "vander", "vande", "van", "ter", "ten", "von", "della", "del", "dos", "da")
_PHONETIC = [
    ("sch", "s"), ("sz", "s"), ("cz", "c"), ("ph", "f"), ("ck", "k"), ("kh", "k"), ("th", "t"), ("dt", "t"),
    ("ou", "u"), ("oe", "u"), ("ie", "i"), ("ei", "y"), ("ey", "y"), ("ai", "y"), ("ay", "y"),
    ("x", "ks"), ("q", "k"), ("c", "k"), ("w", "v"), ("z", "s"), ("j", "y"),
]
_VOWELS = str.maketrans({"e": "a", "o": "a", "u": "a", "i": "y"})


def name_parts(name: str) -> list[str]:
    """Folded name parts without particles: 'Jan van der Bijl' -> ['jan', 'byl']."""
    text = strip_diacritics(name or "").replace("ij", "y")
    parts = []
    for part in _SPLIT.split(text):
        if not part or part in TUSSENVOEGSELS:
            continue
        for particle in _FUSED_PARTICLES:
            if part.startswith(particle) and len(part) - len(particle) >= 4:
                part = part[len(particle):]
                break
        parts.append(part)
    return parts


def phonetic(part: str) -> str:
    """A rough phonetic key: common spellings of one sound made equal, 'h' after a letter and
    doubled letters dropped, vowels collapsed ('mohammed', 'muhammad' -> 'maamad' -> 'mamad')."""
    text = part
    for old, new in _PHONETIC:
        text = text.replace(old, new)
    if len(text) > 1:
        text = text[0] + text[1:].replace("h", "")
    text = text.translate(_VOWELS)
    text = re.sub(r"(.)\1+", r"\1", text)
    return text


def _bigrams(word: str) -> list[str]:
    padded = f"_{word}_"
    return [padded[i:i + 2] for i in range(len(padded) - 1)]


def parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class PersonFeatures:
    grams: tuple[tuple[str, int, bool], ...]  # (q-gram, number of bits it sets, whether a date-of-birth gram)
    emit_keys: frozenset[str]
    query_keys: frozenset[str]
    exact_keys: frozenset[str]


def features(name: str, date_of_birth=None) -> PersonFeatures | None:
    """What a person contributes to its filter, its blocking keys and its exact keys (plaintext, in memory)."""
    parts = name_parts(name)
    if not parts:
        return None
    dob = parse_date(date_of_birth)
    if dob is None and len(set(parts)) < 2:
        return None  # a first name alone ('Anna') would link to every other Anna
    grams: list[tuple[str, int, bool]] = []
    for part in sorted(set(parts)):
        grams += [(f"n:{g}", K_NAME, False) for g in _bigrams(part)]
        grams += [(f"p:{g}", K_NAME, False) for g in _bigrams(phonetic(part))]
    prefixes = sorted({phonetic(part)[:3] for part in parts if len(part) >= 2})
    emit, query, exact = set(), set(), set()
    for prefix in prefixes:
        emit.add(f"PA:{prefix}")
    if dob:
        pair = "-".join(sorted((f"{dob.day:02d}", f"{dob.month:02d}")))
        # The year, and the year with each neighbour (a year typed one off still shares one pair).
        grams += [(f"y:{dob.year}", K_YEAR, True), (f"yp:{dob.year - 1}", K_YEAR // 2, True),
                  (f"yp:{dob.year}", K_YEAR // 2, True), (f"dm:{pair}", K_DOB, True),
                  (f"d:{dob.day}", K_DOB // 6, True), (f"m:{dob.month}", K_DOB // 6, True)]
        emit.add(f"D:{dob.year}:{pair}")
        query.add(f"D:{dob.year}:{pair}")
        for prefix in prefixes:
            emit |= {f"PY:{prefix}:{dob.year}", f"PM:{prefix}:{pair}"}
            query |= {f"PY:{prefix}:{dob.year}", f"PM:{prefix}:{pair}", f"PN:{prefix}"}
        full = " ".join(sorted(phonetic(part) for part in parts))
        exact.add(f"{full}|{dob.year}|{pair}")
    else:
        for prefix in prefixes:
            emit.add(f"PN:{prefix}")
            query.add(f"PA:{prefix}")
    return PersonFeatures(grams=tuple(grams), emit_keys=frozenset(emit), query_keys=frozenset(query),
                          exact_keys=frozenset(exact))


@lru_cache(maxsize=4)
def _keys(secret: linkage_secrets.Secret) -> tuple[bytes, bytes]:
    return linkage_secrets.subkey(secret, "bloom"), linkage_secrets.subkey(secret, "block")


@lru_cache(maxsize=200_000)
def _positions(bloom_key: bytes, gram: str, k: int, dob: bool) -> tuple[int, ...]:
    digest = hmac.new(bloom_key, gram.encode("utf-8"), hashlib.sha256).digest()
    h1 = int.from_bytes(digest[:8], "little")
    h2 = int.from_bytes(digest[8:16], "little") | 1
    if dob:
        return tuple(NAME_BITS + (h1 + i * h2) % DOB_BITS for i in range(k))
    return tuple((h1 + i * h2) % NAME_BITS for i in range(k))


def bloom(feats: PersonFeatures, secret: linkage_secrets.Secret | None = None) -> bytes:
    bloom_key, _ = _keys(secret or linkage_secrets.current())
    bits = np.zeros(BITS, dtype=np.uint8)
    for gram, k, dob in feats.grams:
        bits[list(_positions(bloom_key, gram, k, dob))] = 1
    return np.packbits(bits, bitorder="little").tobytes()


def keyed(keys, secret: linkage_secrets.Secret | None = None) -> set[str]:
    """Blocking or exact keys as keyed tokens (what is stored or compared)."""
    _, block_key = _keys(secret or linkage_secrets.current())
    return {hmac.new(block_key, key.encode("utf-8"), hashlib.sha256).hexdigest()[:32] for key in keys}


@dataclass(frozen=True)
class Encoded:
    bloom: bytes
    emit: frozenset[str]
    query: frozenset[str]


def encode_person(name: str, date_of_birth=None, secret: linkage_secrets.Secret | None = None) -> Encoded | None:
    feats = features(name, date_of_birth)
    if feats is None:
        return None
    secret = secret or linkage_secrets.current()
    return Encoded(bloom=bloom(feats, secret), emit=frozenset(keyed(feats.emit_keys, secret)),
                   query=frozenset(keyed(feats.query_keys, secret)))


# --- comparison --------------------------------------------------------------------------

def as_matrix(blooms) -> np.ndarray:
    """Filters as an (n, WORDS) uint64 matrix (one row per filter)."""
    if not blooms:
        return np.zeros((0, WORDS), dtype=np.uint64)
    return np.frombuffer(b"".join(bytes(b) for b in blooms), dtype=np.uint64).reshape(-1, WORDS)


def popcounts(matrix: np.ndarray) -> np.ndarray:
    """Bits set per row, as (n, 2): the name's part and the date of birth's."""
    counts = np.bitwise_count(matrix)
    return np.stack([counts[:, :NAME_WORDS].sum(axis=1, dtype=np.int32),
                     counts[:, NAME_WORDS:].sum(axis=1, dtype=np.int32)], axis=1)


_LOW_BYTES = np.uint64(0x00FF00FF00FF00FF)
_ADD_LANES = np.uint64(0x0001000100010001)
_EIGHT, _FORTY_EIGHT = np.uint64(8), np.uint64(48)
CHUNK = 2048  # rows per pass: the temporaries stay in the processor's cache


def _chunk_scores(row, row_counts, block, block_counts, anded, counts) -> np.ndarray:
    size = len(block)
    np.bitwise_and(block, row, out=anded[:size])
    np.bitwise_count(anded[:size], out=counts[:size, :WORDS])
    lanes = counts[:size].view(np.uint64)
    pairs = (lanes & _LOW_BYTES) + ((lanes >> _EIGHT) & _LOW_BYTES)
    sums = ((pairs * _ADD_LANES) >> _FORTY_EIGHT).astype(np.float32)
    totals = (block_counts + row_counts).astype(np.float32)
    name = 2.0 * (sums[:, 0] + sums[:, 1]) / np.maximum(totals[:, 0], 1)
    if row_counts[1] == 0:  # no date of birth on this side: the names alone
        return NAME_ONLY_FACTOR * name
    dob = 2.0 * sums[:, 2] / np.maximum(totals[:, 1], 1)
    # One name inside the other ('Popa' and 'Adrian Popa') counts as close when the dates agree.
    smaller = np.maximum(np.minimum(block_counts[:, 0], row_counts[0]), 1).astype(np.float32)
    inside = PART_OF_FACTOR * (sums[:, 0] + sums[:, 1]) / smaller
    name = np.where(dob >= DOB_SAME, np.maximum(name, inside), name)
    weighted = NAME_WEIGHT * name + (1 - NAME_WEIGHT) * dob
    weighted *= np.where(dob < DOB_FLOOR, np.float32(DOB_DISAGREE_FACTOR), np.float32(1))
    return np.where(block_counts[:, 1] > 0, weighted, NAME_ONLY_FACTOR * name)


def similarity(row: np.ndarray, row_counts: np.ndarray, many: np.ndarray, many_counts: np.ndarray) -> np.ndarray:
    """The similarity of one encoded person with many: Dice of the names and of the dates of birth,
    weighted, scaled down when the dates disagree; where either side has no date of birth, the
    names' Dice times NAME_ONLY_FACTOR.

    Bits in common are counted per 64-bit word (at most 64, one byte each) and the bytes summed
    eight at a time inside 64-bit integers (added pairwise into 16-bit lanes, then the lanes by a
    multiplication), in blocks of CHUNK rows that stay in the processor's cache: several times
    faster in numpy than summing a byte array along its rows.
    """
    n = len(many)
    scores = np.empty(n, dtype=np.float32)
    anded = np.empty((min(n, CHUNK), WORDS), dtype=np.uint64)
    counts = np.zeros((min(n, CHUNK), 24), dtype=np.uint8)  # 20 words, padded to three 64-bit lanes
    for start in range(0, n, CHUNK):
        stop = start + CHUNK
        scores[start:stop] = _chunk_scores(row, row_counts, many[start:stop], many_counts[start:stop], anded, counts)
    return scores


def dice(one: bytes, many: np.ndarray, many_counts: np.ndarray | None = None) -> np.ndarray:
    """The similarity of one filter with each row of a matrix (see `similarity`)."""
    row = as_matrix([one])
    counts = popcounts(many) if many_counts is None else many_counts
    return similarity(row[0], popcounts(row)[0], many, counts)


def threshold() -> float:
    from django.conf import settings

    return settings.LINKAGE_PERSON_THRESHOLD_PERCENT / 100.0


def band_of(similarity: float, limit: float | None = None) -> str:
    from .models import Band

    limit = threshold() if limit is None else limit
    return Band.HIGH if similarity >= limit + (1 - limit) / 2 else Band.PROBABLE
