"""With SCHAKEL_BROWSER_TESTS=1 (CI) Chromium must be there: browser tests never skip in CI."""

import os
import subprocess
import sys
from pathlib import Path

from tests.fixtures.browser import CHROMIUM, browser_tests_required, chromium_available

PROJECT_DIR = Path(__file__).resolve().parents[2]


def test_ci_requires_browser_tests():
    if os.environ.get("CI", "").lower() == "true":
        assert browser_tests_required(), "CI=true but SCHAKEL_BROWSER_TESTS is not set: .ci/run must set it"


def test_chromium_is_installed_when_browser_tests_are_required():
    if browser_tests_required():
        assert chromium_available(), f"SCHAKEL_BROWSER_TESTS=1 but {CHROMIUM} is missing"


def _run_one_browser_test(**env_changes):
    env = {key: value for key, value in os.environ.items()
           if key not in {"SCHAKEL_BROWSER_TESTS", "DATABASE_URL"} and not key.startswith("PYTEST_")}
    env.update(env_changes, SCHAKEL_CHROMIUM="/nonexistent/chromium", SCHAKEL_ENVIRONMENT="test")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:xdist",
         "tests/e2e/test_shell.py::test_stylesheet_is_served_to_the_browser"],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
    )


def test_without_chromium_browser_tests_skip_with_a_reason_unless_required():
    optional = _run_one_browser_test()
    assert optional.returncode == 0, optional.stdout + optional.stderr
    assert "1 skipped" in optional.stdout
    assert "/nonexistent/chromium is missing" in optional.stdout

    required = _run_one_browser_test(SCHAKEL_BROWSER_TESTS="1")
    assert required.returncode == 1, required.stdout + required.stderr
    assert "1 error" in required.stdout
    assert "SCHAKEL_BROWSER_TESTS is set but /nonexistent/chromium is missing" in required.stdout
