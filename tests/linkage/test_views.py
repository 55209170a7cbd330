"""Linkage pages: each side sees the notice (kind, municipality, contact), never the other content."""

import pytest

from schakel.linkage.models import ContactRequest, Match, MatchStatus

from .helpers import signal_with

SECRET_DESCRIPTION = "Geheime omschrijving van gemeente A2 over de loods"


@pytest.fixture
def match(world):
    signal_with(world.a1, ("phone", {"number": "0612345678"}))
    other, (found,) = signal_with(world.a2, ("phone", {"number": "0612345678"}))
    other.description = SECRET_DESCRIPTION
    other.save(update_fields=["description"])
    return found


def test_the_list_shows_kind_and_other_municipality(world, login, match):
    response = login(world.user("focal_officer")).get("/koppelingen/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Telefoonnummer" in body and world.a2.name in body
    assert "0612345678" not in body and SECRET_DESCRIPTION not in body


def test_the_match_page_names_whom_to_contact_but_not_the_content(world, login, match):
    response = login(world.user("focal_officer")).get(f"/koppelingen/{match.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert world.other_municipality.email in body
    assert SECRET_DESCRIPTION not in body and "0612345678" not in body
    other_reference = match.signal_b.reference if match.municipality_b_id == world.a2.pk else match.signal_a.reference
    assert other_reference not in body


def test_a_third_municipality_gets_404(world, login, match):
    assert login(world.other_region).get(f"/koppelingen/{match.pk}/").status_code == 404


def test_contact_request_and_answer_through_the_pages(world, login, match):
    asker = login(world.user("focal_officer"))
    response = asker.post(f"/koppelingen/{match.pk}/contact", {"reason": "Zelfde nummer bij ons"})
    assert response.status_code == 302
    contact = ContactRequest.objects.get()
    other = login(world.other_municipality)
    assert "Zelfde nummer bij ons" in other.get(f"/koppelingen/{match.pk}/").content.decode()
    response = other.post(f"/koppelingen/verzoeken/{contact.pk}/beantwoorden", {"decision": "decline"})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.status == "declined"


def test_an_empty_reason_keeps_the_form_and_says_why(world, login, match):
    response = login(world.user("focal_officer")).post(f"/koppelingen/{match.pk}/contact", {"reason": ""})
    assert response.status_code == 400
    assert not ContactRequest.objects.exists()


def test_a_false_match_disappears_from_the_list(world, login, match):
    client = login(world.user("focal_officer"))
    response = client.post(f"/koppelingen/{match.pk}/beoordelen", {"verdict": "false", "version": match.version})
    assert response.status_code == 302
    assert Match.objects.get().status == MatchStatus.FALSE
    assert client.get(f"/koppelingen/{match.pk}/").status_code == 404
    assert "Er zijn nu geen koppelingen" in client.get("/koppelingen/").content.decode()


def test_a_stale_verdict_says_someone_else_changed_it(world, login, match):
    login(world.other_municipality).post(f"/koppelingen/{match.pk}/beoordelen",
                                         {"verdict": "confirmed", "version": match.version})
    response = login(world.user("focal_officer")).post(f"/koppelingen/{match.pk}/beoordelen",
                                                       {"verdict": "false", "version": match.version})
    assert response.status_code == 409
    assert "intussen gewijzigd" in response.content.decode()


def test_the_signal_page_has_a_linkage_section(world, login, match):
    own = match.signal_a if match.municipality_a_id == world.a1.pk else match.signal_b
    body = login(world.user("focal_officer")).get(f"/signalen/{own.reference}/").content.decode()
    assert "Koppelingen" in body and world.a2.name in body and SECRET_DESCRIPTION not in body


def test_the_chain_director_sees_counts_only(world, login, match):
    body = login(world.user("chain_director")).get("/koppelingen/regio/").content.decode()
    assert "Telefoonnummer" in body
    assert world.a2.name not in body and "0612345678" not in body


def test_the_list_finds_the_matches_of_one_own_signal_by_its_reference(world, login, match):
    own = match.signal_a if match.municipality_a_id == world.a1.pk else match.signal_b
    other = match.signal_b if own == match.signal_a else match.signal_a
    client = login(world.user("focal_officer"))
    assert "1 koppeling." in client.get("/koppelingen/", {"q": own.reference}).content.decode()
    # The other municipality's reference finds nothing: a reference is searched on our side only.
    assert "Geen koppelingen met dit filter" in client.get("/koppelingen/", {"q": other.reference}).content.decode()


def test_the_start_page_counts_new_matches_for_the_focal_officer(world, login, match):
    body = login(world.user("focal_officer")).get("/").content.decode()
    assert "Nieuwe koppelingen" in body
    assert "Nieuwe koppelingen" not in login(world.other_region).get("/").content.decode()
