"""Writing to the access log: the one function every view, service, export and download calls.

Each row carries a SHA-256 hash over its content and the previous row's hash. Writers are
serialised (PostgreSQL: a transaction-scoped advisory lock; SQLite: the database write lock
that `transaction_mode=IMMEDIATE` takes at BEGIN), and `previous_hash` is unique, so even a
misconfigured database cannot fork the chain: a racing second writer gets an IntegrityError
and retries on the new head. See docs/decisions/0023-append-only-access-log.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, connections, router, transaction

from schakel.clock import now

from .models import AccessAction, AccessLogEntry

GENESIS_HASH = "0" * 64
CHAIN_LOCK_KEY = 727274
WRITE_ATTEMPTS = 5
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


def forget_actor_identity(user) -> None:
    if hasattr(user, _IDENTITY_ATTRIBUTE):
        delattr(user, _IDENTITY_ATTRIBUTE)


def _lock_chain(using: str) -> None:
    # Serialise writers so that every row links to exactly one predecessor.
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
    # SQLite serialises writers with its database lock (transaction_mode IMMEDIATE).


def _head_hash(using: str) -> str:
    previous = AccessLogEntry.objects.using(using).order_by("-id").values_list("entry_hash", flat=True).first()
    return previous or GENESIS_HASH


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
) -> AccessLogEntry:
    """Append one row to the access log.

    `record` (a model instance) or `record_type`/`record_id` name what was accessed. Role and
    organisation default to the user's active memberships. An access to a record the user
    holds an emergency grant for is flagged for the privacy officer automatically.
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
    using = router.db_for_write(AccessLogEntry)
    last_error: IntegrityError | None = None
    for _attempt in range(WRITE_ATTEMPTS):
        try:
            with transaction.atomic(using=using):
                _lock_chain(using)
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
                    previous_hash=_head_hash(using),
                )
                entry.entry_hash = entry.compute_hash()
                entry.save(using=using)
            return entry
        except IntegrityError as exc:  # another writer took the same predecessor: link to the new head
            last_error = exc
    raise last_error  # type: ignore[misc]


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int
    problem: str  # "hash": the row's content changed; "link": a row before it is missing or changed

    def describe(self) -> str:
        if self.problem == "hash":
            return f"row {self.entry_id}: its content does not match its hash (the row was changed)"
        return (f"row {self.entry_id}: it does not link to the row before it "
                "(a row before it was removed, inserted or rehashed)")


def verify_chain(*, using: str = "default") -> list[ChainBreak]:
    """Every place where the chain is broken, in log order; empty when the log is intact."""
    breaks: list[ChainBreak] = []
    expected_previous = GENESIS_HASH
    for entry in AccessLogEntry.objects.using(using).order_by("id").iterator(chunk_size=2000):
        if entry.previous_hash != expected_previous:
            breaks.append(ChainBreak(entry.pk, "link"))
        elif entry.compute_hash() != entry.entry_hash:
            breaks.append(ChainBreak(entry.pk, "hash"))
        expected_previous = entry.entry_hash
    return breaks
