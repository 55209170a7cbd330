"""Rate limits for the public pages that never store who the client is.

A client is counted under an HMAC of its address with a random salt that changes every day.
Salt and counters live only in this process's memory (a private LocMemCache, not the
project's cache setting, which may be the database): nothing reaches the database, a log or
a disk, and yesterday's counters cannot be linked to an address even by us. With several
web worker processes each keeps its own counts, so the effective limit is the limit times
the number of workers (docs/decisions/0035-intake-channels-and-public-anonymity.md).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.core.cache.backends.locmem import LocMemCache

from schakel.clock import now, today

_store = LocMemCache("schakel-public-ratelimit", {"TIMEOUT": 2 * 24 * 3600, "OPTIONS": {"MAX_ENTRIES": 200_000}})


def _daily_salt() -> bytes:
    key = f"salt:{today().isoformat()}"
    _store.add(key, secrets.token_bytes(32), timeout=2 * 24 * 3600)
    return _store.get(key)


def client_key(request) -> str:
    """A pseudonym of the client for today only; the address itself is not kept anywhere."""
    address = request.META.get("REMOTE_ADDR", "") or ""
    return hmac.new(_daily_salt(), address.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def _counter(bucket: str, subject: str, window_seconds: int) -> str:
    window = int(now().timestamp()) // window_seconds
    return f"{bucket}:{subject}:{window}"


def count(bucket: str, subject: str, *, window_seconds: int) -> int:
    """Add one to the subject's counter in the current window and return the new count."""
    key = _counter(bucket, subject, window_seconds)
    _store.add(key, 0, timeout=window_seconds + 60)
    try:
        return _store.incr(key)
    except ValueError:  # expired between add and incr
        _store.set(key, 1, timeout=window_seconds + 60)
        return 1


def seconds_left(*, window_seconds: int) -> int:
    """Seconds until the current window ends and its counters start again from nought (the
    windows are fixed: an hour's counter runs from the full hour, not from the first post)."""
    return window_seconds - int(now().timestamp()) % window_seconds


def current(bucket: str, subject: str, *, window_seconds: int) -> int:
    return _store.get(_counter(bucket, subject, window_seconds), 0)


def clear() -> None:
    """Forget every counter and salt (tests)."""
    _store.clear()
