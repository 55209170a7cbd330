"""Data-subject requests as pages: register (bad input kept, one record on a second submit), another
area's request is 404, overview and export hold the person's records and nothing of anyone else,
extend and answer refuse stale forms, and erasure asks for a yes and respects a legal hold."""

from __future__ import annotations

import datetime
import json

import pytest

from tests.fixtures.documents import inflated_pdf
import time_machine

from schakel.accounts.roles import Role
from schakel.clock import AMSTERDAM
from schakel.privacy.holds import place_hold
from schakel.privacy.models import DataSubjectRequest, PurgeLogEntry
from schakel.privacy.subject_requests import register_request
from schakel.signalling.models import Signal
from schakel.signalling.retention import yearly_signal_figures
from tests.factories import MembershipFactory, UserFactory
from tests.signalling.triage_factories import SignalFactory, add_entity

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 6, 2, 10, 0, tzinfo=AMSTERDAM)
LIST = "/privacy/verzoeken"
NAME = "Piet de Vries"
BORN = "1990-01-02"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def officer(world):
    return world.user("privacy_officer")


@pytest.fixture
def desk(login, officer):
    return login(officer)


def text(response) -> str:
    return response.content.decode()


def a_request(officer, kind="inspection", name=NAME, birth_date=datetime.date(1990, 1, 2)):
    return register_request(actor=officer, kind=kind, subject_name=name, subject_birth_date=birth_date,
                            received_on=NOW.date())


def signal_about(municipality, name=NAME, born=BORN, **fields):
    signal = SignalFactory(municipality=municipality, **fields)
    add_entity(signal, "person", {"name": name, "date_of_birth": born}, person_role="presumed_victim")
    return signal


# -- registering ------------------------------------------------------------------------------------

def test_registering_with_bad_input_keeps_what_was_typed(desk):
    response = desk.post(LIST, {"kind": "inspection", "subject_name": NAME, "received_on": "2026-07-01",
                                "form_key": "a" * 32})
    assert response.status_code == 400
    assert "in de toekomst" in text(response) and NAME in text(response)
    missing = desk.post(LIST, {"kind": "inspection", "subject_name": "", "received_on": "2026-06-01"})
    assert missing.status_code == 400
    assert not DataSubjectRequest.objects.exists()


def test_registering_sets_the_one_month_deadline_and_a_second_submit_makes_one_request(desk):
    data = {"kind": "erasure", "subject_name": NAME, "subject_birth_date": BORN, "received_on": "2026-05-31",
            "form_key": "b" * 32}
    first = desk.post(LIST, data)
    second = desk.post(LIST, data)
    (item,) = DataSubjectRequest.objects.all()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"{LIST}/{item.pk}"
    assert item.due_on == datetime.date(2026, 6, 30)
    assert "30-06-2026" in text(desk.get(LIST))


def test_another_areas_request_is_404_on_every_page(desk, world):
    elsewhere = UserFactory(username="privacy_officer_b")
    MembershipFactory(user=elsewhere, organisation=world.organisations["b1"], role=Role.PRIVACY_OFFICER)
    theirs = a_request(elsewhere)
    base = f"{LIST}/{theirs.pk}"
    for path in (base, f"{base}/overzicht", f"{base}/export"):
        assert desk.get(path).status_code == 404, path
    for path in (f"{base}/verlengen", f"{base}/beantwoorden", f"{base}/wissen"):
        assert desk.post(path, {"reason": "Complex verzoek, veel dossiers", "version": 1}).status_code == 404, path
    assert f"Verzoek {theirs.pk}" not in text(desk.get(f"{LIST}?toon=alle"))


# -- overview and export ------------------------------------------------------------------------------

def test_the_overview_and_export_hold_the_persons_records_and_nothing_of_anyone_else(desk, world, officer):
    ours = signal_about(world.a1)
    add_entity(ours, "person", {"name": "Klaas Jansen"}, person_role="presumed_perpetrator")
    other_person = signal_about(world.a1, name="Jan Bakker")
    other_birth = signal_about(world.a1, born="1985-05-05")
    other_area = signal_about(world.b1)
    item = a_request(officer)

    page = desk.get(f"{LIST}/{item.pk}/overzicht")
    export = desk.get(f"{LIST}/{item.pk}/export")

    assert page.status_code == export.status_code == 200
    assert ours.reference in text(page)
    payload = json.loads(export.content)
    assert [entry["kenmerk"] for entry in payload["gegevens"]] == [ours.reference]
    body = export.content.decode()
    for absent in (other_person.reference, other_birth.reference, other_area.reference, "Klaas Jansen"):
        assert absent not in body and absent not in text(page)
    withheld = {part["wat"] for part in payload["gegevens"][0]["achtergehouden"]}
    assert "Wie het signaal meldde" in withheld and "Andere betrokkenen (1)" in withheld
    assert export["Content-Disposition"].startswith("attachment")


# -- extend and answer ----------------------------------------------------------------------------------

def test_extending_once_by_two_months_then_never_again(desk, officer):
    item = a_request(officer)
    url = f"{LIST}/{item.pk}/verlengen"
    assert desk.post(url, {"reason": "kort", "version": item.version}).status_code == 400
    done = desk.post(url, {"reason": "Complex verzoek, veel dossiers", "version": item.version})
    assert done.status_code == 302
    item.refresh_from_db()
    assert (item.due_on, item.extended_to) == (datetime.date(2026, 7, 2), datetime.date(2026, 9, 2))
    again = desk.post(url, {"reason": "Nog meer dossiers gevonden", "version": item.version})
    assert again.status_code == 400 and "al verlengd" in text(again)


def test_a_stale_answer_is_refused_with_409_and_keeps_the_text(desk, officer):
    item = a_request(officer)
    desk.post(f"{LIST}/{item.pk}/verlengen", {"reason": "Complex verzoek, veel dossiers", "version": item.version})
    outcome = "Inzage gegeven in een signaal; gegevens van anderen achtergehouden"
    stale = desk.post(f"{LIST}/{item.pk}/beantwoorden", {"outcome": outcome, "version": item.version})
    assert stale.status_code == 409 and outcome in text(stale)
    assert DataSubjectRequest.objects.get(pk=item.pk).status == "open"
    fresh = desk.post(f"{LIST}/{item.pk}/beantwoorden", {"outcome": outcome, "version": item.version + 1})
    assert fresh.status_code == 302
    assert DataSubjectRequest.objects.get(pk=item.pk).outcome == outcome


# -- erasure --------------------------------------------------------------------------------------------

def erase(client, item, signal, **extra):
    return client.post(f"{LIST}/{item.pk}/wissen", {"e0-record_type": "signalling.signal",
                                                    "e0-record_id": str(signal.pk), **extra})


def test_only_an_erasure_request_offers_to_erase(desk, world, officer):
    signal = signal_about(world.a1)
    inspection = a_request(officer)
    assert "wissen" not in text(desk.get(f"{LIST}/{inspection.pk}/overzicht"))
    refused = erase(desk, inspection, signal, **{"e0-reason": "Verzoek tot verwijdering toegewezen",
                                                 "e0-confirm": "on"})
    assert refused.status_code == 400 and Signal.objects.filter(pk=signal.pk).exists()


def test_erasing_asks_for_a_yes_first(desk, world, officer):
    signal = signal_about(world.a1)
    item = a_request(officer, kind="erasure")
    assert f"{signal.reference} wissen" in text(desk.get(f"{LIST}/{item.pk}/overzicht"))
    response = erase(desk, item, signal, **{"e0-reason": "Verzoek tot verwijdering toegewezen"})
    assert response.status_code == 400
    assert "Verzoek tot verwijdering toegewezen" in text(response)
    assert Signal.objects.filter(pk=signal.pk).exists()


def test_erasing_removes_the_record_keeps_the_figures_and_a_second_submit_removes_nothing(desk, world, officer):
    signal = signal_about(world.a1, forms=["labour"])
    item = a_request(officer, kind="erasure")
    before = yearly_signal_figures(2026)
    data = {"e0-reason": "Verzoek tot verwijdering toegewezen", "e0-confirm": "on"}

    response = erase(desk, item, signal, **data)

    assert response.status_code == 302
    assert not Signal.objects.filter(pk=signal.pk).exists()
    assert yearly_signal_figures(2026) == before
    (entry,) = PurgeLogEntry.objects.all()
    assert (entry.trigger, entry.count, entry.municipality) == ("request", 1, world.a1)
    again = erase(desk, item, signal, **data)
    assert again.status_code == 400 and "hoort niet (meer) bij dit verzoek" in text(again)


def test_a_record_under_a_legal_hold_is_not_erased(desk, world, officer):
    signal = signal_about(world.a1)
    place_hold(actor=officer, record_type="signalling.signal", reference=signal.reference,
               reason="Strafrechtelijk onderzoek loopt nog", review_on=datetime.date(2026, 12, 1))
    item = a_request(officer, kind="erasure")
    response = erase(desk, item, signal, **{"e0-reason": "Verzoek tot verwijdering toegewezen", "e0-confirm": "on"})
    assert response.status_code == 400 and "bewaarplicht" in text(response)
    assert Signal.objects.filter(pk=signal.pk).exists()


def test_a_signal_whose_duplicate_is_held_is_not_erased(desk, world, officer):
    signal = signal_about(world.a1)
    duplicate = SignalFactory(municipality=world.a1, status="closed", close_reason="duplicate",
                              closed_at=NOW, merged_into=signal)
    place_hold(actor=officer, record_type="signalling.signal", reference=duplicate.reference,
               reason="Strafrechtelijk onderzoek loopt nog", review_on=datetime.date(2026, 12, 1))
    item = a_request(officer, kind="erasure")
    response = erase(desk, item, signal, **{"e0-reason": "Verzoek tot verwijdering toegewezen", "e0-confirm": "on"})
    assert response.status_code == 400 and "bewaarplicht" in text(response)
    assert Signal.objects.filter(pk__in=[signal.pk, duplicate.pk]).count() == 2


def test_a_record_of_another_person_cannot_be_erased_on_this_request(desk, world, officer):
    other = signal_about(world.a1, name="Jan Bakker")
    item = a_request(officer, kind="erasure")
    response = erase(desk, item, other, **{"e0-reason": "Verzoek tot verwijdering toegewezen", "e0-confirm": "on"})
    assert response.status_code == 400
    assert Signal.objects.filter(pk=other.pk).exists()


def test_answering_twice_says_it_was_answered_already(desk, officer):
    item = a_request(officer)
    outcome = "Inzage gegeven in een signaal; gegevens van anderen achtergehouden"
    assert desk.post(f"{LIST}/{item.pk}/beantwoorden", {"outcome": outcome, "version": 1}).status_code == 302
    again = desk.post(f"{LIST}/{item.pk}/beantwoorden", {"outcome": outcome, "version": 2})
    assert again.status_code == 400 and "al beantwoord" in text(again)


def test_the_pdf_for_the_person_is_tagged_pdf_ua_and_holds_the_same_records_as_the_json(desk, world, officer):
    from schakel.privacy.models import AccessLogEntry
    from schakel.privacy.subject_export import export_html
    from schakel.privacy.subject_requests import find_subject_records

    ours = signal_about(world.a1)
    add_entity(ours, "person", {"name": "Klaas Jansen"}, person_role="presumed_perpetrator")
    other = signal_about(world.a1, name="Jan Bakker")
    item = a_request(officer)

    response = desk.get(f"{LIST}/{item.pk}/export.pdf")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and response["Content-Disposition"].startswith("attachment")
    content = inflated_pdf(response.content)
    assert b"pdfuaid:part" in content and b"/StructTreeRoot" in content and b"/Lang" in content
    assert AccessLogEntry.objects.filter(action="export", detail__contains="als PDF").exists()
    html = export_html(request=item, records=find_subject_records(actor=officer, request=item))
    assert ours.reference in html and NAME in html
    assert other.reference not in html and "Klaas Jansen" not in html
    assert "Wie het signaal meldde" in html


def test_the_list_is_searched_by_kind_and_number(desk, officer):
    inspection, erasure = a_request(officer), a_request(officer, kind="erasure")
    by_kind = desk.get(f"{LIST}?soort=erasure")
    assert [row.pk for row in by_kind.context["page"]] == [erasure.pk]
    by_number = desk.get(f"{LIST}?nummer={inspection.pk}")
    assert [row.pk for row in by_number.context["page"]] == [inspection.pk]
    nothing = desk.get(f"{LIST}?nummer=abc")
    assert nothing.status_code == 200 and "Geen verzoeken gevonden" in text(nothing)
    assert f"soort=erasure" in text(desk.get(f"{LIST}?soort=erasure"))  # kept in the sort and show links


def test_a_record_other_parts_still_refer_to_is_not_erased_and_nothing_goes(desk, world, officer):
    from django.db.models import ProtectedError

    from schakel.signalling.models import SignalEntity
    from schakel.signalling.services.erasure import register_signal_erasure_listener, unregister_signal_erasure_listener

    signal = signal_about(world.a1)
    item = a_request(officer, kind="erasure")

    def refuse(erased, *, actor, reason):
        SignalEntity.objects.filter(signal=erased).delete()
        raise ProtectedError("rows of another app refer to this signal", set())

    register_signal_erasure_listener("tests.refuse", refuse)
    try:
        response = erase(desk, item, signal, **{"e0-reason": "Verzoek tot verwijdering toegewezen",
                                                "e0-confirm": "on"})
    finally:
        unregister_signal_erasure_listener("tests.refuse")
    assert response.status_code == 400 and "kan nog niet worden gewist" in text(response)
    assert SignalEntity.objects.filter(signal=signal).exists()
    assert not PurgeLogEntry.objects.exists()
