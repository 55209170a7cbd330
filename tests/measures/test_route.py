"""The administrative route: a screening decision starts an assessment measure and the route's action;
finishing the measure reports the action, so the route (and the signal) can complete."""

import pytest

from schakel.actions.models import Action, ActionStatus
from schakel.measures.models import Measure, MeasureStatus
from schakel.measures.services import measures as service
from schakel.screening.models import Route
from schakel.screening.routes import get_route
from schakel.screening.services import decisions
from schakel.screening.services.decisions import RouteChoice
from tests.screening.helpers import MONDAY, next_meeting, put_on, start

pytestmark = pytest.mark.django_db


def test_the_measures_app_replaces_the_built_in_administrative_route():
    from schakel.measures.route import start_administrative_route

    assert get_route("administrative").start is start_administrative_route


def decide_administrative(world):
    meeting = next_meeting(world)
    item = put_on(world, meeting)
    start(world, meeting)
    item.refresh_from_db()
    decisions.decide(actor=world.user("chain_director"), item=item, decision_summary="Bestuurlijk aanpakken",
                     routes=[RouteChoice(kind="administrative", owner_organisation=world.organisations["a1"],
                                         note="Adres controleren")],
                     expected_version=item.version, now=MONDAY)
    item.signal.refresh_from_db()
    return item.signal


def test_a_decision_creates_the_assessment_measure_and_one_action_for_the_route(world):
    signal = decide_administrative(world)
    route = Route.objects.get(signal=signal)
    measure = Measure.objects.get(signal=signal)
    action = Action.objects.get(source="screening.route", source_id=route.pk)
    assert (measure.type_key, measure.source, measure.source_id) == ("administrative_assessment",
                                                                     "screening.route", route.pk)
    assert measure.action_id == action.pk
    assert measure.reference in action.title
    assert measure.people.count() == 0           # the chain director who ran the meeting is not on it
    assert Measure.objects.visible_to(world.user("focal_officer")).filter(pk=measure.pk).exists()
    assert not Measure.objects.visible_to(world.user("chain_director")).exists()


def test_finishing_the_assessment_reports_the_action_and_completes_the_route(world):
    signal = decide_administrative(world)
    measure = Measure.objects.get(signal=signal)
    follow_up = service.create_measure(
        actor=world.user("focal_officer"), municipality=world.a1, type_key="brp_address_investigation",
        legal_basis="wet_brp", started_on=measure.started_on, details={"registered_persons": 12}, parent=measure)
    assert (follow_up.signal_id, follow_up.source, follow_up.source_id) == (signal.pk, "screening.route",
                                                                            measure.source_id)
    service.change_status(actor=world.user("focal_officer"), measure=measure, target=MeasureStatus.DONE,
                          outcome="measures_taken", expected_version=measure.version)
    action = Action.objects.get(pk=measure.action_id)
    assert action.status == ActionStatus.DONE
    assert Route.objects.get(signal=signal).done is True
