"""The signals API: partner intake (idempotent), the focal officer's list and detail, problem+json errors."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from schakel.privacy.models import AccessLogEntry
from schakel.signalling.catalogue import load_indicator_catalogue
from schakel.signalling.models import Channel, Signal
from schakel.signalling.services.intake import submit_signal

NOW = datetime.datetime(2026, 3, 4, 9, 30, tzinfo=datetime.timezone.utc)  # Wednesday

BODY = {
    "municipality": "GM9001",
    "description": "Bij de autowasstraat werken mannen zonder handschoenen, ook 's nachts.",
    "acuteDanger": False,
    "forms": ["labour"],
    "locationType": "car_wash",
    "sector": "car_wash",
    "address": {"postcode": "1234 AB", "houseNumber": "5"},
    "indicators": ["arbeid-lange-dagen"],
    "phones": [{"number": "+48 601 234 567"}],
    "persons": [{"role": "presumed_victim", "description": "Man van ongeveer 30"}],
}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def api(world):
    load_indicator_catalogue()

    def as_user(user):
        client = APIClient()
        token, _created = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return as_user


def post(client, body=BODY, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post("/api/v1/signals", body, format="json", **headers)


@pytest.mark.django_db
def test_partner_posts_a_signal_that_arrives_at_the_municipality(world, api):
    response = post(api(world.user("partner_member")))

    assert response.status_code == 201, response.content
    body = response.json()
    signal = Signal.objects.get(reference=body["reference"])
    assert response["Location"].endswith(f"/api/v1/signals/{signal.reference}")
    assert (signal.channel, signal.municipality, signal.reporter) == (
        Channel.PARTNER_API, world.a1, world.user("partner_member"))
    assert signal.reporter_organisation == world.organisations["police_a"]
    assert body["triageDue"] == signal.triage_due.isoformat()
    assert signal.entities.count() == 2


@pytest.mark.django_db
def test_repeated_post_with_same_key_and_body_returns_the_same_signal_and_body(world, api):
    client = api(world.user("partner_member"))

    first = post(client, key="d2f6c1e0-1")
    second = post(client, key="d2f6c1e0-1")

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert Signal.objects.count() == 1


@pytest.mark.django_db
def test_same_key_with_another_body_is_a_409_problem(world, api):
    client = api(world.user("partner_member"))
    post(client, key="k-42")

    response = post(client, {**BODY, "description": "Iets heel anders."}, key="k-42")

    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert "Idempotency-Key" in response.json()["detail"]
    assert Signal.objects.count() == 1


@pytest.mark.django_db
def test_keys_of_different_partners_do_not_collide(world, api):
    post(api(world.user("partner_member")), key="shared")
    response = post(api(world.user("focal_officer")), key="shared")

    assert response.status_code == 201
    assert Signal.objects.count() == 2


@pytest.mark.django_db
def test_invalid_input_is_a_400_problem_with_dutch_reasons_per_field(world, api):
    body = {**BODY, "phones": [{"number": "12"}], "address": {"postcode": "99999"}, "description": ""}
    response = post(api(world.user("partner_member")), body)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    reasons = {param["name"]: param["reason"] for param in response.json()["invalidParams"]}
    assert "telefoonnummer" in reasons["phones.0.number"]
    assert "postcode" in reasons["address.postcode"]
    assert "description" in reasons
    assert not Signal.objects.exists()


@pytest.mark.django_db
def test_unknown_indicator_is_refused_by_the_service_as_a_field_error(world, api):
    response = post(api(world.user("partner_member")), {**BODY, "indicators": ["bestaat-niet"]})

    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["indicators"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["reporter", "policy_officer", "care_coordinator", "administrator"])
def test_other_roles_may_not_post_signals(world, api, role):
    response = post(api(world.user(role)))

    assert response.status_code == 403
    assert not Signal.objects.exists()


@pytest.mark.django_db
def test_anonymous_post_is_a_401_problem(world):
    response = APIClient().post("/api/v1/signals", BODY, format="json")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def _signal(world, municipality, description="Signaal", days_after=0):
    with time_machine.travel(NOW + datetime.timedelta(days=days_after), tick=False):
        return submit_signal(channel=Channel.STAFF, municipality=municipality,
                             payload={"description": description}, reporter=world.user("reporter"))


@pytest.mark.django_db
def test_focal_officer_lists_own_municipality_by_deadline_without_free_text(world, api):
    later = _signal(world, world.a1, "Geheime tekst later", days_after=1)
    sooner = _signal(world, world.a1, "Geheime tekst eerder")
    _signal(world, world.a2, "Andere gemeente")

    response = api(world.user("focal_officer")).get("/api/v1/signals")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [row["reference"] for row in body["results"]] == [sooner.reference, later.reference]
    assert "Geheime" not in response.content.decode()
    assert body["results"][0]["municipality"] == "GM9001"
    assert body["results"][0]["url"].endswith(f"/api/v1/signals/{sooner.reference}")


@pytest.mark.django_db
def test_list_filters_by_status_and_refuses_unknown_values(world, api):
    _signal(world, world.a1)
    client = api(world.user("focal_officer"))

    assert client.get("/api/v1/signals?status=closed").json()["count"] == 0
    assert client.get("/api/v1/signals?status=received").json()["count"] == 1
    assert client.get("/api/v1/signals?status=weg").status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["partner_member", "reporter", "chain_director", "policy_officer"])
def test_only_focal_officers_read_the_list(world, api, role):
    _signal(world, world.a1)
    assert api(world.user(role)).get("/api/v1/signals").status_code == 403


@pytest.mark.django_db
def test_detail_is_logged_and_shows_content_to_the_focal_officer(world, api):
    signal = _signal(world, world.a1, "Zes mannen in een caravan")

    response = api(world.user("focal_officer")).get(f"/api/v1/signals/{signal.reference}")

    assert response.status_code == 200
    assert response.json()["description"] == "Zes mannen in een caravan"
    assert AccessLogEntry.objects.filter(action="view", record_type="signalling.signal",
                                         record_id=str(signal.pk), user=world.user("focal_officer")).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["other_municipality", "other_region"])
def test_focal_officer_elsewhere_gets_404_on_the_detail(world, api, who):
    signal = _signal(world, world.a1)

    response = api(getattr(world, who)).get(f"/api/v1/signals/{signal.reference}")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_reporter_cannot_read_their_own_signal_through_the_api(world, api):
    signal = _signal(world, world.a1)
    assert api(world.user("reporter")).get(f"/api/v1/signals/{signal.reference}").status_code == 403


@pytest.mark.django_db
def test_openapi_document_describes_the_signal_routes(world, client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()

    assert {"get", "post"} <= set(schema["paths"]["/api/v1/signals"])
    assert "get" in schema["paths"]["/api/v1/signals/{reference}"]
    post_op = schema["paths"]["/api/v1/signals"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in post_op["parameters"])
    assert "409" in post_op["responses"]
