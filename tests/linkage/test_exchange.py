"""Linkage between two installations: private set intersection over the exchange endpoint.

Installation A is this one (its database, its endpoint); installation B is a second instance
in memory running the same protocol code with its own identifiers and its own scalars.
"""

import json

import pytest

from schakel.linkage import exchange, normalise, persons
from schakel.linkage.models import ExchangeLog, Installation, LinkKind, RemoteMatch
from schakel.linkage.services import between

from .helpers import signal_with

KEY_OF_B = "sleutel-van-regio-b-voor-tests"


class OtherInstallation:
    """A second Schakel instance: its own elements, its own state between the two steps."""

    def __init__(self, elements):
        self.elements = elements
        self.sessions = {}
        self.found = []

    def serve(self, payload):  # what its endpoint does with our messages
        if payload["step"] == "blind":
            double, own, order, state = between.respond(payload["items"], self.elements)
            self.sessions[payload["exchange"]] = (order, state)
            return {"double": double, "items": own}
        order, state = self.sessions.pop(payload["exchange"])
        self.found = between.finish(order, state, payload["double"])
        return {"common": len(self.found)}

    def call(self, client, payload, key=KEY_OF_B, name="regio-b"):
        response = client.post("/koppelingen/uitwisseling/", data=json.dumps(payload), content_type="application/json",
                               HTTP_AUTHORIZATION=f"Installation {name}:{key}")
        return response

    def initiate(self, client):
        initiator = between.Initiator(self.elements)
        exchange_id = "b-initiated-1"
        answer = self.call(client, {"step": "blind", "exchange": exchange_id, "items": initiator.first_message()})
        assert answer.status_code == 200, answer.content
        body = answer.json()
        common, doubled = initiator.on_answer(body["double"], body["items"])
        finished = self.call(client, {"step": "finish", "exchange": exchange_id, "double": doubled})
        assert finished.status_code == 200
        return common


def person_key(name, dob):
    return (LinkKind.PERSON, next(iter(persons.features(name, dob).exact_keys)))


@pytest.fixture
def region_b(db):
    return Installation.objects.create(name="regio-b", url="https://b.example/koppelingen/uitwisseling/",
                                       key_hash=between.key_hash(KEY_OF_B), contact_email="af@regio-b.example")


@pytest.fixture
def other():
    phone = normalise.normalise_phone("06 12345678")
    return OtherInstallation({("phone", phone): ["b-entity-1"], ("email", "ander@example.org"): ["b-entity-2"],
                              person_key("Ioana Popescu", "1995-07-08"): ["b-entity-3"]})


def test_the_intersection_of_two_sets_is_found_by_both_sides(other):
    mine = {("phone", "+31612345678"): [1], ("plate", "AB123C"): [2]}
    initiator = between.Initiator(mine)
    answer = other.serve({"step": "blind", "exchange": "x", "items": initiator.first_message()})
    common, doubled = initiator.on_answer(answer["double"], answer["items"])
    other.serve({"step": "finish", "exchange": "x", "double": doubled})
    assert common == [("phone", "+31612345678")]
    assert other.found == [("phone", "+31612345678")]


def test_no_message_carries_an_unblinded_or_guessable_point(other):
    mine = {("phone", "+31612345678"): [1]}
    initiator = between.Initiator(mine)
    sent = initiator.first_message()
    plain = exchange.hash_to_point("phone", "+31612345678").hex()
    assert plain not in sent
    answer = other.serve({"step": "blind", "exchange": "y", "items": sent})
    assert plain not in answer["items"] and plain not in answer["double"]
    # A second exchange uses fresh scalars: the same identifier looks different every time.
    assert between.Initiator(mine).first_message() != sent


def test_two_installations_find_a_shared_phone_and_person_and_each_tells_its_officers(
        world, client, region_b, other, mailoutbox, django_capture_on_commit_callbacks):
    signal, _ = signal_with(world.a1, ("phone", {"number": "+31 6 1234 5678"}),
                            ("person", {"name": "Popescu Ioana", "date_of_birth": "1995-08-07"}))
    # B asks us (through our endpoint).
    with django_capture_on_commit_callbacks(execute=True):
        common_at_b = other.initiate(client)
    assert sorted(kind for kind, _ in common_at_b) == ["person", "phone"]
    assert sorted(RemoteMatch.objects.values_list("kind", flat=True)) == ["person", "phone"]
    assert mailoutbox and "regio-b" in mailoutbox[0].body and "af@regio-b.example" in mailoutbox[0].body
    assert "1234" not in mailoutbox[0].body and "Popescu" not in mailoutbox[0].body
    # We ask B (B's endpoint served in memory): nothing new for us, and B now knows its side.
    created = between.exchange_with(region_b, other.serve)
    assert created == []
    assert sorted(kind for kind, _ in other.found) == ["person", "phone"]
    assert ExchangeLog.objects.filter(outcome="ok").count() == 3  # in: blind, finish; out: exchange


def test_the_signal_page_says_another_installation_knows_it(world, login, client, region_b, other):
    signal, _ = signal_with(world.a1, ("phone", {"number": "0612345678"}))
    other.initiate(client)
    body = login(world.user("focal_officer")).get(f"/signalen/{signal.reference}/").content.decode()
    assert "regio-b" in body and "af@regio-b.example" in body


def test_an_unknown_installation_is_refused_and_logged(db, client, other):
    response = other.call(client, {"step": "blind", "exchange": "z", "items": []}, name="onbekend")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert ExchangeLog.objects.filter(claimed_name="onbekend", outcome__startswith="refused").exists()


def test_a_wrong_key_is_refused(db, client, region_b, other):
    assert other.call(client, {"step": "blind", "exchange": "z", "items": []}, key="fout").status_code == 403


def test_too_many_exchanges_a_day_are_refused(db, client, region_b, other):
    region_b.max_exchanges_per_day = 1
    region_b.save()
    other.initiate(client)
    response = other.call(client, {"step": "blind", "exchange": "second", "items": []})
    assert response.status_code == 429
    assert ExchangeLog.objects.filter(outcome="refused: rate limit").exists()


def test_a_message_with_a_non_point_is_refused(db, client, region_b, other):
    response = other.call(client, {"step": "blind", "exchange": "bad", "items": ["00" * 32]})
    assert response.status_code == 400
