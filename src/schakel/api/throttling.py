"""API rate limits counted in each web worker's own memory, not in the shared database cache.

DRF's throttles keep each client's request history in Django's default cache, which for Schakel
is the database (settings/auth.py, for allauth's one-time codes): that cost every API request a
read, a write and a culling count of the cache table, growing with use. These subclasses keep the
same rates and the same history, in a private local-memory cache per worker process. With several
workers each counts on its own, so a client can reach at most the rate times the number of
workers; a limit per worker is still a limit. See docs/decisions/0067-api-throttle-in-worker-memory.md.
"""

from __future__ import annotations

from django.core.cache.backends.locmem import LocMemCache
from rest_framework import throttling

# One entry per client (user id or address); culled beyond MAX_ENTRIES like any LocMemCache.
_store = LocMemCache("schakel-api-throttle", {"TIMEOUT": 24 * 3600, "OPTIONS": {"MAX_ENTRIES": 50_000}})


class UserRateThrottle(throttling.UserRateThrottle):
    cache = _store


class AnonRateThrottle(throttling.AnonRateThrottle):
    cache = _store


def clear() -> None:
    """Forget every count (for tests)."""
    _store.clear()
