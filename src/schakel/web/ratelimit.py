"""Fixed-window rate limits shared by every web worker (decision 0082).

`hit(bucket, subject, window_seconds)` adds one to the subject's counter of the current window
and returns the new count, in one statement (an upsert with RETURNING, on SQLite and PostgreSQL
alike), so two workers never count the same request twice or lose one. Windows are fixed: an
hour's counter runs from the full hour. `client_key(request)` is the pseudonym of a client for
today: an HMAC of its address with the day's salt; the address itself is stored nowhere.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets

from django.db import IntegrityError, connection, transaction

from schakel.clock import now, today

from .models import RateSalt, RateWindow

_TABLE = RateWindow._meta.db_table
_UPSERT = (f"INSERT INTO {_TABLE} (key, window_start, hits, expires_at) VALUES (%s, %s, 1, %s) "
           f"ON CONFLICT (key) DO UPDATE SET "
           f"hits = CASE WHEN {_TABLE}.window_start = excluded.window_start THEN {_TABLE}.hits + 1 ELSE 1 END, "
           f"window_start = excluded.window_start, expires_at = excluded.expires_at "
           f"RETURNING hits")


def _daily_salt(day: datetime.date | None = None) -> bytes:
    day = day or today()
    row = RateSalt.objects.filter(day=day).first()
    if row is None:
        try:
            with transaction.atomic():
                row = RateSalt.objects.create(day=day, salt=secrets.token_bytes(32))
        except IntegrityError:  # another worker made today's salt first
            row = RateSalt.objects.get(day=day)
    return bytes(row.salt)


def client_key(request) -> str:
    """A pseudonym of the client for today only (the same in every worker)."""
    address = request.META.get("REMOTE_ADDR", "") or ""
    return hmac.new(_daily_salt(), address.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def _window(window_seconds: int) -> tuple[int, int]:
    moment = int(now().timestamp())
    start = moment - moment % window_seconds
    return start, start + window_seconds


def hit(bucket: str, subject: str, *, window_seconds: int) -> int:
    """Count one request of `subject` in `bucket` and return the count of the current window."""
    start, end = _window(window_seconds)
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [f"{bucket}:{subject}"[:120], start, end + 60])
        return int(cursor.fetchone()[0])


def current(bucket: str, subject: str, *, window_seconds: int) -> int:
    start, _end = _window(window_seconds)
    row = RateWindow.objects.filter(key=f"{bucket}:{subject}"[:120], window_start=start).only("hits").first()
    return row.hits if row is not None else 0


def seconds_left(*, window_seconds: int) -> int:
    """Seconds until the current window ends and its counters start again from nought."""
    return window_seconds - int(now().timestamp()) % window_seconds


def purge() -> int:
    """Forget ended windows and salts older than yesterday (the daily job)."""
    moment = int(now().timestamp())
    windows, _ = RateWindow.objects.filter(expires_at__lt=moment).delete()
    salts, _ = RateSalt.objects.filter(day__lt=today() - datetime.timedelta(days=1)).delete()
    return windows + salts


def clear() -> None:
    """Forget every count (for tests)."""
    RateWindow.objects.all().delete()
