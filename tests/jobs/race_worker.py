"""Child-process side of the concurrency tests: racers in a fresh interpreter.

A child sets up Django against the shared database given in its environment and registers a
test job that appends a line to a file, so executions are counted outside the database. The
racers wait at a barrier until all are ready, then run the job for the same period.
"""

import datetime
import os
import threading


def _setup(env: dict, marker_path: str, label: str):
    os.environ.update(env)
    import django

    django.setup()
    from schakel.jobs import JobRegistry

    def job(context):
        with open(marker_path, "a", encoding="utf-8") as marker:
            marker.write(f"{label} {threading.get_ident()} {context.period_key}\n")
        return label

    jobs = JobRegistry()
    jobs.register("test.race", period="daily", func=job, description="")
    return jobs, datetime.datetime.fromisoformat(env["RACE_NOW"])


def _run(jobs, now) -> str:
    from django.db import connections

    from schakel.jobs.services import run_periodic_job

    try:
        return run_periodic_job("test.race", now=now, registry=jobs).outcome
    except Exception as exc:  # reported to the parent, which fails the test with it
        return f"error: {type(exc).__name__}: {exc}"
    finally:
        connections.close_all()


def race_as_process(env: dict, barrier, results, marker_path: str, racer: int) -> None:
    """One racer per process; `barrier` is a multiprocessing barrier shared by all of them."""
    jobs, now = _setup(env, marker_path, f"process-{racer}")
    barrier.wait(timeout=60)
    results.put(_run(jobs, now))


def race_as_threads(env: dict, results, marker_path: str, racers: int) -> None:
    """`racers` threads in this one process, each with its own database connection."""
    jobs, now = _setup(env, marker_path, "thread")
    barrier = threading.Barrier(racers)
    lock = threading.Lock()
    outcomes = []

    def racer():
        barrier.wait(timeout=60)
        outcome = _run(jobs, now)
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=racer) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for outcome in outcomes:
        results.put(outcome)
