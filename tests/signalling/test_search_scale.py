"""Search at national scale: tokens looked up within the user's municipalities, a capped count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schakel.signalling import selectors
from schakel.signalling.models import SearchToken, SignalStatus
from schakel.signalling.normalise import classify_query
from schakel.signalling.selectors import InboxFilters, Tab

from .triage_factories import SignalFactory, add_entity

TODAY = datetime.date(2026, 3, 10)


def _inbox(user, **filters):
    return selectors.inbox(user=user, filters=InboxFilters(**filters), today=TODAY)


def _refs(result):
    return [row.signal.reference for row in result.rows]


@pytest.fixture
def officer(world):
    return world.user("focal_officer")


def test_every_token_carries_its_signals_municipality(world):
    signal = SignalFactory(municipality=world.a2)
    add_entity(signal, "phone", {"number": "0612345678"})
    assert set(SearchToken.objects.filter(signal=signal).values_list("municipality_id", flat=True)) == {world.a2.pk}


def test_token_look_up_is_limited_to_the_given_municipalities(world):
    ours = SignalFactory(municipality=world.a1, description="Matrassen in de schuur")
    theirs = SignalFactory(municipality=world.a2, description="Matrassen in de garage")
    terms = classify_query("matrassen")

    def found(municipalities=None):
        return set(selectors.search_signal_ids(terms, municipalities).values_list("signal_id", flat=True))

    assert found({world.a1.pk}) == {ours.pk}
    assert found({world.a1.pk, world.a2.pk}) == {ours.pk, theirs.pk}
    assert found() == {ours.pk, theirs.pk}


def test_the_inbox_search_filters_tokens_by_the_users_municipalities(world, officer):
    ours = SignalFactory(municipality=world.a1, description="Matrassen in de schuur")
    SignalFactory(municipality=world.a2, description="Matrassen in de garage")
    with CaptureQueriesContext(connection) as queries:
        assert _refs(_inbox(officer, query="matrassen")) == [ours.reference]
    token_queries = [q["sql"] for q in queries.captured_queries if "signalling_searchtoken" in q["sql"]]
    assert token_queries
    for sql in token_queries:
        # The token subquery itself is narrowed to A1, not only the signals around it.
        subquery = sql[sql.index("signalling_searchtoken"):]
        assert f"municipality_id\" IN ({world.a1.pk})" in subquery.replace("U0.", "").replace('"U0".', "")


def test_multiple_words_must_all_match_within_the_municipality(world, officer):
    both = SignalFactory(municipality=world.a1, description="Matrassen en een caravan achter de kas")
    SignalFactory(municipality=world.a1, description="Alleen matrassen")
    SignalFactory(municipality=world.a2, description="Matrassen en een caravan in Abbega")
    assert _refs(_inbox(officer, query="caravan matrassen")) == [both.reference]


def test_search_count_stops_at_the_cap_and_says_so(world, officer, monkeypatch, login):
    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 3)
    monkeypatch.setattr(selectors, "PAGE_SIZE", 3)  # a full first page: the count runs
    SignalFactory.create_batch(5, municipality=world.a1, description="Matrassen op zolder",
                               status=SignalStatus.CLOSED, close_reason="not_trafficking")
    with CaptureQueriesContext(connection) as queries:
        result = _inbox(officer, tab=Tab.CLOSED, query="matrassen")
    assert result.page.paginator.count == 3 and result.page.paginator.capped
    assert result.page.paginator.num_pages == 1 and len(result.rows) == 3
    [count_sql] = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert "LIMIT 4" in count_sql and "ORDER BY" not in count_sql.upper()

    page = login(officer).get("/signalen/", {"tab": "closed", "q": "matrassen"}).content.decode()
    assert "Meer dan 3 signalen gevonden voor ‘matrassen’" in page


def test_a_first_page_that_is_not_full_is_the_count_and_ends_at_the_cap(world, officer, monkeypatch):
    SignalFactory.create_batch(2, municipality=world.a1, description="Matrassen op zolder")
    with CaptureQueriesContext(connection) as queries:
        result = _inbox(officer, query="matrassen")
    assert (result.page.paginator.count, result.page.paginator.capped, len(result.rows)) == (2, False, 2)
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]

    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 1)
    capped = _inbox(officer, query="matrassen")
    assert (capped.page.paginator.count, capped.page.paginator.capped, len(capped.rows)) == (1, True, 1)


def test_below_the_cap_the_count_is_exact(world, officer, monkeypatch, login):
    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 3)
    SignalFactory.create_batch(3, municipality=world.a1, description="Matrassen op zolder")
    result = _inbox(officer, query="matrassen")
    assert result.page.paginator.count == 3 and not result.page.paginator.capped
    page = login(officer).get("/signalen/", {"q": "matrassen"}).content.decode()
    assert "3 signalen gevonden voor ‘matrassen’" in page
    assert "Meer dan" not in page
