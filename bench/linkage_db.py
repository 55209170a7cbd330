"""Linkage database bench (issue 16): a full rebuild_linkage and a new signal's match look-up.

    .venv/bin/python -m bench.linkage_db [--signals 20000]

Builds a throw-away SQLite database in a temporary directory (the test environment's settings),
fills it with synthetic signals (a phone number, an address and a person each, drawn so that a
share repeats across municipalities), runs the product's `rebuild_linkage` path and then times
`link_signal` for new signals (p50, p95). Prints one JSON object. National scale (1,000,000
signals) is extrapolated linearly from the rebuild rate, not measured.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import tempfile
import time


def _setup(directory: str) -> None:
    sys.path[:0] = [os.path.join(os.path.dirname(__file__), ".."), os.path.join(os.path.dirname(__file__), "..", "src")]
    os.environ["SCHAKEL_ENVIRONMENT"] = "test"
    os.environ["SCHAKEL_DATA_DIR"] = directory
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _signals(count: int, seed: int = 16):
    import random

    from schakel.linkage import evaluation
    from schakel.signalling.models import SignalEntity
    from tests.factories import MunicipalityFactory, RegionFactory
    from tests.signalling.triage_factories import SignalFactory

    rng = random.Random(seed)
    region = RegionFactory(name="Benchregio", slug="benchregio")
    municipalities = [MunicipalityFactory(cbs_code=f"GM98{i:02d}", name=f"Benchgemeente {i}", region=region)
                      for i in range(10)]
    people = [evaluation.random_person(rng) for _ in range(max(count // 3, 1))]
    moment = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.timezone.utc)
    made = []
    for index in range(count):
        signal = SignalFactory(municipality=municipalities[index % len(municipalities)], description="bench")
        person = rng.choice(people)
        given, surname, dob = evaluation.corrupt(person, rng)
        SignalEntity.objects.bulk_create([
            SignalEntity(signal=signal, kind="phone", data={"number": f"+31 970 {rng.randint(0, 9999):04d} 0000"},
                         created_at=moment),
            SignalEntity(signal=signal, kind="address", created_at=moment,
                         data={"postcode": f"{rng.randint(1000, 1200)}AB", "house_number": str(rng.randint(1, 50))}),
            SignalEntity(signal=signal, kind="person", person_role="presumed_victim", created_at=moment,
                         data={"name": f"{given} {surname}", "date_of_birth": dob}),
        ])
        made.append(signal)
    return made, municipalities


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--signals", type=int, default=20000)
    parser.add_argument("--lookups", type=int, default=200, help="signals re-linked one by one for the look-up time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        _setup(directory)
        from schakel.linkage.models import Match
        from schakel.linkage.services import batch
        from schakel.linkage.services.indexing import link_signal

        started = time.perf_counter()
        _signals(args.signals)
        build_seconds = time.perf_counter() - started
        started = time.perf_counter()
        run = batch.run_rebuild(batch.start_or_resume(restart=True))
        rebuild_seconds = time.perf_counter() - started
        from schakel.signalling.models import Signal

        extra = list(Signal.objects.order_by("-pk")[:args.lookups])
        timings = []
        for signal in extra:
            started = time.perf_counter()
            link_signal(signal.pk, notify=False)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        result = {
            "database": "sqlite (throw-away)",
            "signals": args.signals, "entities": args.signals * 3, "build_seconds": round(build_seconds, 1),
            "rebuild_seconds": round(rebuild_seconds, 1),
            "rebuild_signals_per_second": round(run.done / rebuild_seconds),
            "national_rebuild_minutes_extrapolated": round(1_000_000 / (run.done / rebuild_seconds) / 60, 1),
            "matches": Match.objects.count(),
            "lookup_ms_p50": round(statistics.median(timings), 2),
            "lookup_ms_p95": round(timings[int(len(timings) * 0.95) - 1], 2),
        }
        print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
