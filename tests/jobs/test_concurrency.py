"""Exactly once per period with several callers at the same moment: threads, processes, commands.

All racers use one database that every process can open: on PostgreSQL the test database
(committed, hence transactional tests); on SQLite a file-backed database migrated for these
tests, because SQLite's in-memory test database lives inside the pytest process only, and its
shared-cache mode answers concurrent writers with "table is locked" instead of waiting as the
file database (WAL, busy timeout) used by the product does.
"""

import datetime
import multiprocessing
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

from schakel.jobs.models import JobRun
from tests.jobs.race_worker import race_as_process, race_as_threads

RACERS = 4
PROJECT_DIR = Path(__file__).resolve().parents[2]
NOW = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.timezone.utc)
pytestmark = pytest.mark.django_db(transaction=True)


def _child_env() -> dict:
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "SCHAKEL_DATA_DIR"}}
    env.update(DJANGO_SETTINGS_MODULE="schakel.settings", SCHAKEL_ENVIRONMENT="test", RACE_NOW=NOW.isoformat(),
               PYTHONPATH=os.pathsep.join([str(PROJECT_DIR / "src"), str(PROJECT_DIR)]))
    return env


@pytest.fixture(scope="module")
def sqlite_file_database(tmp_path_factory):
    """A migrated file-backed SQLite database, made once for this module."""
    data_dir = tmp_path_factory.mktemp("shared-sqlite")
    env = {**_child_env(), "SCHAKEL_DATA_DIR": str(data_dir)}
    subprocess.run([sys.executable, "manage.py", "migrate", "jobs", "--noinput", "--skip-checks", "-v0"],
                   cwd=PROJECT_DIR, env=env, check=True, capture_output=True)
    return env, data_dir / "schakel.sqlite3"


@pytest.fixture
def shared_database(request):
    """(env for child processes, count_runs(name)) for a database the children and this test share."""
    if connection.vendor == "sqlite":
        env, path = request.getfixturevalue("sqlite_file_database")
        with sqlite3.connect(path) as db:
            db.execute("DELETE FROM jobs_jobrun")

        def count_runs(name):
            with sqlite3.connect(path) as db:
                return db.execute("SELECT COUNT(*) FROM jobs_jobrun WHERE name = ?", [name]).fetchone()[0]
        return env, count_runs
    # Same server and credentials as this run, but the test database pytest-django created.
    url = urlsplit(os.environ["DATABASE_URL"])
    env = {**_child_env(), "DATABASE_URL": urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"]))}
    return env, lambda name: JobRun.objects.filter(name=name).count()


def _collect(results, count):
    return sorted(results.get(timeout=120) for _ in range(count))


def test_four_threads_racing_for_the_same_period_run_the_job_once(shared_database, tmp_path):
    env, count_runs = shared_database
    marker = tmp_path / "executions.txt"
    marker.touch()
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=race_as_threads, args=(env, results, str(marker), RACERS))
    process.start()
    outcomes = _collect(results, RACERS)
    process.join(timeout=60)

    assert outcomes == ["skipped"] * (RACERS - 1) + ["succeeded"]
    assert len(marker.read_text().splitlines()) == 1
    assert count_runs("test.race") == 1


def test_four_processes_racing_for_the_same_period_run_the_job_once(shared_database, tmp_path):
    env, count_runs = shared_database
    marker = tmp_path / "executions.txt"
    marker.touch()
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(RACERS)
    results = context.Queue()
    processes = [context.Process(target=race_as_process, args=(env, barrier, results, str(marker), racer))
                 for racer in range(RACERS)]
    for process in processes:
        process.start()
    outcomes = _collect(results, RACERS)
    for process in processes:
        process.join(timeout=60)

    assert outcomes == ["skipped"] * (RACERS - 1) + ["succeeded"]
    assert len(marker.read_text().splitlines()) == 1
    assert count_runs("test.race") == 1
    assert [process.exitcode for process in processes] == [0] * RACERS


def test_four_run_job_commands_at_once_run_the_job_once(shared_database):
    env, count_runs = shared_database
    commands = [subprocess.Popen([sys.executable, "manage.py", "run_job", "jobs.prune_job_history"],
                                 cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for _ in range(RACERS)]
    outputs = [command.communicate(timeout=120) for command in commands]

    assert [command.returncode for command in commands] == [0] * RACERS, outputs
    stdout = [out for out, _ in outputs]
    assert sum("uitgevoerd (poging 1)" in out for out in stdout) == 1, stdout
    assert sum("al uitgevoerd of loopt" in out for out in stdout) == RACERS - 1, stdout
    assert count_runs("jobs.prune_job_history") == 1
