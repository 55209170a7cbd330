"""The measures pages: recording keeps what was typed on error, a double submit records one, changes on the page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from schakel.measures.models import Measure, MeasureStatus
from schakel.privacy.models import AccessLogEntry
from tests.signalling.triage_factories import SignalFactory

from .helpers import measure

pytestmark = pytest.mark.django_db

CLOSURE = "/maatregelen/nieuw?soort=premises_closure"


def closure_post(**overrides):
    data = {"form_token": "t1", "legal_basis": "gemeentewet_174a", "started_on": "2026-03-02",
            "department": "Handhaving", "description": "Woning met veertien inschrijvingen",
            "f_warned_on": "2026-03-10", "f_ordered_on": "2026-03-05", "address": "1234 AB 12"}
    data.update(overrides)
    return data


def test_choosing_a_type_then_its_own_form(world, login):
    client = login(world.user("focal_officer"))
    chooser = client.get("/maatregelen/nieuw").content.decode()
    assert "Bibob-toets" in chooser and "Bestuurlijke beoordeling" not in chooser
    form = client.get(CLOSURE).content.decode()
    assert "Sluitingsbevel gegeven op" in form and "Gemeentewet art. 174a" in form


def test_dates_in_the_wrong_order_are_refused_on_the_field_and_what_was_typed_stays(world, login):
    response = login(world.user("focal_officer")).post(CLOSURE, closure_post())
    assert response.status_code == 400
    page = response.content.decode()
    assert "vóór de waarschuwing" in page
    assert "Woning met veertien inschrijvingen" in page and 'value="1234 AB 12"' in page
    assert Measure.objects.count() == 0


def test_a_closure_without_an_order_date_is_refused(world, login):
    response = login(world.user("focal_officer")).post(CLOSURE, closure_post(f_ordered_on="", f_warned_on=""))
    assert response.status_code == 400
    assert "Sluitingsbevel gegeven op" in response.content.decode()
    assert Measure.objects.count() == 0


def test_a_good_form_records_once_even_when_sent_twice(world, login):
    client = login(world.user("focal_officer"))
    first = client.post(CLOSURE, closure_post(f_warned_on="2026-03-01"))
    second = client.post(CLOSURE, closure_post(f_warned_on="2026-03-01"))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Measure.objects.count() == 1
    assert client.get(first["Location"]).status_code == 200


def test_from_a_signal_the_measure_is_linked_to_it(world, login):
    signal = SignalFactory(municipality=world.a1)
    client = login(world.user("focal_officer"))
    client.post(f"{CLOSURE}&signaal={signal.reference}", closure_post(f_warned_on=""))
    assert Measure.objects.get().signal == signal
    other = SignalFactory(municipality=world.a2)
    assert client.get(f"{CLOSURE}&signaal={other.reference}").status_code == 404


def test_finishing_on_the_page_without_an_outcome_says_so(world, login):
    recorded = measure(world)
    client = login(world.user("focal_officer"))
    response = client.post(f"/maatregelen/{recorded.reference}/status/done",
                           {"status_done-version": recorded.version, "status_done-target": "done"})
    assert response.status_code == 400
    assert "Kies de uitkomst" in response.content.decode()
    done = client.post(f"/maatregelen/{recorded.reference}/status/done",
                       {"status_done-version": recorded.version, "status_done-target": "done",
                        "status_done-outcome": "in_order"})
    assert done.status_code == 302
    assert Measure.objects.get().status == MeasureStatus.DONE


def test_a_stale_edit_is_refused_with_409_and_keeps_the_input(world, login):
    recorded = measure(world)
    client = login(world.user("focal_officer"))
    response = client.post(f"/maatregelen/{recorded.reference}/wijzigen", {
        "version": recorded.version + 5, "legal_basis": "wet_brp", "started_on": "2026-03-02",
        "f_registered_persons": "21"})
    assert response.status_code == 409
    assert 'value="21"' in response.content.decode()


def test_an_unparsed_address_is_kept_and_flagged_on_the_page(world, login):
    recorded = measure(world)
    client = login(world.user("focal_officer"))
    response = client.post(f"/maatregelen/{recorded.reference}/adressen", {"kind": "address", "text": "achter de kas"},
                           follow=True)
    page = response.content.decode()
    assert "achter de kas" in page and "niet herkend" in page


def test_a_document_is_stored_encrypted_and_downloadable_by_the_people_who_read_the_measure(world, login):
    recorded = measure(world, "bibob_check")
    client = login(world.user("focal_officer"))
    upload = SimpleUploadedFile("advies.txt", b"Advies LBB (synthetisch)\n", content_type="text/plain")
    response = client.post(f"/maatregelen/{recorded.reference}/documenten", {"file": upload, "title": "Advies LBB"})
    assert response.status_code == 302
    document = recorded.documents.get()
    url = document.stored_file.get_absolute_url()
    assert client.get(url).status_code == 200
    assert login(world.other_municipality).get(url).status_code == 404
    assert AccessLogEntry.objects.filter(record_type="measures.measuredocument", action="download").exists()


def test_the_start_page_panel_counts_open_measures_and_overdue_steps(world, login):
    measure(world, "penalty_order", details={"imposed_on": "2026-01-02", "term_days": 7})
    page = login(world.user("focal_officer")).get("/").content.decode()
    assert "Bestuurlijke maatregelen" in page and "Stappen te laat" in page
