"""The inbox reads: tenancy, tabs, search on blind-index tokens, filters, sorting, no encrypted columns."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schakel.signalling import selectors
from schakel.signalling.models import SearchToken, SignalStatus
from schakel.signalling.rules import DeadlineState
from schakel.signalling.selectors import InboxFilters, SortOrder, Tab

from .triage_factories import SignalFactory, add_entity

UTC = datetime.timezone.utc
TODAY = datetime.date(2026, 3, 10)  # Tue: a signal received Mon 2 March is past its first-reaction date (Mon 9)


def _refs(result):
    return [row.signal.reference for row in result.rows]


def _inbox(user, **filters):
    return selectors.inbox(user=user, filters=InboxFilters(**filters), today=TODAY)


@pytest.fixture
def officer(world):
    return world.user("focal_officer")


def test_other_municipalities_signals_are_invisible_in_every_tab_and_search(world, officer):
    ours = SignalFactory(municipality=world.a1)
    add_entity(ours, "phone", {"number": "0612345678"})
    theirs = SignalFactory(municipality=world.a2)
    add_entity(theirs, "phone", {"number": "0612345678"})
    far = SignalFactory(municipality=world.b1)
    add_entity(far, "phone", {"number": "0612345678"})
    for tab in Tab.values:
        assert theirs.reference not in _refs(_inbox(officer, tab=tab))
        assert far.reference not in _refs(_inbox(officer, tab=tab))
    assert _refs(_inbox(officer, query="06-12345678")) == [ours.reference]
    assert _refs(_inbox(world.other_municipality, query="06-12345678")) == [theirs.reference]
    assert selectors.inbox_counts(user=world.other_region, today=TODAY)["new"] == 1


def test_a_reporter_who_is_not_a_focal_officer_has_an_empty_inbox(world):
    SignalFactory(municipality=world.a1, reporter=world.user("reporter"))
    assert _refs(_inbox(world.user("reporter"))) == []


def test_tabs(world, officer):
    new = SignalFactory(municipality=world.a1)
    mine = SignalFactory(municipality=world.a1, status=SignalStatus.IN_TRIAGE, assigned_to=officer,
                         first_reaction_at=datetime.datetime(2026, 3, 3, tzinfo=UTC))
    overdue = SignalFactory(municipality=world.a1, first_reaction_due=datetime.date(2026, 3, 9))
    waiting = SignalFactory(municipality=world.a1, status=SignalStatus.IN_TRIAGE, waiting_for_reporter=True,
                            first_reaction_at=datetime.datetime(2026, 3, 3, tzinfo=UTC))
    closed = SignalFactory(municipality=world.a1, status=SignalStatus.CLOSED, close_reason="not_trafficking")
    on_agenda = SignalFactory(municipality=world.a1, status=SignalStatus.ON_AGENDA,
                              first_reaction_due=datetime.date(2026, 3, 3), triage_due=datetime.date(2026, 3, 4))
    assert set(_refs(_inbox(officer, tab=Tab.NEW))) == {new.reference, overdue.reference}
    assert _refs(_inbox(officer, tab=Tab.MINE)) == [mine.reference]
    assert set(_refs(_inbox(officer, tab=Tab.OVERDUE))) == {new.reference, overdue.reference}
    assert _refs(_inbox(officer, tab=Tab.WAITING)) == [waiting.reference]
    assert _refs(_inbox(officer, tab=Tab.CLOSED)) == [closed.reference]
    assert closed.reference not in _refs(_inbox(officer, tab=Tab.OPEN))
    assert on_agenda.reference in _refs(_inbox(officer, tab=Tab.OPEN))
    assert on_agenda.reference not in _refs(_inbox(officer, tab=Tab.OVERDUE))  # out of triage: no deadline runs


def test_after_the_first_reaction_the_triage_deadline_counts(world, officer):
    reacted = SignalFactory(municipality=world.a1, status=SignalStatus.IN_TRIAGE,
                            first_reaction_at=datetime.datetime(2026, 3, 3, tzinfo=UTC),
                            first_reaction_due=datetime.date(2026, 3, 9), triage_due=datetime.date(2026, 3, 16))
    [row] = _inbox(officer).rows
    assert row.signal == reacted
    assert (row.deadline, row.state) == (datetime.date(2026, 3, 16), DeadlineState.ON_TIME)
    assert _refs(_inbox(officer, tab=Tab.OVERDUE)) == []


def test_deadline_states_from_stored_dates(world, officer):
    SignalFactory(municipality=world.a1, reference="2026-000901", first_reaction_due=datetime.date(2026, 3, 9))
    SignalFactory(municipality=world.a1, reference="2026-000902", first_reaction_due=datetime.date(2026, 3, 11))
    SignalFactory(municipality=world.a1, reference="2026-000903", first_reaction_due=datetime.date(2026, 3, 20))
    states = {row.signal.reference: row.state for row in _inbox(officer).rows}
    assert states == {"2026-000901": DeadlineState.OVERDUE,    # Mon 9 March, today Tue 10
                      "2026-000902": DeadlineState.DUE_SOON,   # Wed 11 March
                      "2026-000903": DeadlineState.ON_TIME}    # Fri 20 March


@pytest.mark.parametrize(("kind", "data", "query"), [
    ("phone", {"number": "+31 6 12345678"}, "06-12345678"),
    ("address", {"postcode": "1234AB", "house_number": "12", "house_number_addition": "a"}, "1234 ab 12"),
    ("address", {"postcode": "1234AB", "house_number": "12", "house_number_addition": "a"}, "1234AB 12-A"),
    ("vehicle", {"plate": "AB-123-C"}, "ab123c"),
    ("company", {"name": "Schoon BV", "kvk": "12345678"}, "1234 5678"),
    ("email", {"address": "baas@uitzend.example"}, "Baas@Uitzend.example"),
    ("website", {"url": "https://www.sexadvertentie.example/123"}, "sexadvertentie.example"),
    ("person", {"name": "Piet van der Bijl"}, "piet bijl"),
])
def test_search_finds_the_signal_by_identifier_and_not_others(world, officer, kind, data, query):
    target = SignalFactory(municipality=world.a1, description="Niets bijzonders")
    add_entity(target, kind, data, person_role="other" if kind == "person" else "")
    SignalFactory(municipality=world.a1, description="Ook niets")
    assert _refs(_inbox(officer, query=query)) == [target.reference]


def test_search_words_must_all_match(world, officer):
    both = SignalFactory(municipality=world.a1, description="Mannen slapen in een caravan bij de kas")
    SignalFactory(municipality=world.a1, description="Een caravan op de camping")
    assert _refs(_inbox(officer, query="caravan mannen")) == [both.reference]
    assert len(_inbox(officer, query="Caravan").rows) == 2
    assert _refs(_inbox(officer, query="caravan fietsen")) == []


def test_search_by_reference(world, officer):
    signal = SignalFactory(municipality=world.a1, reference="2026-000123")
    assert _refs(_inbox(officer, query="2026-123")) == [signal.reference]
    assert _refs(_inbox(officer, query=" 2026-000123 ")) == [signal.reference]


def test_search_stores_and_sends_no_plaintext(world, officer):
    signal = SignalFactory(municipality=world.a1)
    add_entity(signal, "phone", {"number": "0612345678"})
    assert not SearchToken.objects.filter(token__contains="612345678").exists()
    with CaptureQueriesContext(connection) as queries:
        _inbox(officer, query="0612345678")
    assert not any("612345678" in q["sql"] for q in queries.captured_queries)


def test_list_query_reads_no_encrypted_column(world, officer):
    SignalFactory(municipality=world.a1)
    with CaptureQueriesContext(connection) as queries:
        _inbox(officer)
    list_sql = [q["sql"] for q in queries.captured_queries if "signalling_signal" in q["sql"]]
    assert list_sql
    for sql in list_sql:
        for column in ("description", "reporter_contact", "location_address"):
            assert f'"{column}"' not in sql


def test_filters(world, officer):
    labour = SignalFactory(municipality=world.a1, forms=["labour"], sector="agriculture", channel="staff")
    sexual = SignalFactory(municipality=world.a1, forms=["sexual", "criminal"], sector="prostitution",
                           channel="public", received_at=datetime.datetime(2026, 2, 1, 12, tzinfo=UTC))
    assert _refs(_inbox(officer, form="sexual")) == [sexual.reference]
    assert _refs(_inbox(officer, form="criminal")) == [sexual.reference]
    assert _refs(_inbox(officer, sector="agriculture")) == [labour.reference]
    assert _refs(_inbox(officer, channel="public")) == [sexual.reference]
    assert _refs(_inbox(officer, status="received", received_from=datetime.date(2026, 3, 1))) == [labour.reference]
    assert _refs(_inbox(officer, received_until=datetime.date(2026, 2, 1))) == [sexual.reference]


def test_received_period_uses_amsterdam_dates(world, officer):
    # Sat 28 Feb 23:30 UTC is Sun 1 March 00:30 in Amsterdam
    late = SignalFactory(municipality=world.a1, received_at=datetime.datetime(2026, 2, 28, 23, 30, tzinfo=UTC))
    assert _refs(_inbox(officer, received_from=datetime.date(2026, 3, 1), received_until=datetime.date(2026, 3, 1))) \
        == [late.reference]


def test_sorting(world, officer):
    a = SignalFactory(municipality=world.a1, reference="2026-000003", first_reaction_due=datetime.date(2026, 3, 20),
                      received_at=datetime.datetime(2026, 3, 5, tzinfo=UTC))
    b = SignalFactory(municipality=world.a1, reference="2026-000001", first_reaction_due=datetime.date(2026, 3, 12),
                      received_at=datetime.datetime(2026, 3, 1, tzinfo=UTC))
    c = SignalFactory(municipality=world.a1, reference="2026-000002", status=SignalStatus.ON_AGENDA,
                      received_at=datetime.datetime(2026, 3, 3, tzinfo=UTC))
    assert _refs(_inbox(officer, sort=SortOrder.DEADLINE)) == [b.reference, a.reference, c.reference]
    assert _refs(_inbox(officer, sort=SortOrder.RECEIVED)) == [a.reference, c.reference, b.reference]
    assert _refs(_inbox(officer, sort=SortOrder.RECEIVED_OLDEST)) == [b.reference, c.reference, a.reference]
    assert _refs(_inbox(officer, sort=SortOrder.REFERENCE)) == [b.reference, c.reference, a.reference]


def test_pagination_25_per_page(world, officer):
    SignalFactory.create_batch(27, municipality=world.a1)
    first = _inbox(officer)
    assert len(first.rows) == 25 and first.page.paginator.count == 27
    second = selectors.inbox(user=officer, filters=InboxFilters(), today=TODAY, page_number=2)
    assert len(second.rows) == 2


def _page(officer, number, **filters):
    with CaptureQueriesContext(connection) as queries:
        result = selectors.inbox(user=officer, filters=InboxFilters(**filters), today=TODAY, page_number=number)
    signal_queries = [q["sql"] for q in queries.captured_queries if "signalling_signal" in q["sql"]]
    return result, signal_queries


def test_sorted_by_deadline_the_page_query_counts_too_on_every_page(world, officer):
    SignalFactory.create_batch(27, municipality=world.a1)
    for number, rows in ((1, 25), (2, 2)):
        result, signal_queries = _page(officer, number)
        assert (len(result.rows), result.page.paginator.count, result.page.number) == (rows, 27, number)
        assert result.page.paginator.num_pages == 2 and result.page.has_next() == (number == 1)
        [page_sql] = signal_queries
        assert "OVER ()" in page_sql


def test_sorted_by_deadline_a_page_beyond_the_last_or_no_number_shows_what_paginator_shows(world, officer):
    SignalFactory.create_batch(27, municipality=world.a1)
    beyond, signal_queries = _page(officer, 9)
    assert (beyond.page.number, len(beyond.rows), beyond.page.paginator.count) == (2, 2, 27)
    assert len(signal_queries) == 3  # nothing on page 9, so: count, then the last page
    for number in ("x", None, "1.5"):
        assert _page(officer, number)[0].page.number == 1
    assert _page(officer, 0)[0].page.number == 2  # as Paginator.get_page: below 1 is the last page


def test_sorted_by_deadline_an_empty_list_counts_zero_in_one_query(world, officer):
    result, signal_queries = _page(officer, 1)
    assert (result.rows, result.page.paginator.count, result.page.paginator.num_pages) == ([], 0, 1)
    assert len(signal_queries) == 1


def test_sorted_by_received_a_page_that_is_not_full_is_the_count_and_a_full_one_counts(world, officer):
    SignalFactory.create_batch(3, municipality=world.a1)
    result, signal_queries = _page(officer, 1, sort=SortOrder.RECEIVED)
    assert (result.page.paginator.count, len(result.rows)) == (3, 3)
    assert len(signal_queries) == 1 and "OVER" not in signal_queries[0]

    SignalFactory.create_batch(24, municipality=world.a1)
    for number, rows in ((1, 25), (2, 2)):
        result, signal_queries = _page(officer, number, sort=SortOrder.RECEIVED)
        assert (result.page.paginator.count, len(result.rows), result.page.paginator.num_pages) == (27, rows, 2)
        assert len(signal_queries) == (2 if number == 1 else 1)  # a full page counts apart
    beyond, signal_queries = _page(officer, 5, sort=SortOrder.RECEIVED)
    assert (beyond.page.number, len(beyond.rows)) == (2, 2)


def test_row_names_come_from_the_memberships_and_a_granted_signal_elsewhere_reads_its_own(world, officer):
    from schakel.accounts.models import User
    from schakel.privacy.emergency import break_glass

    ours = SignalFactory(municipality=world.a1, assigned_to=officer)
    elsewhere = SignalFactory(municipality=world.a2)  # emergency access stays within the region
    result, _queries = _page(officer, 1)
    assert [(row.signal.municipality.name, row.signal.assigned_to) for row in result.rows] == [("Aadorp", officer)]
    with CaptureQueriesContext(connection) as queries:
        _inbox(User.objects.get(pk=officer.pk))
    assert not any('FROM "organisations_municipality" WHERE' in q["sql"] for q in queries.captured_queries)

    break_glass(user=officer, record=elsewhere, reason="Acute melding politie, AF onbereikbaar")
    granted = User.objects.get(pk=officer.pk)
    names = {row.signal.reference: row.signal.municipality.name for row in _inbox(granted).rows}
    assert names == {ours.reference: "Aadorp", elsewhere.reference: "Abbega"}


def test_regional_focal_officer_sees_the_municipalities_they_act_for(world):
    from schakel.accounts.models import Membership
    from schakel.accounts.roles import Role
    from tests.factories import UserFactory

    regional = UserFactory(username="regionaal")
    membership = Membership.objects.create(user=regional, organisation=world.organisations["region_a"],
                                           role=Role.FOCAL_OFFICER)
    membership.acts_for.add(world.a1, world.a2)
    a1 = SignalFactory(municipality=world.a1)
    a2 = SignalFactory(municipality=world.a2)
    SignalFactory(municipality=world.b1)
    assert set(_refs(_inbox(regional))) == {a1.reference, a2.reference}
    assert {row.signal.municipality.name for row in _inbox(regional).rows} == {"Aadorp", "Abbega"}
