"""A plain `pytest`, without the Makefile's SCHAKEL_ENVIRONMENT, collects the suite (issue 11)."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def test_plain_pytest_collects_the_test_apps_without_schakel_environment():
    env = {k: v for k, v in os.environ.items() if k not in {"SCHAKEL_ENVIRONMENT", "DJANGO_SETTINGS_MODULE"}}
    # tests/privacy imports the test-only app that only the test environment installs.
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:xdist",
                             "tests/privacy/test_files.py"],
                            cwd=PROJECT, env=env, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "RuntimeError" not in result.stdout
