"""The menu marks exactly one item as the current page."""

import pytest


@pytest.mark.django_db
def test_menu_marks_only_the_most_specific_item_as_current(world, login):
    client = login(world.user("focal_officer"))
    report_page = client.get("/signalen/melden").content.decode()
    inbox_page = client.get("/signalen/").content.decode()

    assert 'href="/signalen/melden" aria-current="page"' in report_page
    assert 'href="/signalen/" aria-current="page"' not in report_page
    assert 'href="/signalen/" aria-current="page"' in inbox_page
    assert 'href="/signalen/melden" aria-current="page"' not in inbox_page


@pytest.mark.django_db
def test_signals_menu_item_shows_on_the_home_page_for_focal_officers_only(world, login):
    assert 'href="/signalen/"' in login(world.user("focal_officer")).get("/").content.decode()
    assert 'href="/signalen/"' not in login(world.user("policy_officer")).get("/").content.decode()
