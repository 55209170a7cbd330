"""The browser harness itself: axe-core runs on every page and its checks can fail."""

import pytest

from tests.fixtures.browser import BrowserGuard, check_reflow, format_reflow, format_violations, run_axe

INACCESSIBLE = b"<!DOCTYPE html><html><head><title>x</title></head><body><img src='/static/x.png'>" \
               b"<input type='text'></body></html>"


@pytest.fixture
def unwatched_page(browser, live_server):
    """A page outside the automatic checks, to show the checks themselves find problems."""
    context = browser.new_context(base_url=live_server.url)
    yield context.new_page()
    context.close()


def test_every_page_navigated_to_is_checked_by_axe(page, browser_guard, signed_in):
    signed_in("focal_officer")

    page.goto("/")
    page.goto("/bestaat-niet")
    page.get_by_role("link", name="Schakel").click()

    paths = [url.split("/", 3)[3] for url in browser_guard.checked_urls]
    assert paths == ["", "bestaat-niet", ""]


def test_axe_reports_rule_impact_and_target(unwatched_page):
    unwatched_page.route("**/kapot", lambda route: route.fulfill(body=INACCESSIBLE, content_type="text/html"))
    unwatched_page.goto("/kapot")

    violations = run_axe(unwatched_page)

    rules = {violation.rule for violation in violations}
    assert {"html-has-lang", "image-alt", "label"} <= rules
    report = format_violations(violations)
    assert "image-alt [critical]" in report
    assert "at img" in report
    assert "/kapot" in report


def test_guard_fails_on_a_request_to_another_host(unwatched_page, live_server):
    guard = BrowserGuard(origin=live_server.url)
    guard.watch_context(unwatched_page.context)
    guard.watch_page(unwatched_page)
    page_with_cdn = (b"<!DOCTYPE html><html lang='nl'><head><title>x</title>"
                     b"<link rel='stylesheet' href='https://cdn.example.org/nlds.css'></head>"
                     b"<body><main><h1>x</h1></main></body></html>")
    unwatched_page.route("**/cdn", lambda route: route.fulfill(body=page_with_cdn, content_type="text/html"))

    unwatched_page.goto("/cdn")

    with pytest.raises(AssertionError, match=r"host other than the live server(.|\n)*cdn\.example\.org/nlds\.css"):
        guard.finish()
    guard.forget()


def test_guard_fails_on_a_content_security_policy_violation(unwatched_page, live_server):
    guard = BrowserGuard(origin=live_server.url)
    guard.watch_context(unwatched_page.context)
    guard.watch_page(unwatched_page)
    inline_script = (b"<!DOCTYPE html><html lang='nl'><head><title>x</title></head>"
                     b"<body><main><h1>x</h1><script>document.title = 'y'</script></main></body></html>")
    unwatched_page.route("**/inline", lambda route: route.fulfill(
        body=inline_script, content_type="text/html", headers={"Content-Security-Policy": "script-src 'self'"}))

    unwatched_page.goto("/inline")

    with pytest.raises(AssertionError, match="Content Security Policy"):
        guard.finish()
    guard.forget()


def test_guard_fails_on_a_missing_stylesheet(unwatched_page, live_server):
    guard = BrowserGuard(origin=live_server.url)
    guard.watch_context(unwatched_page.context)
    guard.watch_page(unwatched_page)
    missing_css = (b"<!DOCTYPE html><html lang='nl'><head><title>x</title>"
                   b"<link rel='stylesheet' href='/static/bestaat-niet.css'></head>"
                   b"<body><main><h1>x</h1></main></body></html>")
    unwatched_page.route("**/css", lambda route: route.fulfill(body=missing_css, content_type="text/html"))

    unwatched_page.goto("/css")

    with pytest.raises(AssertionError, match=r"stylesheet .*/static/bestaat-niet\.css answered 404"):
        guard.finish()
    guard.forget()


def test_guard_fails_on_a_server_error(unwatched_page, live_server):
    guard = BrowserGuard(origin=live_server.url)
    guard.watch_context(unwatched_page.context)
    guard.watch_page(unwatched_page)
    unwatched_page.route("**/boem", lambda route: route.fulfill(status=500, body=b"<!DOCTYPE html><html lang='nl'>"
                                                                b"<title>x</title><main><h1>x</h1></main></html>",
                                                                content_type="text/html"))

    unwatched_page.goto("/boem")

    with pytest.raises(AssertionError, match=r"server errors(.|\n)*GET .*/boem \(document\) answered 500"):
        guard.finish()
    guard.forget()


WIDE = (b"<!DOCTYPE html><html lang='nl'><head><title>x</title></head>"
        b"<body><main><h1>x</h1><table class='breed'><tr><td>" + b"a" * 10 + b"</td></tr></table></main></body></html>")


def test_reflow_check_finds_a_page_that_scrolls_sideways_at_320_px(unwatched_page):
    wide_table = WIDE.replace(b"<table class='breed'>", b"<table class='breed' width='900'>")
    unwatched_page.route("**/breed", lambda route: route.fulfill(body=wide_table, content_type="text/html"))
    unwatched_page.goto("/breed")

    failure = check_reflow(unwatched_page)

    assert failure is not None
    assert failure.scroll_width >= 900
    assert failure.client_width == 320
    assert any(offender.startswith("table.breed") for offender in failure.offenders)
    assert "/breed: " in format_reflow([failure])
    assert unwatched_page.viewport_size["width"] == 1280


def test_reflow_check_passes_a_page_that_fits_and_a_scroll_box(unwatched_page):
    boxed = WIDE.replace(b"<table class='breed'>", b"<div class='box' tabindex='0' role='region' aria-label='t'>"
                         b"<table class='breed' width='900'>").replace(b"</table>", b"</table></div>")
    boxed = boxed.replace(b"<title>x</title>", b"<title>x</title><style>.box{overflow-x:auto}</style>")
    unwatched_page.route("**/past", lambda route: route.fulfill(body=WIDE, content_type="text/html"))
    unwatched_page.route("**/doos", lambda route: route.fulfill(body=boxed, content_type="text/html"))

    unwatched_page.goto("/past")
    assert check_reflow(unwatched_page) is None
    unwatched_page.goto("/doos")
    assert check_reflow(unwatched_page) is None


def test_guard_fails_on_a_page_that_scrolls_sideways(unwatched_page, live_server):
    guard = BrowserGuard(origin=live_server.url)
    guard.watch_context(unwatched_page.context)
    guard.watch_page(unwatched_page)
    wide_table = WIDE.replace(b"<table class='breed'>", b"<table class='breed' width='900'>")
    unwatched_page.route("**/breed", lambda route: route.fulfill(body=wide_table, content_type="text/html"))

    unwatched_page.goto("/breed")
    guard.after_action(unwatched_page)

    with pytest.raises(AssertionError, match=r"scroll sideways at 320 px(.|\n)*/breed: 9\d\d px wide"):
        guard.finish()
    guard.forget()
