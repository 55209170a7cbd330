"""Browser tests. The harness (Chromium, axe-core after every page, third-party and error checks,
`browser_login`) lives in tests/fixtures/browser.py so tests anywhere can use it; see README.md."""

import pytest

from tests.fixtures.people import World


@pytest.fixture
def signed_in(world: World, page, browser_login):
    """`signed_in("focal_officer")`: the page, logged in (both factors) as that user of `world`."""

    def _signed_in(key: str):
        user = world.user(key)
        browser_login(page, user)
        return user

    return _signed_in
