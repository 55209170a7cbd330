"""With SCHAKEL_BROWSER_TESTS=1 (CI) Chromium must be there: browser tests never skip in CI."""

import os

from tests.fixtures.browser import CHROMIUM, browser_tests_required, chromium_available


def test_ci_requires_browser_tests():
    if os.environ.get("CI", "").lower() == "true":
        assert browser_tests_required(), "CI=true but SCHAKEL_BROWSER_TESTS is not set: .ci/run must set it"


def test_chromium_is_installed_when_browser_tests_are_required():
    if browser_tests_required():
        assert chromium_available(), f"SCHAKEL_BROWSER_TESTS=1 but {CHROMIUM} is missing"
