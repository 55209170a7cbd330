"""Writing to the access log: the one function every view, service, export and download calls."""

from __future__ import annotations

from django.db import connection, transaction

from schakel.clock import now

from .models import AccessAction, AccessLogEntry

GENESIS_HASH = "0" * 64


def _lock_chain() -> None:
    # Serialise writers so that every row links to exactly one predecessor.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(727274)")
    # SQLite serialises writers with its database lock (transaction_mode IMMEDIATE).


def record_access(
    *,
    user,
    action: str,
    record=None,
    record_type: str = "",
    record_id: str | int = "",
    reason: str = "",
    flagged: bool = False,
    organisation_name: str = "",
    role: str = "",
) -> AccessLogEntry:
    if record is not None:
        record_type = record_type or record._meta.label_lower
        record_id = record_id or record.pk
    if action not in AccessAction.values:
        raise ValueError(f"unknown access action {action!r}")
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    with transaction.atomic():
        _lock_chain()
        previous = AccessLogEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
        entry = AccessLogEntry(
            at=now(),
            user=user if authenticated else None,
            username=user.get_username() if authenticated else "",
            organisation_name=organisation_name,
            role=role,
            action=action,
            record_type=record_type,
            record_id=str(record_id),
            reason=reason,
            flagged=flagged,
            previous_hash=previous or GENESIS_HASH,
        )
        entry.entry_hash = entry.compute_hash()
        entry.save(force_insert=True)
    return entry


def verify_chain() -> list[int]:
    """Ids of rows whose hash or link does not match; empty when the log is intact."""
    broken: list[int] = []
    expected_previous = GENESIS_HASH
    for entry in AccessLogEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.previous_hash != expected_previous or entry.compute_hash() != entry.entry_hash:
            broken.append(entry.pk)
        expected_previous = entry.entry_hash
    return broken
