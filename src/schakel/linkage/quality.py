"""Linking two lists of person records with the product's own encoder, blocking and matcher.

Used by `manage.py linkage_quality A.csv B.csv --out pairs.csv` (an installation checks linkage
quality on a labelled sample of its own), by the synthetic evaluation (evaluation.py) and by the
bench. The product links a signal's person the same way: `persons.encode_person` on the name
and date of birth, candidates that share a blocking key (the new record's query keys against
the stored records' emitted keys), Dice similarity against the threshold.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from . import persons

COLUMNS = ("id", "given_name", "surname", "date_of_birth", "street_address", "postcode", "city")


@dataclass(frozen=True)
class PersonRecord:
    id: str
    given_name: str = ""
    surname: str = ""
    date_of_birth: str = ""
    street_address: str = ""
    postcode: str = ""
    city: str = ""

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.surname}".strip()


def read_csv(path) -> list[PersonRecord]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"id"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path}: column 'id' is missing")
        return [PersonRecord(**{column: (row.get(column) or "").strip() for column in COLUMNS}) for row in reader]


@dataclass
class EncodedSet:
    ids: list[str]
    matrix: np.ndarray
    counts: np.ndarray
    emit: dict[str, list[int]]
    query: list[frozenset[str]]


def encode_all(records, secret=None) -> EncodedSet:
    ids, blooms, query = [], [], []
    emit: dict[str, list[int]] = defaultdict(list)
    for record in records:
        encoded = persons.encode_person(record.name, record.date_of_birth, secret)
        if encoded is None:
            continue
        index = len(ids)
        ids.append(record.id)
        blooms.append(encoded.bloom)
        query.append(encoded.query)
        for key in encoded.emit:
            emit[key].append(index)
    matrix = persons.as_matrix(blooms)
    return EncodedSet(ids=ids, matrix=matrix, counts=persons.popcounts(matrix), emit=dict(emit), query=query)


def link(a: EncodedSet, b: EncodedSet, threshold: float) -> tuple[list[tuple[str, str, float]], int]:
    """Pairs (id_a, id_b, similarity) at or above the threshold, and the number of comparisons made."""
    pairs: list[tuple[str, str, float]] = []
    comparisons = 0
    for i, keys in enumerate(a.query):
        candidates = sorted({j for key in keys for j in b.emit.get(key, ())})
        if not candidates:
            continue
        index = np.fromiter(candidates, dtype=np.int64, count=len(candidates))
        comparisons += len(index)
        scores = persons.similarity(a.matrix[i], a.counts[i], b.matrix[index], b.counts[index])
        for j in np.nonzero(scores >= threshold)[0]:
            pairs.append((a.ids[i], b.ids[int(index[j])], round(float(scores[j]), 4)))
    return pairs, comparisons


def link_records(records_a, records_b, threshold: float | None = None, secret=None):
    limit = persons.threshold() if threshold is None else threshold
    return link(encode_all(records_a, secret), encode_all(records_b, secret), limit)


def write_pairs(path, pairs) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id_a", "id_b", "similarity"])
        for id_a, id_b, similarity in pairs:
            writer.writerow([id_a, id_b, f"{similarity:.4f}"])
