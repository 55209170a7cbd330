"""Staff intake pages: the form, the phone/visit form, the confirmation and 'Mijn meldingen'."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from schakel.privacy.models import StoredFile
from schakel.signalling.catalogue import load_indicator_catalogue
from schakel.signalling.models import Channel, Signal, SignalAttachment, SignalStatus

NOW = datetime.datetime(2026, 3, 4, 9, 30, tzinfo=datetime.timezone.utc)
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
       b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

ROW_MANAGEMENT = {
    f"{key}-{field}": value
    for key in ("persons", "companies", "vehicles", "phones", "emails", "websites")
    for field, value in (("TOTAL_FORMS", "1"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0"),
                         ("MAX_NUM_FORMS", "20"))
}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def catalogue(db):
    load_indicator_catalogue()


def token_of(response) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', response.content.decode()).group(1)


def form_data(token: str, **fields) -> dict:
    data = {"form_token": token, "municipality": "", "description": "", "acute_danger": "no",
            "minors_involved": "unknown", **ROW_MANAGEMENT, "send": "1"}
    data.update(fields)
    return data


@pytest.mark.django_db
def test_any_role_gets_the_form_with_own_municipality_preselected(world, login, catalogue):
    client = login(world.user("policy_officer"))

    response = client.get("/signalen/melden")

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<option value="{world.a1.pk}" selected>' in page
    assert "Wat is u opgevallen?" in page
    assert "Bel direct 112" in page
    assert 'name="indicators" value="arbeid-lange-dagen"' in page


@pytest.mark.django_db
def test_staff_signal_arrives_and_the_reporter_sees_only_its_reference(world, login, catalogue):
    client = login(world.user("reporter"))
    token = token_of(client.get("/signalen/melden"))

    response = client.post("/signalen/melden", form_data(
        token, municipality=world.a1.pk, description="Mannen slapen in de loods van het bedrijf.",
        suspected_forms=["labour"], indicators=["arbeid-slaapt-op-werk"], postcode="1234 AB", house_number="5",
        reporter_department="enforcement", **{"phones-0-number": "06 12345678"}))

    signal = Signal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/signalen/ontvangen/{signal.reference}"
    assert (signal.channel, signal.reporter, signal.reporter_department) == (
        Channel.STAFF, world.user("reporter"), "enforcement")
    assert signal.reporter_organisation == world.organisations["a1"]
    assert signal.entities.get().data["normalised"] == "+31612345678"
    confirmation = client.get(response["Location"]).content.decode()
    assert signal.reference in confirmation
    assert "loods" not in confirmation


@pytest.mark.django_db
def test_missing_and_wrong_fields_get_dutch_messages_and_keep_what_was_typed(world, login, catalogue):
    client = login(world.user("reporter"))
    token = token_of(client.get("/signalen/melden"))

    response = client.post("/signalen/melden", form_data(
        token, municipality=world.a1.pk, description="", postcode="12", house_number="3",
        street="Kerkstraat", **{"phones-0-number": "123", "companies-0-name": "Bouwbedrijf X",
                                "companies-0-kvk": "12"}))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Beschrijf kort wat u is opgevallen" in page
    assert "Vul een geldige Nederlandse postcode in" in page
    assert "Dit is geen geldig telefoonnummer" in page
    assert "Een KvK-nummer bestaat uit 8 cijfers" in page
    assert 'value="Kerkstraat"' in page and 'value="Bouwbedrijf X"' in page and 'value="123"' in page
    assert f'value="{token}"' in page
    assert 'aria-invalid="true"' in page
    assert not Signal.objects.exists()


@pytest.mark.django_db
def test_a_double_submit_creates_one_signal(world, login, catalogue):
    client = login(world.user("reporter"))
    token = token_of(client.get("/signalen/melden"))
    data = form_data(token, municipality=world.a1.pk, description="Dubbel verstuurd.")

    first = client.post("/signalen/melden", data)
    second = client.post("/signalen/melden", data)

    assert Signal.objects.count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.django_db
def test_a_second_submit_with_changed_text_says_so_and_keeps_the_new_words(world, login, catalogue):
    client = login(world.user("reporter"))
    token = token_of(client.get("/signalen/melden"))
    client.post("/signalen/melden", form_data(token, municipality=world.a1.pk, description="Eerste versie."))
    signal = Signal.objects.get()

    response = client.post("/signalen/melden", form_data(
        token, municipality=world.a1.pk, description="Eerste versie, met het kenteken erbij."))

    page = response.content.decode()
    assert response.status_code == 409
    assert Signal.objects.count() == 1
    assert f"Dit formulier was al verstuurd als signaal {signal.reference}" in page
    assert "Eerste versie, met het kenteken erbij." in page
    assert token_of(response) != token


@pytest.mark.django_db
def test_add_a_row_button_adds_an_empty_row_without_javascript_or_errors(world, login, catalogue):
    client = login(world.user("reporter"))
    token = token_of(client.get("/signalen/melden"))

    response = client.post("/signalen/melden", {**form_data(token, **{"persons-0-name": "Anna"}),
                                                "add_row": "persons", "send": ""})

    page = response.content.decode()
    assert 'name="persons-1-name"' in page
    assert 'value="Anna"' in page
    assert "Beschrijf kort" not in page
    assert not Signal.objects.exists()


@pytest.mark.django_db
def test_a_failed_submit_keeps_the_chosen_file_encrypted_and_attaches_it_later(world, login, catalogue):
    client = login(world.user("reporter"))
    token = token_of(client.get("/signalen/melden"))

    failed = client.post("/signalen/melden", form_data(
        token, municipality=world.a1.pk, description="", files=[SimpleUploadedFile("foto.png", PNG, "image/png")]))

    assert "foto.png" in failed.content.decode()
    assert "Al toegevoegd" in failed.content.decode()
    pending = SignalAttachment.objects.get()
    assert pending.signal is None and pending.stored_file.size == len(PNG)
    assert f'name="kept_upload" value="{pending.pk}"' in failed.content.decode()

    client.post("/signalen/melden", form_data(token, municipality=world.a1.pk, description="Nu wel.",
                                              kept_upload=[str(pending.pk)]))

    signal = Signal.objects.get()
    assert list(signal.attachments.all()) == [pending]
    assert StoredFile.objects.count() == 1


@pytest.mark.django_db
def test_a_disguised_executable_is_refused_by_its_content(world, login, catalogue):
    client = login(world.user("reporter"))
    token = token_of(client.get("/signalen/melden"))
    fake = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00\x03" + b"\x00" * 200, "image/jpeg")

    response = client.post("/signalen/melden", form_data(token, municipality=world.a1.pk,
                                                        description="Met bijlage.", files=[fake]))

    assert response.status_code == 200
    assert "foto.jpg: Dit soort bestand kunnen we niet aannemen" in response.content.decode()
    assert not Signal.objects.exists() and not SignalAttachment.objects.exists()


@pytest.mark.django_db
def test_a_removed_pending_file_is_not_attached(world, login, catalogue):
    client = login(world.user("reporter"))
    token = token_of(client.get("/signalen/melden"))
    client.post("/signalen/melden", form_data(token, municipality=world.a1.pk, description="",
                                              files=[SimpleUploadedFile("a.png", PNG, "image/png")]))
    pending = SignalAttachment.objects.get()

    client.post("/signalen/melden", form_data(token, municipality=world.a1.pk, description="Zonder bestand.",
                                              remove_upload=[str(pending.pk)]))

    assert not Signal.objects.get().attachments.exists()


@pytest.mark.django_db
def test_my_signals_shows_arrival_reference_and_handled_only(world, login, catalogue):
    from schakel.signalling.services.intake import submit_signal

    mine = submit_signal(channel=Channel.STAFF, municipality=world.a1, payload={"description": "Geheim detail"},
                         reporter=world.user("reporter"))
    closed = submit_signal(channel=Channel.STAFF, municipality=world.a1, payload={"description": "Tweede"},
                           reporter=world.user("reporter"))
    Signal.objects.filter(pk=closed.pk).update(status=SignalStatus.CLOSED, close_reason="not_trafficking")
    others = submit_signal(channel=Channel.STAFF, municipality=world.a1, payload={"description": "Van een ander"},
                           reporter=world.user("policy_officer"))

    page = login(world.user("reporter")).get("/signalen/mijn-meldingen").content.decode()

    assert mine.reference in page and closed.reference in page
    assert others.reference not in page
    # What a reporter may know: received (nobody picked it up yet) or handled (issue 12).
    assert ">Afgehandeld</td>" in page and ">Ontvangen</td>" in page
    for hidden in ("Geheim detail", "Geen mensenhandel", "Aadorp"):
        assert hidden not in page.split("<main")[1]


@pytest.mark.django_db
def test_confirmation_of_someone_elses_signal_is_404(world, login, catalogue):
    from schakel.signalling.services.intake import submit_signal

    signal = submit_signal(channel=Channel.STAFF, municipality=world.a1, payload={"description": "x"},
                           reporter=world.user("policy_officer"))

    assert login(world.user("reporter")).get(f"/signalen/ontvangen/{signal.reference}").status_code == 404


@pytest.mark.django_db
def test_focal_officer_records_a_phone_call_with_the_callers_details(world, login, catalogue):
    client = login(world.user("focal_officer"))
    page = client.get("/signalen/telefonisch")
    assert page.status_code == 200

    response = client.post("/signalen/telefonisch", form_data(
        token_of(page), intake_channel="phone", municipality=world.a1.pk,
        description="Beller zag busjes met arbeiders om 5 uur 's ochtends.",
        contact_name="Buurvrouw", contact_phone="0612345678"))

    signal = Signal.objects.get()
    assert response.status_code == 302
    assert (signal.channel, signal.reporter) == (Channel.PHONE, None)
    assert signal.reporter_contact == {"name": "Buurvrouw", "phone": "+31612345678"}
    assert signal.events.get(kind="received").actor == world.user("focal_officer")


@pytest.mark.django_db
def test_phone_intake_starts_with_the_officers_municipality_and_assigns_the_signal_to_them(world, login, catalogue):
    officer = world.user("focal_officer")
    client = login(officer)
    page = client.get("/signalen/telefonisch")
    assert re.search(rf'<option value="{world.a1.pk}" selected>', page.content.decode())

    response = client.post("/signalen/telefonisch", form_data(
        token_of(page), intake_channel="phone", municipality=world.a1.pk, description="Beller zag iets.",
        contact_name="Buurman"), follow=True)

    signal = Signal.objects.get()
    assert signal.assigned_to == officer
    assert signal.events.filter(kind="assignment", actor=officer).exists()
    confirmation = response.content.decode()
    assert "Het signaal van de melder is vastgelegd" in confirmation
    assert "Het signaal staat op uw naam" in confirmation
    assert "contact met u op" not in confirmation
    assert "Uw signaal is ontvangen" not in confirmation


@pytest.mark.django_db
def test_focal_officer_can_only_record_calls_for_own_municipalities(world, login, catalogue):
    client = login(world.user("focal_officer"))
    page = client.get("/signalen/telefonisch")

    response = client.post("/signalen/telefonisch", form_data(
        token_of(page), intake_channel="visit", municipality=world.b1.pk, description="Elders."))

    assert response.status_code == 200
    assert not Signal.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["reporter", "policy_officer", "partner_member", "care_coordinator"])
def test_phone_intake_is_for_focal_officers_only(world, login, catalogue, role):
    assert login(world.user(role)).get("/signalen/telefonisch").status_code == 403


@pytest.mark.django_db
def test_intake_pages_require_login(client):
    for url in ("/signalen/melden", "/signalen/telefonisch", "/signalen/mijn-meldingen"):
        response = client.get(url)
        assert response.status_code == 302 and "/account/login/" in response["Location"]


@pytest.mark.django_db
def test_an_oversized_file_is_refused_with_the_limit_in_dutch(world, login, catalogue, settings):
    settings.MAX_UPLOAD_MB = 0  # every file is too large now
    client = login(world.user("reporter"))
    token = token_of(client.get("/signalen/melden"))

    response = client.post("/signalen/melden", form_data(
        token, municipality=world.a1.pk, description="Met een te groot bestand.",
        files=[SimpleUploadedFile("groot.png", PNG, "image/png")]))

    assert "groot.png: Het bestand is te groot" in response.content.decode()
    assert not Signal.objects.exists() and not StoredFile.objects.exists()
