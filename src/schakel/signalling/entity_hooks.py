"""Listeners told when a signal's entities change (the linkage app recomputes its tokens).

`register_entity_listener(key, listener)` in another app's `AppConfig.ready()`;
`listener(signal_id)` runs after the transaction that changed the entities commits (robust: a
failing listener is logged and never undoes the signal; `manage.py rebuild_linkage` repairs).
`entities_changed(signal_id)` is called where entities are saved (triage.add_entity); a new
signal is caught by `post_save` of Signal, because intake writes its entities without instances.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

_listeners: dict[str, Callable[[int], None]] = {}


def register_entity_listener(key: str, listener: Callable[[int], None]) -> None:
    _listeners[key] = listener


def entities_changed(signal_id: int) -> None:
    for key in sorted(_listeners):
        listener = _listeners[key]
        transaction.on_commit(lambda listener=listener: listener(signal_id), robust=True)


@receiver(post_save, sender="signalling.Signal", dispatch_uid="signalling-entity-hooks-new-signal")
def _new_signal(sender, instance, created, raw=False, **kwargs):
    if created and not raw and _listeners:
        entities_changed(instance.pk)
