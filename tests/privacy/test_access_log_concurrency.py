"""Eight writers and a sealer at the same time: every row sealed once, one unbroken chain.

The threads run in a child process with one database connection each, against a database the
child can open: on PostgreSQL the test database (committed, hence a transactional test); on
SQLite a migrated file database, because the in-memory test database lives inside the pytest
process only and answers concurrent writers with "table is locked" instead of waiting.
"""

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

from tests.privacy.chain_race import race

PROJECT_DIR = Path(__file__).resolve().parents[2]
WRITERS, WRITES_EACH = 8, 40
pytestmark = pytest.mark.django_db(transaction=True)


def _child_env() -> dict:
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "SCHAKEL_DATA_DIR"}}
    env.update(DJANGO_SETTINGS_MODULE="schakel.settings", SCHAKEL_ENVIRONMENT="test",
               PYTHONPATH=os.pathsep.join([str(PROJECT_DIR / "src"), str(PROJECT_DIR)]))
    return env


@pytest.fixture
def shared_database(tmp_path):
    if connection.vendor == "sqlite":
        env = {**_child_env(), "SCHAKEL_DATA_DIR": str(tmp_path)}
        subprocess.run([sys.executable, "manage.py", "migrate", "privacy", "--noinput", "--skip-checks", "-v0"],
                       cwd=PROJECT_DIR, env=env, check=True, capture_output=True)
        return env
    url = urlsplit(os.environ["DATABASE_URL"])
    return {**_child_env(), "DATABASE_URL": urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"]))}


def test_writers_and_a_sealer_at_the_same_time_leave_one_unbroken_chain(shared_database):
    # On PostgreSQL one more writer commits only after rows with higher ids were sealed (a slow
    # request); SQLite's write lock lets no transaction overtake another, so it has none.
    late = connection.vendor == "postgresql"
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=race, args=(shared_database, results, WRITERS, WRITES_EACH, late))
    process.start()
    outcome = results.get(timeout=300)
    process.join(timeout=60)

    rows = WRITERS * WRITES_EACH + (1 if late else 0)
    assert outcome["errors"] == []
    assert (outcome["rows"], outcome["unsealed"]) == (rows, 0)
    assert outcome["sequence_numbers"] == list(range(1, rows + 1))
    assert outcome["breaks"] == []
    assert outcome["sealed_while_writing"] > 0
    assert outcome["sealed_while_writing"] + outcome["sealed_at_the_end"] == rows
    assert outcome["late_sealed_after_higher_ids"] is (True if late else None)
    assert process.exitcode == 0
