"""pyinstrument profiles of a missed figure: the same request, in-process, through Django's test client.

The request goes through the full middleware stack with the bench user's session; the profile
(text, slowest paths first) is written to bench/results/profiles/ and named in the JSON.
"""

from __future__ import annotations

import itertools
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


def call_inbox(ctx, _terms):
    client = _client(ctx, ctx.people.officer_cookies)
    query = urlencode(F.INBOX_FILTER)
    return lambda: client.get(f"/signalen/?{query}")


def _search(label):
    def call(ctx, terms):
        typed = terms[label][0]
        client = _client(ctx, ctx.people.officer_cookies)
        query = urlencode({"tab": "closed", "q": typed})
        return lambda: client.get(f"/signalen/?{query}")
    return call


def call_api(ctx, _terms):
    client = _client(ctx, headers={"HTTP_AUTHORIZATION": f"Token {ctx.people.api_token}"})
    return lambda: client.get("/api/v1/signals")


def call_intake(ctx, _terms):
    bodies = F.intake_bodies(ctx, 30)
    client = _client(ctx, ctx.people.reporter_cookies)
    iterator = itertools.cycle(bodies)
    return lambda: client.post(ctx.intake_path, urlencode(F._fresh(next(iterator))),
                               content_type="application/x-www-form-urlencoded")


def call_agenda(ctx, _terms):
    client = _client(ctx, ctx.people.chain_director_cookies)
    return lambda: client.get(f"/overleg/{ctx.people.meeting_id}/")


def call_my_actions(ctx, _terms):
    client = _client(ctx, ctx.people.partner_cookies)
    return lambda: client.get("/acties/")


# The in-process request of each figure: used here (pyinstrument) and by bench/hotspots.py (cProfile).
CALLS = {
    "inbox": call_inbox,
    "api_list": call_api,
    "intake_latency": call_intake,
    "intake_throughput": call_intake,
    "screening_agenda": call_agenda,
    "my_actions": call_my_actions,
    **{f"search_{label}": _search(label) for label in ("phone", "postcode_house", "plate", "word")},
}


def _profiler_of(figure_id: str, make_call):
    def run(ctx, terms) -> str:
        return _profile(ctx, figure_id, make_call(ctx, terms))
    return run


PROFILERS = {figure_id: _profiler_of(figure_id, make_call) for figure_id, make_call in CALLS.items()}
