"""The actions API (issue 13): a partner's system reads its organisation's actions and reports back."""

import datetime
import json

import pytest

from tests.fixtures.documents import token_client
import time_machine
from django.core.cache import cache
from rest_framework.test import APIClient

from schakel.actions.models import Action, ActionEvent, ActionStatus
from schakel.actions.services import accept
from schakel.organisations.models import OrganisationKind
from schakel.privacy.models import AccessLogEntry
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

from .factories import make_action

pytestmark = pytest.mark.django_db
UTC = datetime.timezone.utc
WEDNESDAY = datetime.datetime(2026, 3, 11, 10, 0, tzinfo=UTC)
PROBLEM = "application/problem+json"


@pytest.fixture(autouse=True)
def _frozen():
    cache.clear()  # the throttle's counters
    with time_machine.travel(WEDNESDAY, tick=False):
        yield
    cache.clear()


def _client(user) -> APIClient:
    return token_client(user)


@pytest.fixture
def police(world):
    return _client(world.user("partner_member"))


@pytest.fixture
def inspectorate(world):
    organisation = OrganisationFactory(name="Arbeidsinspectie A", kind=OrganisationKind.LABOUR_INSPECTORATE,
                                       region=world.region_a)
    user = UserFactory(username="nla")
    MembershipFactory(user=user, organisation=organisation, role="partner_member")
    return organisation, _client(user)


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    return json.loads(response.content)


def _patch(client, action, body):
    return client.patch(f"/api/v1/actions/{action.pk}", json.dumps(body), content_type="application/json")


def test_partner_lists_only_own_organisations_actions_by_due_date_with_overdue_marked(world, police, inspectorate):
    late = make_action(world, title="Pand bezoeken", due_in_working_days=2)
    later = make_action(world, title="Gesprek voeren", due_in_working_days=20)
    make_action(world, title="Loonstrookjes controleren", organisation=inspectorate[0])
    response = police.get("/api/v1/actions")
    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"
    body = response.json()
    assert body["count"] == 2
    assert [row["title"] for row in body["results"]] == ["Pand bezoeken", "Gesprek voeren"]
    first = body["results"][0]
    assert first["overdue"] is True and body["results"][1]["overdue"] is False
    assert first["signal"] == late.signal.reference and first["municipality"] == "GM9001"
    assert first["ownerOrganisation"] == "Politie A" and first["version"] == 1
    assert first["url"].endswith(f"/api/v1/actions/{late.pk}")
    assert "instructions" not in first and "outcome" not in first
    assert later.pk in {row["id"] for row in body["results"]}


def test_inspectorate_sees_none_of_the_polices_actions(world, inspectorate):
    make_action(world, title="Pand bezoeken")
    assert inspectorate[1].get("/api/v1/actions").json()["count"] == 0


def test_list_filters_on_status_overdue_and_signal_and_pages(world, police):
    late = make_action(world, title="Pand bezoeken", due_in_working_days=2)
    picked = make_action(world, title="Gesprek voeren", due_in_working_days=20)
    accept(actor=world.user("partner_member"), action=picked, expected_version=1)
    other = make_action(world, title="Camera's bekijken", due_in_working_days=30)

    def ids(query):
        return [row["id"] for row in police.get(f"/api/v1/actions?{query}").json()["results"]]

    assert ids("status=in_progress") == [picked.pk]
    assert ids("status=open") == [late.pk, other.pk]
    assert ids("overdue=true") == [late.pk]
    assert ids("overdue=false") == [picked.pk, other.pk]
    assert ids(f"signal={other.signal.reference}") == [other.pk]
    page = police.get("/api/v1/actions?pageSize=2&page=2").json()
    assert page["count"] == 3 and [row["id"] for row in page["results"]] == [other.pk]
    assert page["previous"] and page["next"] is None


@pytest.mark.parametrize("query, name", [("status=klaar", "status"), ("overdue=ja", "overdue"),
                                         ("page=9", "page")])
def test_a_bad_filter_is_a_400_problem_naming_the_parameter(world, police, query, name):
    body = _problem(police.get(f"/api/v1/actions?{query}"), 400)
    assert body["invalidParams"][0]["name"] == name


def test_detail_gives_instructions_history_and_is_logged(world, police):
    action = make_action(world, instructions="Ga samen met de wijkagent.")
    body = police.get(f"/api/v1/actions/{action.pk}").json()
    assert body["instructions"] == "Ga samen met de wijkagent."
    assert body["sourceLabel"] and body["outcome"] == "" and body["responsible"] is None
    assert [event["kind"] for event in body["history"]] == ["created"]
    assert AccessLogEntry.objects.filter(user=world.user("partner_member"), action="view",
                                         reason="API: actie opgevraagd").count() == 1


def test_another_organisations_action_is_404_on_read_and_on_report_back(world, inspectorate):
    action = make_action(world)
    client = inspectorate[1]
    _problem(client.get(f"/api/v1/actions/{action.pk}"), 404)
    _problem(_patch(client, action, {"status": "done", "text": "Gedaan", "version": 1}), 404)
    _problem(_patch(client, action, {"status": "in_progress", "version": 1}), 404)
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN and action.version == 1


def test_the_following_focal_officer_does_not_work_on_the_polices_action_through_the_api(world):
    action = make_action(world)
    _problem(_client(world.user("focal_officer")).get(f"/api/v1/actions/{action.pk}"), 404)


def test_focal_officer_token_lists_the_actions_of_their_own_municipality(world):
    own = make_action(world, title="Bestuurlijke rapportage opstellen", organisation=world.organisations["a1"])
    make_action(world, title="Pand bezoeken")
    body = _client(world.user("focal_officer")).get("/api/v1/actions").json()
    assert [row["id"] for row in body["results"]] == [own.pk]


@pytest.mark.parametrize("role", ["reporter", "chain_director", "policy_officer", "administrator"])
def test_a_role_that_never_works_on_actions_is_403(world, role):
    _problem(_client(world.user(role)).get("/api/v1/actions"), 403)


def test_without_a_token_it_is_401():
    client = APIClient()
    _problem(client.get("/api/v1/actions"), 401)


def test_accept_picks_the_action_up_and_a_repeat_changes_nothing(world, police):
    action = make_action(world)
    first = _patch(police, action, {"status": "in_progress", "version": 1})
    assert first.status_code == 200, first.content
    assert first.json()["status"] == "in_progress" and first.json()["version"] == 2
    assert first.json()["responsible"] == "partner_member"
    again = _patch(police, action, {"status": "in_progress", "version": 1})
    assert again.status_code == 200 and again.json()["version"] == 2
    assert ActionEvent.objects.filter(action=action, kind="accepted").count() == 1


def test_report_back_done_stores_the_outcome_once_on_a_double_submit(world, police):
    action = make_action(world)
    body = {"status": "done", "text": "Pand bezocht; geen aanwijzingen.", "version": 1}
    first = _patch(police, action, body)
    assert first.status_code == 200, first.content
    assert first.json()["status"] == "done" and first.json()["outcome"] == "Pand bezocht; geen aanwijzingen."
    assert first.json()["finishedBy"] == "partner_member" and first.json()["acceptedAt"]
    second = _patch(police, action, body)
    assert second.status_code == 200 and second.json()["version"] == first.json()["version"]
    assert ActionEvent.objects.filter(action=action, kind="done").count() == 1


def test_report_back_not_done_keeps_the_reason(world, police):
    action = make_action(world)
    response = _patch(police, action, {"status": "not_done", "text": "Bedrijf is verhuisd.", "version": 1})
    assert response.status_code == 200
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_DONE and action.outcome == "Bedrijf is verhuisd."


def test_stale_version_is_refused_as_a_409_problem_and_nothing_is_saved(world, police):
    action = make_action(world)
    accept(actor=world.user("partner_member"), action=action, expected_version=1)
    body = _problem(_patch(police, action, {"status": "done", "text": "Gedaan", "version": 1}), 409)
    assert "intussen gewijzigd (nu versie 2)" in body["detail"]
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS and action.outcome == ""


def test_report_without_outcome_is_refused_in_dutch_naming_the_field(world, police):
    action = make_action(world)
    body = _problem(_patch(police, action, {"status": "done", "text": "  ", "version": 1}), 400)
    assert body["invalidParams"] == [{"name": "text", "code": "invalid",
                                      "reason": "Vul de uitkomst in: wat is er gedaan en wat kwam eruit?"}]
    not_done = _problem(_patch(police, action, {"status": "not_done", "version": 1}), 400)
    assert "reden" in not_done["invalidParams"][0]["reason"]
    assert Action.objects.get(pk=action.pk).status == ActionStatus.OPEN


def test_report_without_status_or_version_names_both_fields(world, police):
    action = make_action(world)
    body = _problem(_patch(police, action, {"text": "Gedaan"}), 400)
    assert {param["name"] for param in body["invalidParams"]} == {"status", "version"}
    assert any("version" in param["reason"] for param in body["invalidParams"])


def test_another_report_on_a_finished_action_is_a_409_problem(world, police):
    action = make_action(world)
    _patch(police, action, {"status": "done", "text": "Gedaan", "version": 1})
    body = _problem(_patch(police, action, {"status": "not_done", "text": "Toch niet", "version": 2}), 409)
    assert "al afgerond" in body["detail"]


def test_a_form_body_is_a_415_problem(world, police):
    action = make_action(world)
    _problem(police.patch(f"/api/v1/actions/{action.pk}", "status=in_progress&version=1",
                          content_type="application/x-www-form-urlencoded"), 415)


def test_the_openapi_document_lists_the_actions_endpoints_with_examples(client):
    document = json.loads(client.get("/api/v1/openapi.json").content)
    paths = document["paths"]
    assert {"/api/v1/actions", "/api/v1/actions/{id}"} <= set(paths)
    report = paths["/api/v1/actions/{id}"]["patch"]
    assert report["requestBody"]["content"]["application/json"]["examples"]
    assert report["responses"]["409"]["content"][PROBLEM]["examples"]
    assert client.get("/api/v1").json()["collections"]["actions"].endswith("/api/v1/actions")


def test_picking_up_with_a_text_is_refused_naming_the_field(world, police):
    action = make_action(world)
    body = _problem(_patch(police, action, {"status": "in_progress", "text": "Gedaan", "version": 1}), 400)
    assert body["invalidParams"][0]["name"] == "text"


def test_picking_up_an_action_someone_else_picked_up_is_a_409_problem(world, police):
    action = make_action(world)
    colleague = UserFactory(username="collega")
    MembershipFactory(user=colleague, organisation=world.organisations["police_a"], role="partner_member")
    accept(actor=colleague, action=action, expected_version=1)
    body = _problem(_patch(police, action, {"status": "in_progress", "version": 2}), 409)
    assert "al opgepakt" in body["detail"]
