"""API rate limits on the counters every web worker shares (decision 0082, replacing 0067).

DRF's rates (`REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`: "user" for authenticated clients, "anon"
for the rest) are counted as fixed windows in `schakel.web.ratelimit`: one upsert per request
instead of DRF's history of timestamps in the cache, and the same count in every worker and
after a restart. An anonymous client is counted under its pseudonym of the day, never its address.
"""

from __future__ import annotations

from rest_framework import throttling

from schakel.web import ratelimit


class _SharedWindowThrottle(throttling.SimpleRateThrottle):
    """A subclass names its `scope` and its `get_cache_key` (the subject counted, or None)."""

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        subject = self.get_cache_key(request, view)
        if subject is None:
            return True
        return ratelimit.hit(f"api-{self.scope}", subject, window_seconds=self.duration) <= self.num_requests

    def wait(self) -> float:
        return float(ratelimit.seconds_left(window_seconds=self.duration))


class UserRateThrottle(_SharedWindowThrottle):
    """Authenticated clients, per user."""

    scope = "user"

    def get_cache_key(self, request, view) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return str(request.user.pk)


class AnonRateThrottle(_SharedWindowThrottle):
    """Clients without a login (an unauthenticated call is refused anyway, but counted first)."""

    scope = "anon"

    def get_cache_key(self, request, view) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return ratelimit.client_key(request)


def clear() -> None:
    """Forget every count (for tests)."""
    ratelimit.clear()
