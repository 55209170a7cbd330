"""`python -m bench.hotspots FIGURE [RUNS]`: where one figure's request spends its CPU, in-process.

A developer's tool beside `make bench`: it starts the harness's cluster (or uses
BENCH_DATABASE_URL), opens the dataset of BENCH_DATASET (or the current key's), and runs the
figure's request RUNS times (default 30) through Django's test client with the full middleware
stack, under cProfile. Prints the wall time per request and the functions with the most own time
and the most cumulative time. Nothing is served over HTTP and nothing is written to
bench/results/; signals written by intake runs are removed again.

    BENCH_DATASET=bench_s1_3347cf2053f5 .venv/bin/python -m bench.hotspots intake_latency 40
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import sys
import time


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    figure = argv[0]
    runs = int(argv[1]) if len(argv) > 1 else 30
    from bench.config import ensure_import_path, from_environment

    config = from_environment()
    ensure_import_path()
    from bench import environment

    keys = environment.load_keys(config)
    server = environment.Server(config)
    server.start()
    try:
        name = os.environ.get("BENCH_DATASET", "").strip()
        if not name:
            from bench.dataset import dataset_key
            import hashlib

            key = dataset_key(config.scale, index_key=hashlib.sha256(keys.index.encode()).hexdigest()[:8],
                              encryption_key_id=keys.encryption_key_id)
            name = f"bench_s{environment.scale_label(config.scale)}_{key}"
        database_url = environment.with_database(server.admin_url, name)
        env = environment.product_environment(config, keys, database_url)
        environment.setup_django(env)
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        return _profile(config, figure, runs, database_url)
    finally:
        server.stop()


def _profile(config, figure: str, runs: int, database_url: str) -> int:
    from django.db import connection

    from bench import figures as F
    from bench import people, profile
    from bench.measure_run import _remove_measurement_rows

    if figure not in profile.CALLS:
        print(f"unknown figure {figure!r}; one of: {', '.join(sorted(profile.CALLS))}")
        return 2
    bench_people = people.prepare()
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM signalling_signal")
        first_new_id = cursor.fetchone()[0] + 1
        cursor.execute("SELECT coalesce(max(id), 0) FROM django_q_ormq")
        last_queued = cursor.fetchone()[0]
    ctx = F.Context(config=config, port=0, people=bench_people, database_url=database_url, gunicorn=None,
                    results_dir=config.results_dir, stamp="hotspots")
    terms = F.search_terms(ctx) if figure.startswith("search") else None
    call = profile.CALLS[figure](ctx, terms)
    try:
        for _ in range(3):
            call()  # warm caches, as the measured runs were
        started = time.perf_counter()
        for _ in range(runs):
            call()
        plain = (time.perf_counter() - started) * 1000 / runs
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(runs):
            call()
        profiler.disable()
    finally:
        removed = _remove_measurement_rows(first_new_id)
        # No worker runs here: the notification tasks these requests queued would otherwise wait
        # for the next `make bench` and fail there (their signals are gone), loading its worker.
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM django_q_ormq WHERE id > %s", [last_queued])
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    print(f"{figure}: {plain:.1f} ms per request in-process without the profiler ({runs} runs)"
          + (f"; {removed} intake signals removed" if removed else ""))
    stats.sort_stats("tottime").print_stats(35)
    stats.sort_stats("cumulative").print_stats(60)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
