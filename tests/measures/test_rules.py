"""The pure rules: a type's details checked, step deadlines in calendar days, working days, weeks, months."""

import datetime

import pytest

from schakel.measures.catalogue import measure_types
from schakel.measures.rules import check_details, clean_details, count_from, step_due

D = datetime.date


def problems(type_key, details):
    kind = measure_types()[type_key]
    return check_details(kind, clean_details(kind, details))


@pytest.mark.parametrize(("type_key", "details", "field", "words"), [
    # A Bibob advice without a request.
    ("bibob_check", {"permit_concerned": "alcohol", "advice_received_on": "2026-03-05"}, "advice_received_on",
     "adviesaanvraag"),
    # A degree of danger without an advice.
    ("bibob_check", {"permit_concerned": "alcohol", "danger_degree": "serious"}, "danger_degree", "advies"),
    # An advice before its request.
    ("bibob_check", {"permit_concerned": "alcohol", "advice_requested_on": "2026-03-05",
                     "advice_received_on": "2026-03-01"}, "advice_received_on", "eerder"),
    # A closure without an order date.
    ("premises_closure", {"closed_from": "2026-03-05"}, "ordered_on", "Sluitingsbevel"),
    # Closure dates in the wrong order.
    ("premises_closure", {"ordered_on": "2026-03-05", "closed_from": "2026-04-10", "closed_until": "2026-04-01"},
     "closed_until", "vóór de begindatum"),
    # A decision before the application.
    ("permit_refusal", {"permit_kind": "apv", "decision": "refused", "application_received_on": "2026-03-05",
                        "decided_on": "2026-02-01"}, "decided_on", "vóór de aanvraag"),
    # A negative count.
    ("brp_address_investigation", {"registered_persons": -1}, "registered_persons", "minstens 0"),
    # A choice that is not in the list.
    ("permit_refusal", {"permit_kind": "casino", "decision": "refused"}, "permit_kind", "mogelijkheden"),
])
def test_bad_details_are_refused_with_a_dutch_reason_on_the_field(type_key, details, field, words):
    found = problems(type_key, details)
    assert field in found
    assert any(words in message for message in found[field])


def test_good_details_pass():
    assert problems("bibob_check", {"permit_concerned": "alcohol", "advice_requested_on": "2026-03-02",
                                    "advice_received_on": "2026-04-20", "danger_degree": "serious",
                                    "decision": "refused", "decided_on": "2026-05-01"}) == {}


def test_empty_values_and_unticked_boxes_are_not_kept():
    kind = measure_types()["penalty_order"]
    assert clean_details(kind, {"imposed_on": D(2026, 3, 2), "forfeited": False, "amount_eur": None,
                                "term_days": 0}) == {"imposed_on": "2026-03-02", "term_days": 0}


@pytest.mark.parametrize(("start", "unit", "amount", "due"), [
    (D(2026, 3, 2), "calendar_days", 14, D(2026, 3, 16)),
    (D(2026, 3, 2), "weeks", 8, D(2026, 4, 27)),
    (D(2026, 1, 31), "months", 1, D(2026, 2, 28)),      # clamped to the month's last day
    (D(2026, 4, 24), "working_days", 2, D(2026, 4, 29)),  # Fri; skips the weekend and King's Day (Mon 27 April)
])
def test_deadlines_count_in_their_unit(start, unit, amount, due):
    assert count_from(start, unit, amount) == due


def test_a_step_counts_from_its_own_date_field_and_waits_while_it_is_empty():
    kind = measure_types()["bibob_check"]
    step = kind.step("lbb_advice")
    assert step_due(step, {}, D(2026, 3, 2)) is None
    assert step_due(step, {"advice_requested_on": "2026-03-02"}, D(2026, 3, 2)) == D(2026, 4, 27)


def test_a_step_may_take_its_amount_from_a_field():
    step = measure_types()["penalty_order"].step("term_ends")
    assert step_due(step, {"imposed_on": "2026-03-02", "term_days": 30}, D(2026, 3, 2)) == D(2026, 4, 1)
    assert step_due(step, {"imposed_on": "2026-03-02"}, D(2026, 3, 2)) is None
