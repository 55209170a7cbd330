"""`python -m bench`: build or reuse the dataset, serve it with gunicorn, measure, report.

Environment: BENCH_SCALE (1 = 1,000,000 signals), BENCH_DATABASE_URL (a PostgreSQL server to
use instead of the harness's own cluster), BENCH_REBUILD=1, BENCH_REPEAT, BENCH_LOAD_SECONDS,
BENCH_ONLY (comma-separated figure ids), BENCH_PROFILE=0. See docs/performance.md.
"""

from __future__ import annotations

import datetime
import os
import time

from bench.config import Config, ensure_import_path, from_environment


def log(message: str) -> None:
    print(message, flush=True)


def build_dataset(config: Config, database_url: str, key: str) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from bench import dataset, reference

    started = time.perf_counter()
    timings = {}
    log("Building the dataset")
    call_command("migrate", verbosity=0, interactive=False)
    timings["migrate_s"] = round(time.perf_counter() - started, 1)
    step = time.perf_counter()
    reference.load_reference_data(log=lambda m: log(m))
    reference.create_people(log=lambda m: log(m))
    timings["reference_and_people_s"] = round(time.perf_counter() - step, 1)
    plan = reference.make_plan(config.signals, datetime.date.today())
    log(f"  {len(plan.places)} municipalities; generating {plan.total:,} signals with {config.jobs} processes")
    connection.close()
    result = dataset.build_signals(plan, jobs=config.jobs, database_url=database_url, log=lambda m: log(m))
    timings.update(result["timings"])
    step = time.perf_counter()
    from bench import screening

    # The screening table of every region and its actions (issue 13), on the signals just loaded.
    result["rows"].update(screening.build(plan.today, log=lambda m: log(m)))
    timings["screening_s"] = round(time.perf_counter() - step, 1)
    timings["total_s"] = round(time.perf_counter() - started, 1)
    summary = {"key": key, "scale": config.scale, "signals": plan.total, "rows": result["rows"], "timings": timings,
               "jobs": config.jobs}
    log(f"  built in {timings['total_s']:.0f}s: " + ", ".join(f"{k} {v:,}" for k, v in result["rows"].items()))
    log("  timings: " + ", ".join(f"{k} {v}" for k, v in timings.items()))
    return summary


def main() -> int:
    config = from_environment()
    ensure_import_path()
    from bench import environment

    keys = environment.load_keys(config)
    server = environment.Server(config)
    started = time.perf_counter()
    server.start()
    try:
        # The key needs no Django: it hashes files, the scale and the keys' fingerprints.
        from bench.dataset import dataset_key

        index_fingerprint = __import__("hashlib").sha256(keys.index.encode()).hexdigest()[:8]
        key = dataset_key(config.scale, index_key=index_fingerprint, encryption_key_id=keys.encryption_key_id)
        prefix = f"bench_s{environment.scale_label(config.scale)}_"
        name = prefix + key
        chosen = os.environ.get("BENCH_DATASET", "").strip()
        if chosen:
            # Measure a dataset built earlier (e.g. before an index-only migration landed): it is
            # migrated to the current schema below, not rebuilt.
            name, reuse = chosen, True
            log(f"BENCH_DATASET: measuring {name} as it is (dataset key now would be {key})")
        else:
            reuse = server.prepare_database(name, prefix, rebuild=config.rebuild)
        database_url = environment.with_database(server.admin_url, name)
        env = environment.product_environment(config, keys, database_url)
        environment.setup_django(env)
        from django.db import connection

        if reuse:
            from django.core.management import call_command

            # Migrations that landed since the build (e.g. an index, or a column with its backfill)
            # run here on the existing rows, with the production-like settings; timed.
            migrate_started = time.perf_counter()
            call_command("migrate", verbosity=2, interactive=False)
            migrate_s = round(time.perf_counter() - migrate_started, 1)
            summary = environment.dataset_summary(database_url)
            summary["migrate_on_reuse_s"] = migrate_s
            log(f"Reusing dataset {name} (built {summary.get('built_at', '?')}, "
                f"{summary.get('signals', 0):,} signals); migrate took {migrate_s:.1f}s")
        else:
            # Bulk-load settings for the build only, then back to the production-like ones.
            connection.close()
            server.start("build")
            summary = build_dataset(config, database_url, key)
            environment.mark_complete(database_url, key, config.scale, summary)
            connection.close()
            server.start("measure")
            # Older datasets of this scale go only now that the new one is complete.
            for dropped in server.drop_others(name, prefix):
                log(f"  dropped the older dataset {dropped}")
        if os.environ.get("BENCH_BUILD_ONLY", "") in {"1", "true", "yes"}:
            log(f"Dataset {name} ready; BENCH_BUILD_ONLY set, not measuring")
            return 0
        from bench import measure_run

        return measure_run.run(config, env, summary, server, started=started)
    finally:
        server.stop()


if __name__ == "__main__":
    raise SystemExit(main())
