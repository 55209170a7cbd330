"""Timing primitives: repeated runs with median, p95 and max; a bare HTTP client for 127.0.0.1."""

from __future__ import annotations

import http.client
import statistics
import time
from dataclasses import dataclass, field


@dataclass
class Stats:
    samples_ms: list[float] = field(default_factory=list)
    errors: int = 0
    note: str = ""

    def add(self, ms: float) -> None:
        self.samples_ms.append(ms)

    @property
    def count(self) -> int:
        return len(self.samples_ms)

    def percentile(self, p: float) -> float | None:
        if not self.samples_ms:
            return None
        ordered = sorted(self.samples_ms)
        # Nearest-rank percentile: the p95 of 60 runs is the 57th value.
        rank = max(1, min(len(ordered), int(-(-p * len(ordered) // 100))))
        return ordered[rank - 1]

    def as_dict(self) -> dict:
        if not self.samples_ms:
            return {"count": 0, "errors": self.errors, "note": self.note}
        return {
            "count": self.count,
            "median_ms": round(statistics.median(self.samples_ms), 3),
            "p95_ms": round(self.percentile(95), 3),
            "max_ms": round(max(self.samples_ms), 3),
            "min_ms": round(min(self.samples_ms), 3),
            "errors": self.errors,
            **({"note": self.note} if self.note else {}),
        }


def repeat(function, *, runs: int, warmup: int) -> Stats:
    """Call `function()` warmup + runs times; time the last `runs`. It returns True when the answer was right."""
    stats = Stats()
    for _ in range(warmup):
        function()
    for _ in range(runs):
        started = time.perf_counter()
        ok = function()
        elapsed = (time.perf_counter() - started) * 1000
        if ok is False:
            stats.errors += 1
        else:
            stats.add(elapsed)
    return stats


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict
    elapsed_ms: float


class Client:
    """One new TCP connection per request (gunicorn's sync workers close after each response)."""

    def __init__(self, port: int, *, cookies: dict | None = None, headers: dict | None = None):
        self.port = port
        self.cookies = dict(cookies or {})
        self.headers = dict(headers or {})

    def request(self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None) -> Response:
        all_headers = {**self.headers, **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        elapsed = (time.perf_counter() - started) * 1000
        return Response(status=response.status, body=data, headers={k.lower(): v for k, v in response.getheaders()},
                        elapsed_ms=elapsed)

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post_form(self, path: str, data: list[tuple[str, str]], **kwargs) -> Response:
        from urllib.parse import urlencode

        headers = {"Content-Type": "application/x-www-form-urlencoded", **kwargs.pop("headers", {})}
        return self.request("POST", path, body=urlencode(data).encode(), headers=headers, **kwargs)


def http_stats(call, *, runs: int, warmup: int, expect: int | tuple = 200) -> Stats:
    """Time a request function that returns a Response; a wrong status counts as an error."""
    expected = (expect,) if isinstance(expect, int) else expect
    stats = Stats()
    last_error = ""
    for index in range(warmup + runs):
        response = call()
        if response.status not in expected:
            stats.errors += 1
            last_error = f"HTTP {response.status}: {response.body[:200]!r}"
            continue
        if index >= warmup:
            stats.add(response.elapsed_ms)
    if last_error:
        stats.note = last_error
    return stats
