"""Recording and changing measures: steps and deadlines, history and access log, bad input refused, nothing lost."""

import datetime

import pytest

from schakel.measures.errors import MeasureError, StaleMeasure
from schakel.measures.models import Measure, MeasureStatus, MeasureSubject
from schakel.measures.services import measures as service
from schakel.measures.services import subjects as parts
from schakel.privacy.models import AccessLogEntry

from .helpers import ADDRESS, NOW, measure

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_measure_gets_its_types_steps_with_deadlines_and_its_creator_on_it(world):
    recorded = measure(world, "bibob_check")
    assert recorded.reference == "BM-2026-0001"
    assert recorded.secret is True
    steps = {step.key: step for step in recorded.steps.all()}
    assert set(steps) == {"own_investigation", "lbb_advice", "decision", "objection_period"}
    assert steps["lbb_advice"].due_on == D(2026, 4, 27)      # 8 weeks after the request (Wet Bibob art. 15)
    assert steps["objection_period"].due_on is None         # no decision yet
    assert list(recorded.people.values_list("user__username", flat=True)) == ["focal_officer"]
    assert recorded.events.get().kind == "created"
    assert AccessLogEntry.objects.filter(record_type="measures.measure", record_id=str(recorded.pk),
                                         action="create").exists()


def test_the_same_form_submitted_twice_records_one_measure(world):
    first = measure(world, form_token="abc")
    second = measure(world, form_token="abc")
    assert first.pk == second.pk
    assert Measure.objects.count() == 1


@pytest.mark.parametrize(("type_key", "details", "field"), [
    ("premises_closure", {"closed_from": "2026-03-05"}, "ordered_on"),
    ("bibob_check", {"permit_concerned": "alcohol", "advice_received_on": "2026-03-05"}, "advice_received_on"),
    ("premises_closure", {"ordered_on": "2026-03-05", "closed_from": "2026-04-10", "closed_until": "2026-04-01"},
     "closed_until"),
])
def test_bad_input_is_refused_with_the_reason_and_nothing_is_stored(world, type_key, details, field):
    with pytest.raises(MeasureError) as refused:
        measure(world, type_key, details=details)
    assert field in refused.value.errors
    assert Measure.objects.count() == 0


def test_a_legal_basis_of_another_type_is_refused(world):
    with pytest.raises(MeasureError) as refused:
        measure(world, "premises_closure", legal_basis="wet_bibob_3")
    assert "legal_basis" in refused.value.errors


def test_a_focal_officer_of_another_municipality_cannot_record_one_here(world):
    with pytest.raises(MeasureError):
        measure(world, actor=world.other_municipality)


def test_an_address_that_does_not_parse_is_kept_as_typed_and_flagged(world):
    recorded = measure(world, subjects=[{"kind": "address", "text": "achter de loods bij de kas"}, ADDRESS])
    unparsed, parsed = recorded.subjects.order_by("id")
    assert (unparsed.unparsed, unparsed.key, unparsed.typed["text"]) == (True, "", "achter de loods bij de kas")
    assert parsed.unparsed is False and parsed.key


def test_filling_a_field_marks_its_step_done_and_starts_the_next_deadline(world):
    recorded = measure(world, "bibob_check")
    updated = service.update_measure(
        actor=world.user("focal_officer"), measure=recorded, expected_version=recorded.version,
        legal_basis="wet_bibob_3", started_on=recorded.started_on,
        details={"permit_concerned": "exploitation", "advice_requested_on": "2026-03-02",
                 "advice_received_on": "2026-04-20", "danger_degree": "serious", "decision": "refused",
                 "decided_on": "2026-04-22"}, now=NOW)
    steps = {step.key: step for step in updated.steps.all()}
    assert steps["lbb_advice"].done_on == D(2026, 4, 20)
    assert steps["decision"].done_on == D(2026, 4, 22)
    assert steps["objection_period"].due_on == D(2026, 6, 3)   # six weeks (Awb 6:7)
    assert updated.version == 2
    changed = updated.events.filter(kind="changed").get().data["fields"]
    assert "danger_degree" in changed and "decided_on" in changed


def test_a_stale_version_is_refused_and_the_stored_measure_is_unchanged(world):
    recorded = measure(world)
    with pytest.raises(StaleMeasure):
        service.update_measure(actor=world.user("focal_officer"), measure=recorded, expected_version=7,
                               legal_basis="wet_brp", started_on=recorded.started_on,
                               details={"registered_persons": 3}, now=NOW)
    recorded.refresh_from_db()
    assert recorded.details == {"registered_persons": 14}


def test_finishing_needs_an_outcome_of_the_type_and_an_end_after_the_start(world):
    recorded = measure(world)
    officer = world.user("focal_officer")
    with pytest.raises(MeasureError) as refused:
        service.change_status(actor=officer, measure=recorded, target=MeasureStatus.DONE,
                              expected_version=recorded.version, now=NOW)
    assert "outcome" in refused.value.errors
    with pytest.raises(MeasureError) as refused:
        service.change_status(actor=officer, measure=recorded, target=MeasureStatus.DONE, outcome="in_order",
                              ended_on=D(2026, 2, 1), expected_version=recorded.version, now=NOW)
    assert "ended_on" in refused.value.errors
    done = service.change_status(actor=officer, measure=recorded, target=MeasureStatus.DONE, outcome="in_order",
                                 expected_version=recorded.version, now=NOW)
    assert (done.status, done.ended_on, done.outcome_label) == ("done", D(2026, 3, 4), "Geen afwijking gevonden")


def test_reopening_needs_a_reason(world):
    recorded = measure(world)
    officer = world.user("focal_officer")
    done = service.change_status(actor=officer, measure=recorded, target=MeasureStatus.DONE, outcome="in_order",
                                 expected_version=recorded.version, now=NOW)
    with pytest.raises(MeasureError):
        service.change_status(actor=officer, measure=done, target=MeasureStatus.RUNNING,
                              expected_version=done.version, now=NOW)
    again = service.change_status(actor=officer, measure=done, target=MeasureStatus.RUNNING, reason="bezwaar",
                                  expected_version=done.version, now=NOW)
    assert (again.status, again.ended_on, again.outcome) == ("running", None, "")


def test_only_people_of_the_municipality_can_be_named(world):
    recorded = measure(world)
    with pytest.raises(MeasureError):
        parts.add_person(actor=world.user("focal_officer"), measure=recorded, user=world.user("chain_director"))
    parts.add_person(actor=world.user("focal_officer"), measure=recorded, user=world.user("reporter"),
                     function="handhaver")
    assert recorded.people.filter(user=world.user("reporter")).exists()


def test_a_step_without_a_field_is_done_by_hand_once(world):
    recorded = measure(world, "premises_closure")
    step = parts.complete_step(actor=world.user("focal_officer"), measure=recorded, step_key="objection_period",
                               now=NOW)
    assert step.done_on == D(2026, 3, 4)
    with pytest.raises(MeasureError):
        parts.complete_step(actor=world.user("focal_officer"), measure=measure(world, "bibob_check"),
                            step_key="lbb_advice", now=NOW)


def test_a_subject_added_later_is_logged_and_keyed(world):
    recorded = measure(world)
    row = parts.add_subject(actor=world.user("focal_officer"), measure=recorded,
                            item={"kind": "company", "name": "Kwekerij", "kvk": "1234 5678"})
    assert MeasureSubject.objects.get(pk=row.pk).key == row.key != ""
    assert recorded.events.filter(kind="subject").exists()
