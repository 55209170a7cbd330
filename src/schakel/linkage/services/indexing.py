"""Tokenising a signal's entities and finding the matches they give (the only writer of tokens).

`link_signal(signal_id)` is the one use case: it replaces the tokens, person encodings and
unreadable-field notes of every entity of the signal with fresh ones under the current linkage
secret, then looks each entity up against every other signal's and stores a `Match` per new
pair (linking.py does the work, for one signal or a batch). A pair once marked as a false
match is never stored or shown again. Entity data is decrypted only here, in linking.py and in
the exchange (between.py); nothing decrypted is stored.
"""

from __future__ import annotations

from django.db import transaction

from schakel.clock import now as clock_now
from schakel.privacy.audit import record_access
from schakel.signalling.models import Signal, SignalEntity

from .. import normalise, persons
from .. import secrets as linkage_secrets
from ..models import BlockKey, LinkToken, Match, PersonEncoding, UnreadableField

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


@transaction.atomic
def link_signal(signal_id: int, *, now=None, notify: bool = True) -> list[Match]:
    """Recompute the signal's tokens and encodings and store the new matches they give."""
    return link_signals([signal_id], now=now, notify=notify)


@transaction.atomic
def link_signals(signal_ids, *, now=None, notify: bool = True) -> list[Match]:
    """`link_signal` for many signals at once (the batch of `rebuild_linkage`)."""
    from .linking import link_batch

    created = link_batch(signal_ids, moment=now or clock_now())
    if created:
        record_access(user=None, action="create", record_type="linkage.match", record_id=created[0].pk,
                      reason="koppelingen gevonden",
                      detail=f"{len(created)}: " + ",".join(str(m.pk) for m in created)[:190])
        if notify:
            from .notify import notify_new_matches

            ids = [m.pk for m in created]
            transaction.on_commit(lambda: notify_new_matches(ids), robust=True)
    return created


def on_entities_changed(signal_id: int) -> None:
    """The signalling entity hook: link the signal after its entities changed."""
    link_signal(signal_id)
