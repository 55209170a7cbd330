"""Erasing a signal and everything recorded with it (retention, decision 0073; an erasure request).

The one way a signal is deleted. Other apps that keep rows about a signal (actions, screening,
care, measures) register a listener that deletes theirs first, through their own services:
`register_signal_erasure_listener(key, listener)`, `listener(signal, *, actor, reason)`, called
inside the erasure's transaction. Signals merged into this one (its duplicates) go with it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from schakel.privacy.audit import owner_keys, record_access
from schakel.privacy.files import delete_stored_file
from schakel.privacy.models import AccessAction

from ..models import MailboxMessage, SearchToken, Signal, SignalAttachment, SignalEntity, SignalEvent

_listeners: dict[str, Callable] = {}


def register_signal_erasure_listener(key: str, listener: Callable) -> None:
    _listeners[key] = listener


def unregister_signal_erasure_listener(key: str) -> None:
    _listeners.pop(key, None)


@transaction.atomic
def erase_signal(*, signal: Signal, actor=None, reason: str) -> int:
    """Delete the signal, its duplicates, entities, search tokens, events, mailbox, referrals and files.

    Returns how many signals were deleted (the signal and its duplicates). Logged as `delete`
    with the signal's owner keys, so the municipality's privacy officer sees it.
    """
    deleted = 0
    for duplicate in Signal.objects.filter(merged_into=signal):
        deleted += erase_signal(signal=duplicate, actor=actor, reason=reason)
    for key in sorted(_listeners):
        _listeners[key](signal, actor=actor, reason=reason)
    for attachment in SignalAttachment.objects.filter(signal=signal).select_related("stored_file"):
        stored = attachment.stored_file
        attachment.delete()
        if stored is not None:
            delete_stored_file(stored, user=actor, reason=reason)
    SearchToken.objects.filter(signal=signal).delete()
    SignalEntity.objects.filter(signal=signal).delete()
    MailboxMessage.objects.filter(signal=signal).delete()
    SignalEvent.objects.filter(signal=signal).delete()
    signal.indicators.clear()
    record_access(user=actor, action=AccessAction.DELETE, record=signal, reason=reason,
                  owner_keys=owner_keys(municipality_id=signal.municipality_id, region_id=signal.region_id),
                  detail=f"signaal {signal.reference} verwijderd")
    Signal.objects.filter(pk=signal.pk).delete()  # referrals go with it (CASCADE)
    return deleted + 1
