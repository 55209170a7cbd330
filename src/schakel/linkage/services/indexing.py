"""Tokenising a signal's entities and finding the matches they give (the only writer of tokens).

`link_signal(signal_id)` is the one use case: it replaces the tokens, person encodings and
unreadable-field notes of every entity of the signal with fresh ones under the current linkage
secret, then looks each entity up against every other signal's and stores a `Match` per new
pair. A pair once marked as a false match is never stored or shown again. Reading entity data
(decrypting it) happens here and nowhere else in linkage; nothing decrypted is stored.
"""

from __future__ import annotations

import logging

from django.db import transaction

from schakel.clock import now as clock_now
from schakel.privacy.audit import record_access
from schakel.signalling.models import Signal, SignalEntity

from .. import normalise, persons
from .. import secrets as linkage_secrets
from ..models import Band, BlockKey, LinkKind, LinkToken, Match, PersonEncoding, UnreadableField

logger = logging.getLogger(__name__)


def _entity_rows(entity: SignalEntity, signal: Signal, secret):
    found, unreadable = normalise.identifiers_of(entity.kind, entity.data)
    tokens = [LinkToken(entity_id=entity.pk, signal_id=signal.pk, municipality_id=signal.municipality_id,
                        kind=ident.kind, token=linkage_secrets.token(ident.kind, ident.value, secret),
                        key_id=secret.key_id) for ident in sorted(found)]
    notes = [UnreadableField(entity_id=entity.pk, signal_id=signal.pk, kind=u.kind, field=u.field)
             for u in sorted(unreadable)]
    encoded = None
    if entity.kind == "person":
        data = entity.data or {}
        encoded = persons.encode_person(data.get("name") or "", data.get("date_of_birth"), secret)
    return tokens, notes, encoded


def index_signal(signal: Signal, secret=None) -> list[PersonEncoding]:
    """Replace the signal's linkage rows; returns its person encodings with their look-up keys."""
    secret = secret or linkage_secrets.current()
    entities = list(SignalEntity.objects.filter(signal=signal).order_by("pk"))
    encodings = []
    LinkToken.objects.filter(signal=signal).delete()
    UnreadableField.objects.filter(signal=signal).delete()
    PersonEncoding.objects.filter(signal=signal).delete()
    all_tokens, all_notes, blocks = [], [], []
    for entity in entities:
        tokens, notes, encoded = _entity_rows(entity, signal, secret)
        all_tokens += tokens
        all_notes += notes
        if encoded is not None:
            encoding = PersonEncoding.objects.create(entity_id=entity.pk, signal_id=signal.pk,
                                                     municipality_id=signal.municipality_id,
                                                     bloom=encoded.bloom, key_id=secret.key_id)
            blocks += [BlockKey(encoding=encoding, token=key) for key in sorted(encoded.emit)]
            encoding.query_keys = encoded.query  # kept in memory for the look-up
            encodings.append(encoding)
    LinkToken.objects.bulk_create(all_tokens)
    UnreadableField.objects.bulk_create(all_notes)
    BlockKey.objects.bulk_create(blocks)
    return encodings


def exact_candidates(signal: Signal) -> list[tuple[str, int, int]]:
    """(kind, own entity id, other entity id) for every token the signal shares with another signal."""
    own = LinkToken.objects.filter(signal=signal)
    pairs = (LinkToken.objects.filter(kind__in=own.values("kind"), token__in=own.values("token"))
             .exclude(signal=signal).values_list("kind", "token", "entity_id"))
    own_by_token: dict[tuple[str, str], list[int]] = {}
    for kind, token, entity_id in own.values_list("kind", "token", "entity_id"):
        own_by_token.setdefault((kind, token), []).append(entity_id)
    found = []
    for kind, token, other in pairs:
        for mine in own_by_token.get((kind, token), []):
            found.append((kind, mine, other))
    return found


def person_candidates(signal: Signal, encodings: list[PersonEncoding],
                      limit: float | None = None) -> list[tuple[int, int, float]]:
    """(own entity id, other entity id, similarity) for persons whose encodings pass the threshold."""
    limit = persons.threshold() if limit is None else limit
    found = []
    for encoding in encodings:
        query = encoding.query_keys
        candidates = list(PersonEncoding.objects
                          .filter(blocks__token__in=sorted(query)).exclude(signal=signal)
                          .distinct().values_list("entity_id", "bloom"))
        if not candidates:
            continue
        matrix = persons.as_matrix([bloom for _, bloom in candidates])
        scores = persons.dice(bytes(encoding.bloom), matrix)
        for (other, _), score in zip(candidates, scores):
            if score >= limit:
                found.append((encoding.entity_id, other, float(score)))
    return found


def _store_match(kind: str, band: str, mine: int, other: int, entities: dict, moment) -> Match | None:
    a, b = sorted((mine, other))
    existing = Match.objects.filter(entity_a_id=a, entity_b_id=b, kind=kind).first()
    if existing is not None:
        return None
    one, two = entities[a], entities[b]
    return Match.objects.create(
        kind=kind, band=band, entity_a_id=a, entity_b_id=b, signal_a_id=one.signal_id, signal_b_id=two.signal_id,
        municipality_a_id=one.signal.municipality_id, municipality_b_id=two.signal.municipality_id,
        region_a_id=one.signal.region_id, region_b_id=two.signal.region_id, found_at=moment)


@transaction.atomic
def link_signal(signal_id: int, *, now=None, notify: bool = True) -> list[Match]:
    """Recompute the signal's tokens and encodings and store the new matches they give."""
    signal = Signal.objects.filter(pk=signal_id).only("id", "municipality_id", "region_id").first()
    if signal is None:
        return []
    moment = now or clock_now()
    encodings = index_signal(signal)
    exact = exact_candidates(signal)
    fuzzy = person_candidates(signal, encodings)
    wanted = {e for _, mine, other in exact for e in (mine, other)} | {e for mine, other, _ in fuzzy for e in (mine, other)}
    entities = {e.pk: e for e in SignalEntity.objects.filter(pk__in=wanted)
                .select_related("signal").only("id", "signal_id", "signal__municipality_id", "signal__region_id")}
    created = []
    for kind, mine, other in sorted(set(exact)):
        if (match := _store_match(kind, Band.EXACT, mine, other, entities, moment)) is not None:
            created.append(match)
    for mine, other, score in sorted(fuzzy):
        band = persons.band_of(score)
        if (match := _store_match(LinkKind.PERSON, band, mine, other, entities, moment)) is not None:
            created.append(match)
    if created:
        record_access(user=None, action="create", record_type="linkage.match",
                      record_id=",".join(str(m.pk) for m in created), reason="koppelingen gevonden")
        if notify:
            from .notify import notify_new_matches

            ids = [m.pk for m in created]
            transaction.on_commit(lambda: notify_new_matches(ids), robust=True)
    return created


def on_entities_changed(signal_id: int) -> None:
    """The signalling entity hook: link the signal after its entities changed."""
    link_signal(signal_id)
