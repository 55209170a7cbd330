"""The inbox search: a reference, an identifier, or words (split from selectors.py).

Nothing is searched in plaintext: each term becomes a keyed blind index looked up in
`SearchToken`. A word also matches a name part, and (four letters or more) a name with one
typo: intake indexes each name part with every variant that leaves one letter out
(`normalise.name_variants`), the query does the same, and two names one edit apart share a
variant. Works the same on SQLite and PostgreSQL (no trigram extension).
"""

from __future__ import annotations

import re

from django.db import models
from django.db.models import Q

from schakel.privacy.crypto import blind_index

from .models import SearchToken
from .normalise import SearchTerm, classify_query, name_variants, normalise_name

# A reference as people type it: with its dash ('2026-41', '2026-000041'), or the ten digits of
# year and number run together ('2026000041'). Eight digits are a KvK number, a phone number
# starts with 0 or +: neither is read as a reference.
REFERENCE_PATTERN = re.compile(r"^\s*(?:([0-9]{4})\s*-\s*([0-9]{1,6})|((?:19|20)[0-9]{2})([0-9]{6}))\s*$")


def parse_reference(query: str) -> str | None:
    """'2026-000041' for a query that is a signal reference, else None."""
    match = REFERENCE_PATTERN.match(query or "")
    if not match:
        return None
    year, number = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    return f"{year}-{int(number):06d}"


def _term_condition(term: SearchTerm) -> Q:
    condition = Q(kind=term.kind, token=blind_index(term.kind, term.value))
    if term.kind == "word" and (name := normalise_name(term.value)):
        # Lists rather than (word AND x) OR (name AND y): one index range, read from the index
        # alone. Equivalent, because the kind is part of every token's HMAC input: a word token
        # never equals a name token.
        condition = Q(kind__in=["word", "name"],
                      token__in=[blind_index("word", term.value), blind_index("name", name)])
        if variants := name_variants(name):
            condition |= Q(kind="name_fuzzy", token__in=sorted(blind_index("name_fuzzy", v) for v in variants))
    return condition


def search_signal_ids(terms: list[SearchTerm], municipalities=None):
    """A subquery of signal ids matching every term (AND); a word also matches a name part.

    With `municipalities`, only tokens of signals of those municipalities: the index
    (kind, token, municipality, signal) then answers the look-up on its own, however common
    the word is nationally.
    """
    within = Q() if municipalities is None else Q(municipality_id__in=sorted(municipalities))
    ids = None
    for term in terms:
        matching = SearchToken.objects.filter(_term_condition(term), within).values("signal_id")
        ids = matching if ids is None else ids.filter(signal_id__in=matching)
    return ids


def search(queryset, query: str, *, municipalities=None) -> tuple[models.QuerySet, list[SearchTerm]]:
    """Narrow `queryset` by a search-box entry: a reference, an identifier, or words (all must match).

    `municipalities` (the user's) narrows the token look-up too; `queryset` stays the tenancy
    boundary either way.
    """
    reference = parse_reference(query)
    if reference:
        return queryset.filter(reference=reference), [SearchTerm("reference", reference)]
    terms = classify_query(query)
    if not terms:
        return queryset.none(), []
    return queryset.filter(pk__in=search_signal_ids(terms, municipalities)), terms
