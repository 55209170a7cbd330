"""pyinstrument profiles of a missed figure: the same request, in-process, through Django's test client.

The request goes through the full middleware stack with the bench user's session; the profile
(text, slowest paths first) is written to bench/results/profiles/ and named in the JSON.
"""

from __future__ import annotations

from urllib.parse import urlencode

from bench import figures as F

RUNS = 10


def _client(ctx, cookies: dict | None = None, headers: dict | None = None):
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", **(headers or {}))
    for name, value in (cookies or {}).items():
        client.cookies[name] = value
    return client


def _profile(ctx, name: str, call) -> str:
    from pyinstrument import Profiler

    call()  # warm caches, as the measured runs were
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(RUNS):
        call()
    profiler.stop()
    out = ctx.results_dir / "profiles" / f"{ctx.stamp}-{name}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(f"{RUNS} requests of figure {name}, in-process (Django test client)\n\n"
                   + profiler.output_text(unicode=False, color=False, show_all=False))
    return str(out.relative_to(ctx.results_dir.parent.parent))


def profile_inbox(ctx, _terms) -> str:
    client = _client(ctx, ctx.people.officer_cookies)
    query = urlencode(F.INBOX_FILTER)
    return _profile(ctx, "inbox", lambda: client.get(f"/signalen/?{query}"))


def _search(label):
    def run(ctx, terms) -> str:
        typed = terms[label][0]
        client = _client(ctx, ctx.people.officer_cookies)
        query = urlencode({"tab": "closed", "q": typed})
        return _profile(ctx, f"search_{label}", lambda: client.get(f"/signalen/?{query}"))
    return run


def profile_api(ctx, _terms) -> str:
    client = _client(ctx, headers={"HTTP_AUTHORIZATION": f"Token {ctx.people.api_token}"})
    return _profile(ctx, "api_list", lambda: client.get("/api/v1/signals"))


def profile_intake(ctx, _terms) -> str:
    bodies = F.intake_bodies(ctx, 30)
    client = _client(ctx, ctx.people.reporter_cookies)
    iterator = iter(bodies * 2)
    return _profile(ctx, "intake_latency",
                    lambda: client.post(ctx.intake_path, urlencode(F._fresh(next(iterator))),
                                        content_type="application/x-www-form-urlencoded"))


PROFILERS = {
    "inbox": profile_inbox,
    "api_list": profile_api,
    "intake_latency": profile_intake,
    "intake_throughput": profile_intake,
    **{f"search_{label}": _search(label) for label in ("phone", "postcode_house", "plate", "word")},
}
