"""Rate limits for the public pages that never store who the client is.

A client is counted under its pseudonym of the day (an HMAC of its address with a salt that
changes every day); the counters live in the database every web worker shares, so a limit holds
across workers and restarts, and the address itself reaches no table, log or disk
(schakel.web.ratelimit; decisions 0035 and 0082).
"""

from __future__ import annotations

from schakel.web import ratelimit as shared

client_key = shared.client_key
seconds_left = shared.seconds_left


def count(bucket: str, subject: str, *, window_seconds: int) -> int:
    """Add one to the subject's counter in the current window and return the new count."""
    return shared.hit(bucket, subject, window_seconds=window_seconds)


def current(bucket: str, subject: str, *, window_seconds: int) -> int:
    return shared.current(bucket, subject, window_seconds=window_seconds)


def clear() -> None:
    """Forget every count (for tests)."""
    shared.clear()
