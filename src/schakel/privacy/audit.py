"""Writing to the access log: the one function every view, service, export and download calls.

A request only inserts its row (one INSERT, no lock). The sealer (`seal_pending`, run every
minute by the worker and by `manage.py seal_access_log` / `verify_access_log`) then links the
committed rows into a SHA-256 hash chain: each row's hash covers its content and the hash of the
row sealed before it. Sealers are serialised (PostgreSQL: a transaction-scoped advisory lock;
SQLite: the database write lock that `transaction_mode=IMMEDIATE` takes at BEGIN), and
`previous_hash` and `sealed_seq` are unique, so the chain cannot fork. See
docs/decisions/0023-append-only-access-log.md and 0068-deferred-sealing-of-the-access-log.md.
"""

from __future__ import annotations

import datetime
from collections import deque
from dataclasses import dataclass

from django.db import connections, router, transaction

from schakel.clock import now

from .models import AccessAction, AccessLogEntry

GENESIS_HASH = "0" * 64
CHAIN_LOCK_KEY = 727274
SEAL_BATCH = 5000
# The worker seals every minute; a row still unsealed after this long means sealing has stopped.
UNSEALED_LIMIT = datetime.timedelta(minutes=10)
_IDENTITY_ATTRIBUTE = "_schakel_log_identity"


@dataclass(frozen=True)
class ActorIdentity:
    """Who acted, as the log keeps it: roles, organisation names, and scope keys.

    Scope keys are " o<organisation> m<municipality> r<region> " tokens of the user's active
    memberships at the time of access; the privacy officer's view filters on them.
    """

    roles: str = ""
    organisations: str = ""
    scope_keys: str = ""


def actor_identity(user) -> ActorIdentity:
    """The acting user's roles and organisations, computed once per user object (request)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ActorIdentity()
    cached = getattr(user, _IDENTITY_ATTRIBUTE, None)
    if cached is not None:
        return cached
    from schakel.accounts.tenancy import active_memberships

    roles: set[str] = set()
    names: set[str] = set()
    keys: set[str] = set()

    def add_municipality(municipality) -> None:
        keys.add(f"m{municipality.pk}")
        membership = getattr(municipality, "region_membership", None)
        if membership is not None:
            keys.add(f"r{membership.region_id}")

    # The request's one membership query (with organisations, municipalities and regions).
    for membership in active_memberships(user):
        organisation = membership.organisation
        roles.add(membership.role)
        names.add(organisation.name)
        keys.add(f"o{organisation.pk}")
        if organisation.municipality is not None:
            add_municipality(organisation.municipality)
        if organisation.region_id is not None:
            keys.add(f"r{organisation.region_id}")
        for municipality in membership.acting_municipalities:
            add_municipality(municipality)
    identity = ActorIdentity(
        roles=",".join(sorted(roles))[:200],
        organisations="; ".join(sorted(names))[:200],
        scope_keys=(" " + " ".join(sorted(keys)) + " ") if keys else "",
    )
    setattr(user, _IDENTITY_ATTRIBUTE, identity)
    return identity


def owner_keys(*, organisation_id=None, municipality_id=None, region_id=None) -> str:
    """A record's owner as the log keeps it (`owner_keys`): " o<organisation> m<municipality> r<region> "."""
    keys = [f"{prefix}{value}" for prefix, value in (("o", organisation_id), ("m", municipality_id),
                                                      ("r", region_id)) if value]
    return (" " + " ".join(keys) + " ") if keys else ""


def forget_actor_identity(user) -> None:
    if hasattr(user, _IDENTITY_ATTRIBUTE):
        delattr(user, _IDENTITY_ATTRIBUTE)


def _lock_chain(using: str) -> None:
    # Serialise sealers so that every row links to exactly one predecessor.
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
    # SQLite serialises sealers with its database lock (transaction_mode IMMEDIATE).


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
    detail: str = "",
    owner_keys: str = "",
) -> AccessLogEntry:
    """Append one row to the access log (see `_entry`)."""
    entry = _entry(user=user, action=action, record=record, record_type=record_type, record_id=record_id,
                   reason=reason, flagged=flagged, organisation_name=organisation_name, role=role, detail=detail,
                   owner_keys=owner_keys)
    entry.save(using=router.db_for_write(AccessLogEntry))
    return entry


def record_accesses(*, user, action: str, records, reason: str = "") -> int:
    """One row per record, written in one statement (a page that shows several records, e.g. an
    agenda: the same rows as `record_access` for each, without a round trip per row)."""
    entries = [_entry(user=user, action=action, record=record, reason=reason) for record in records]
    AccessLogEntry.objects.using(router.db_for_write(AccessLogEntry)).bulk_create(entries)
    return len(entries)


def _entry(
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
    detail: str = "",
    owner_keys: str = "",
) -> AccessLogEntry:
    """One row to the access log (unsealed: the sealer links it into the chain later).

    `record` (a model instance) or `record_type`/`record_id` name what was accessed. Role and
    organisation default to the user's active memberships. An access to a record the user
    holds an emergency grant for is flagged for the privacy officer automatically, and carries
    the record's owner keys (" o<organisation> m<municipality> r<region> "), so the privacy
    officer of the record's own organisation sees it too, not only the grantee's. `owner_keys`
    may also be given (e.g. a membership change: the organisation concerned).
    """
    if record is not None:
        record_type = record_type or record._meta.label_lower
        record_id = record_id or record.pk
    if action not in AccessAction.values:
        raise ValueError(f"unknown access action {action!r}")
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    identity = actor_identity(user)
    if authenticated and record_type and str(record_id) and action != AccessAction.BREAK_GLASS:
        from .emergency import active_grant

        grant = active_grant(user, record_type, str(record_id))
        if grant is not None:
            flagged = True
            reason = reason or grant.reason
            detail = detail or "noodtoegang"
            owner_keys = owner_keys or grant.owner_keys
    entry = AccessLogEntry(
        at=now(),
        user=user if authenticated else None,
        username=user.get_username() if authenticated else "",
        organisation_name=(organisation_name or identity.organisations)[:200],
        role=(role or identity.roles)[:200],
        action=action,
        record_type=record_type,
        record_id=str(record_id),
        reason=reason,
        detail=detail[:200],
        flagged=flagged,
        scope_keys=identity.scope_keys,
        owner_keys=owner_keys[:200],
    )
    return entry


_TABLE = AccessLogEntry._meta.db_table
_SEAL_SQL = (f"UPDATE {_TABLE} SET previous_hash = %s, entry_hash = %s, sealed_seq = %s "
             "WHERE id = %s AND sealed_seq IS NULL")
# PostgreSQL: the batch as one statement (about half the server time of one UPDATE per row).
_SEAL_SQL_POSTGRES = (
    f"UPDATE {_TABLE} AS entry SET previous_hash = seal.previous_hash, entry_hash = seal.entry_hash, "
    "sealed_seq = seal.sealed_seq "
    "FROM unnest(%s::varchar[], %s::varchar[], %s::bigint[], %s::bigint[]) "
    "AS seal(previous_hash, entry_hash, sealed_seq, id) "
    "WHERE entry.id = seal.id AND entry.sealed_seq IS NULL")


def _write_seals(using: str, seals: list[tuple[str, str, int, int]]) -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_SEAL_SQL_POSTGRES, [list(column) for column in zip(*seals)])
        else:
            cursor.executemany(_SEAL_SQL, seals)
        written = cursor.rowcount
    if written != len(seals):  # only possible if someone sealed without the chain lock: roll back
        raise RuntimeError(f"access log: {written} of {len(seals)} seals written; nothing sealed")


def _seal_batch(using: str, batch_size: int) -> tuple[int, int]:
    """Seal up to `batch_size` committed rows in one transaction: (rows looked at, rows sealed)."""
    rows = AccessLogEntry.objects.using(using)
    with transaction.atomic(using=using):
        _lock_chain(using)
        seq, previous = chain_head(using=using) or (0, GENESIS_HASH)
        pending = list(rows.filter(sealed_seq__isnull=True).order_by("id")[:batch_size])
        # A row that already carries a link was written by a writer of before decision 0068 (old
        # web workers during the upgrade): it is taken into the chain as it is, where it links.
        linked = {entry.previous_hash: entry for entry in pending if entry.previous_hash is not None}
        fresh = deque(entry for entry in pending if entry.previous_hash is None)
        seals = []
        while True:
            entry = linked.pop(previous, None)
            if entry is None:
                if not fresh:
                    break
                entry = fresh.popleft()
                entry.previous_hash = previous
                entry.entry_hash = entry.compute_hash()
            seq += 1
            seals.append((entry.previous_hash, entry.entry_hash, seq, entry.pk))
            previous = entry.entry_hash
        if seals:
            _write_seals(using, seals)
    return len(pending), len(seals)


def seal_pending(*, using: str | None = None, batch_size: int = SEAL_BATCH) -> int:
    """Link every committed unsealed row into the hash chain, in id order; returns how many.

    Each batch is one short transaction holding the chain lock. Rows of transactions that commit
    later (a lower id than rows sealed now) are sealed by a later run, after them in the chain.
    """
    using = using or router.db_for_write(AccessLogEntry)
    total = 0
    while True:
        looked_at, sealed = _seal_batch(using, batch_size)
        total += sealed
        if looked_at < batch_size or sealed == 0:
            return total


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int
    # "hash": the row's content changed; "link": a row before it is missing or changed;
    # "checkpoint": rows before it were purged but the log holds no checkpoint row for that cut;
    # "unsealed": the row was written longer than UNSEALED_LIMIT ago and is still not in the chain.
    problem: str

    def describe(self) -> str:
        if self.problem == "hash":
            return f"row {self.entry_id}: its content does not match its hash (the row was changed)"
        if self.problem == "checkpoint":
            return (f"row {self.entry_id}: the rows before it were purged, but the log holds no checkpoint row "
                    "for that cut (privacy_accesslogcheckpoint and the log disagree)")
        if self.problem == "unsealed":
            minutes = int(UNSEALED_LIMIT.total_seconds() // 60)
            return (f"row {self.entry_id}: not sealed into the chain {minutes} minutes after it was written "
                    "(is the worker running? manage.py seal_access_log seals by hand)")
        return (f"row {self.entry_id}: it does not link to the row before it "
                "(a row before it was removed, inserted or rehashed)")


def verify_chain(*, using: str = "default") -> list[ChainBreak]:
    """Every place where the log is not intact, in chain order, then rows left unsealed too long.

    Rows younger than UNSEALED_LIMIT may wait for their seal; they are protected by the
    append-only triggers meanwhile.
    """
    from .checkpoint import chain_start

    breaks: list[ChainBreak] = []
    rows = AccessLogEntry.objects.using(using)
    # After a purge the chain starts at a checkpoint the log itself holds (decision 0073).
    expected_previous, expected_seq, problem = chain_start(using=using)
    first_checked = True
    for entry in rows.filter(sealed_seq__isnull=False).order_by("sealed_seq").iterator(chunk_size=2000):
        if first_checked and problem:
            breaks.append(ChainBreak(entry.pk, problem))
        first_checked = False
        if entry.previous_hash != expected_previous or entry.sealed_seq != expected_seq:
            breaks.append(ChainBreak(entry.pk, "link"))
        elif entry.compute_hash() != entry.entry_hash:
            breaks.append(ChainBreak(entry.pk, "hash"))
        expected_previous, expected_seq = entry.entry_hash, entry.sealed_seq + 1
    overdue = rows.filter(sealed_seq__isnull=True, at__lt=now() - UNSEALED_LIMIT).order_by("id")
    breaks.extend(ChainBreak(entry_id, "unsealed") for entry_id in overdue.values_list("id", flat=True))
    return breaks


def chain_head(*, using: str = "default") -> tuple[int, str] | None:
    """(sealed_seq, entry_hash) of the newest sealed row; None while nothing is sealed."""
    return (AccessLogEntry.objects.using(using).filter(sealed_seq__isnull=False).order_by("-sealed_seq")
            .values_list("sealed_seq", "entry_hash").first())
