"""Shared fixtures: a fixed clock, users per role, a real SMTP server, Chromium with axe-core."""

import pytest

pytest_plugins = ["tests.fixtures.people", "tests.fixtures.smtp", "tests.fixtures.browser",
                  "tests.fixtures.task_queue"]


@pytest.fixture(autouse=True)
def _isolated_settings(settings, tmp_path):
    """Files and caches of one test never leak into another."""
    settings.FILE_STORE_DIR = tmp_path / "files"
    settings.DEMO_MODE = False
