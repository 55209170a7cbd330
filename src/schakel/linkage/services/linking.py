"""Linking a batch of signals at once: the same steps as one signal, with a fixed number of queries.

`link_batch(signal_ids)` re-tokenises the signals' entities, looks their tokens and person
blocking keys up against every other signal, and stores the new matches, in about a dozen
queries whatever the batch size: one read of the entities, three deletes, four bulk inserts,
one look-up of shared tokens, two of person candidates, one of the pairs already known, one bulk
insert of matches. `rebuild_linkage` runs it per batch of 200; `link_signal` is a batch of one.
"""

from __future__ import annotations

from collections import defaultdict

from schakel.signalling.models import Signal, SignalEntity

from .. import persons
from .. import secrets as linkage_secrets
from ..models import Band, BlockKey, LinkKind, LinkToken, Match, PersonEncoding, UnreadableField
from .indexing import _entity_rows


def _index(signals: dict[int, Signal], secret) -> tuple[list[LinkToken], list[tuple[PersonEncoding, frozenset]]]:
    ids = list(signals)
    entities = list(SignalEntity.objects.filter(signal_id__in=ids).only("id", "signal_id", "kind", "data")
                    .order_by("pk"))
    LinkToken.objects.filter(signal_id__in=ids).delete()
    UnreadableField.objects.filter(signal_id__in=ids).delete()
    PersonEncoding.objects.filter(signal_id__in=ids).delete()
    tokens, notes, encodings = [], [], []
    for entity in entities:
        entity_tokens, entity_notes, encoded = _entity_rows(entity, signals[entity.signal_id], secret)
        tokens += entity_tokens
        notes += entity_notes
        if encoded is not None:
            encoding = PersonEncoding(entity_id=entity.pk, signal_id=entity.signal_id,
                                      municipality_id=signals[entity.signal_id].municipality_id,
                                      bloom=encoded.bloom, key_id=secret.key_id)
            encodings.append((encoding, encoded))
    LinkToken.objects.bulk_create(tokens)
    UnreadableField.objects.bulk_create(notes)
    PersonEncoding.objects.bulk_create([encoding for encoding, _ in encodings])
    if encodings and encodings[0][0].pk is None:  # a backend that does not return keys from bulk inserts
        by_entity = dict(PersonEncoding.objects.filter(signal_id__in=ids).values_list("entity_id", "pk"))
        for encoding, _ in encodings:
            encoding.pk = encoding.id = by_entity[encoding.entity_id]
    BlockKey.objects.bulk_create([BlockKey(encoding_id=encoding.pk, token=key)
                                  for encoding, encoded in encodings for key in sorted(encoded.emit)])
    return tokens, [(encoding, encoded.query) for encoding, encoded in encodings]


def _exact_pairs(tokens: list[LinkToken]) -> set[tuple[str, int, int]]:
    mine: dict[tuple[str, str], list[LinkToken]] = defaultdict(list)
    for row in tokens:
        mine[(row.kind, row.token)].append(row)
    if not mine:
        return set()
    pairs = set()
    others = (LinkToken.objects.filter(token__in=sorted({t for _, t in mine}))
              .values_list("kind", "token", "entity_id", "signal_id"))
    for kind, token, entity_id, signal_id in others:
        for row in mine.get((kind, token), ()):
            if row.signal_id != signal_id:
                pairs.add((kind, *sorted((row.entity_id, entity_id))))
    return pairs


def _person_pairs(encodings, limit: float) -> dict[tuple[int, int], float]:
    if not encodings:
        return {}
    wanted = sorted({key for _, query in encodings for key in query})
    holders: dict[str, list[int]] = defaultdict(list)
    for encoding_id, token in BlockKey.objects.filter(token__in=wanted).values_list("encoding_id", "token"):
        holders[token].append(encoding_id)
    candidate_ids = sorted({e for ids in holders.values() for e in ids})
    rows = list(PersonEncoding.objects.filter(pk__in=candidate_ids).values_list("pk", "entity_id", "signal_id",
                                                                                "bloom"))
    if not rows:
        return {}
    position = {pk: i for i, (pk, _, _, _) in enumerate(rows)}
    matrix = persons.as_matrix([bytes(bloom) for _, _, _, bloom in rows])
    counts = persons.popcounts(matrix)
    pairs: dict[tuple[int, int], float] = {}
    for encoding, query in encodings:
        index = sorted({position[e] for key in query for e in holders.get(key, ()) if e in position})
        index = [i for i in index if rows[i][2] != encoding.signal_id]
        if not index:
            continue
        row = persons.as_matrix([bytes(encoding.bloom)])
        scores = persons.similarity(row[0], persons.popcounts(row)[0], matrix[index], counts[index])
        for i, score in zip(index, scores):
            if score >= limit:
                key = tuple(sorted((encoding.entity_id, rows[i][1])))
                pairs[key] = max(pairs.get(key, 0.0), float(score))
    return pairs


def link_batch(signal_ids, *, moment, secret=None) -> list[Match]:
    """Re-tokenise the signals and store the new matches they give (call inside a transaction)."""
    secret = secret or linkage_secrets.current()
    signals = {s.pk: s for s in Signal.objects.filter(pk__in=list(signal_ids)).only("id", "municipality_id",
                                                                                     "region_id")}
    if not signals:
        return []
    tokens, encodings = _index(signals, secret)
    wanted = {(kind, a, b): Band.EXACT for kind, a, b in _exact_pairs(tokens)}
    for (a, b), score in _person_pairs(encodings, persons.threshold()).items():
        wanted[(LinkKind.PERSON, a, b)] = persons.band_of(score)
    if not wanted:
        return []
    entity_ids = {e for _, a, b in wanted for e in (a, b)}
    known = set(Match.objects.filter(entity_a_id__in=entity_ids).values_list("kind", "entity_a_id", "entity_b_id"))
    new = {key: band for key, band in wanted.items() if key not in known}
    if not new:
        return []
    entities = {e.pk: e for e in SignalEntity.objects.filter(pk__in={e for _, a, b in new for e in (a, b)})
                .select_related("signal").only("id", "signal_id", "signal__municipality_id", "signal__region_id")}
    matches = []
    for (kind, a, b), band in sorted(new.items()):
        one, two = entities[a], entities[b]
        matches.append(Match(kind=kind, band=band, entity_a_id=a, entity_b_id=b, signal_a_id=one.signal_id,
                             signal_b_id=two.signal_id, municipality_a_id=one.signal.municipality_id,
                             municipality_b_id=two.signal.municipality_id, region_a_id=one.signal.region_id,
                             region_b_id=two.signal.region_id, found_at=moment))
    Match.objects.bulk_create(matches, ignore_conflicts=True)
    stored = Match.objects.filter(entity_a_id__in={a for _, a, _ in new}, found_at=moment)
    return [match for match in stored if (match.kind, match.entity_a_id, match.entity_b_id) in new]
