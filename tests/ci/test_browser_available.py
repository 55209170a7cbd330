"""With SCHAKEL_BROWSER_TESTS=1 (CI) Chromium must be there: browser tests never skip in CI."""

import os

import pytest

from tests.fixtures import browser as browser_plugin
from tests.fixtures.browser import CHROMIUM, browser_tests_required, chromium_available


def test_ci_requires_browser_tests():
    if os.environ.get("CI", "").lower() == "true":
        assert browser_tests_required(), "CI=true but SCHAKEL_BROWSER_TESTS is not set: .ci/run must set it"


def test_chromium_is_installed_when_browser_tests_are_required():
    if browser_tests_required():
        assert chromium_available(), f"SCHAKEL_BROWSER_TESTS=1 but {CHROMIUM} is missing"



class _BrowserItem:
    """Just enough of a pytest item marked `browser` for the setup hook."""

    def __init__(self):
        self.user_properties = []

    def get_closest_marker(self, name):
        return pytest.mark.browser.mark if name == "browser" else None


def test_without_chromium_a_browser_test_skips_with_a_reason(monkeypatch):
    monkeypatch.setattr(browser_plugin, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.delenv("SCHAKEL_BROWSER_TESTS", raising=False)
    item = _BrowserItem()

    with pytest.raises(pytest.skip.Exception, match="/nonexistent/chromium is missing"):
        browser_plugin.pytest_runtest_setup(item)
    assert item.user_properties == [("browser", "true")]


def test_without_chromium_a_browser_test_errors_when_browser_tests_are_required(monkeypatch):
    monkeypatch.setattr(browser_plugin, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("SCHAKEL_BROWSER_TESTS", "1")

    with pytest.raises(pytest.fail.Exception, match="SCHAKEL_BROWSER_TESTS is set but /nonexistent/chromium"):
        browser_plugin.pytest_runtest_setup(_BrowserItem())


def test_browser_test_runs_when_chromium_is_there(monkeypatch, tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setattr(browser_plugin, "CHROMIUM", str(fake))
    monkeypatch.setenv("SCHAKEL_BROWSER_TESTS", "1")

    assert browser_plugin.pytest_runtest_setup(_BrowserItem()) is None
