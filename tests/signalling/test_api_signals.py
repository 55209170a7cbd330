"""The signals API: partner intake (idempotent), the focal officer's list and detail, problem+json errors."""

from __future__ import annotations

import base64
import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from schakel.api.services import issue_token
from rest_framework.test import APIClient

from schakel.privacy.models import AccessLogEntry, StoredFile
from schakel.signalling.catalogue import load_indicator_catalogue
from schakel.signalling.models import Channel, Signal, SignalAttachment
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
        client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user)}")
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
def test_a_list_row_holds_exactly_the_plain_columns_of_the_detail(world, api):
    from schakel.signalling.models import Signal

    assigned = _signal(world, world.a1, "Eerste")
    Signal.objects.filter(pk=assigned.pk).update(assigned_to=world.user("focal_officer"), acute_danger=True,
                                                 forms=["labour", "sexual"], sector="agriculture")
    _signal(world, world.a1, "Tweede", days_after=1)
    client = api(world.user("focal_officer"))

    rows = client.get("/api/v1/signals").json()["results"]

    assert rows[0]["assignedTo"] == world.user("focal_officer").username and rows[1]["assignedTo"] is None
    for row in rows:
        detail = client.get(f"/api/v1/signals/{row['reference']}").json()
        assert row == {key: detail[key] for key in row}


@pytest.mark.django_db
def test_list_pages_count_every_row_and_link_the_next_page(world, api):
    for days in range(3):
        _signal(world, world.a1, days_after=days)
    client = api(world.user("focal_officer"))

    first = client.get("/api/v1/signals?pageSize=2").json()
    second = client.get("/api/v1/signals?pageSize=2&page=2").json()

    assert (first["count"], len(first["results"]), second["count"], len(second["results"])) == (3, 2, 3, 1)
    assert first["next"].endswith("page=2&pageSize=2") and second["next"] is None
    assert client.get("/api/v1/signals?page=3&pageSize=2").status_code == 400  # out of range: a 400 problem (issue 11)


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
    schema = client.get("/api/v1/schema", HTTP_ACCEPT="application/json").json()

    assert {"get", "post"} <= set(schema["paths"]["/api/v1/signals"])
    assert "get" in schema["paths"]["/api/v1/signals/{reference}"]
    post_op = schema["paths"]["/api/v1/signals"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in post_op["parameters"])
    assert "409" in post_op["responses"]


# --- attachments (docs/decisions/0036-api-attachments-base64-in-json.md) ---------------------------

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n(Verklaring Anna de Vries)\n%%EOF\n"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
       + b"\x00" * 16)
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def with_files(*files: tuple[str, bytes | str], **extra) -> dict:
    """BODY with attachments; bytes are base64-encoded here, a str is sent as it is."""
    return {**BODY, **extra, "attachments": [
        {"filename": name, "content": content if isinstance(content, str) else b64(content)}
        for name, content in files]}


def files_on_disk(settings) -> list:
    root = settings.FILE_STORE_DIR
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def refused(response, status=400) -> dict:
    """The problem's invalidParams by name (name -> (code, reason))."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {p["name"]: (p["code"], p["reason"]) for p in response.json().get("invalidParams", [])}


def assert_nothing_stored(settings):
    assert not Signal.objects.exists()
    assert not SignalAttachment.objects.exists()
    assert not StoredFile.objects.exists()
    assert files_on_disk(settings) == []


@pytest.mark.django_db
def test_attachment_is_stored_encrypted_and_the_focal_officer_downloads_it_from_the_signal_page(
        world, api, login, settings):
    partner = world.user("partner_member")
    # Line-wrapped base64 (as MIME encoders write it) is accepted.
    body = {**BODY, "attachments": [{"filename": "verklaring.pdf", "content": base64.encodebytes(PDF).decode()}]}

    response = post(api(partner), body)

    assert response.status_code == 201, response.content
    assert response.json()["attachments"] == [
        {"filename": "verklaring.pdf", "contentType": "application/pdf", "size": len(PDF)}]
    signal = Signal.objects.get(reference=response.json()["reference"])
    (attachment,) = signal.attachments.select_related("stored_file")
    stored = attachment.stored_file
    assert (stored.owner_type, stored.owner_id, stored.created_by) == (
        "signalling.signalattachment", str(attachment.pk), partner)
    (path,) = files_on_disk(settings)
    blob = path.read_bytes()
    assert b"%PDF" not in blob and b"Anna de Vries" not in blob
    # The access log has the API intake (as for every API signal) and the stored file.
    assert AccessLogEntry.objects.filter(action="create", record_type="signalling.signal", record_id=str(signal.pk),
                                         user=partner, reason="intake via partner_api").exists()
    assert AccessLogEntry.objects.filter(action="create", record_type="signalling.signalattachment",
                                         record_id=str(attachment.pk), user=partner).exists()

    client = login(world.user("focal_officer"))
    page = client.get(reverse("signalling:signal-detail", kwargs={"reference": signal.reference}))
    assert page.status_code == 200
    html = page.content.decode()
    download_url = f"/privacy/bestanden/{stored.pk}"
    assert f'href="{download_url}">verklaring.pdf</a> (application/pdf' in html

    download = client.get(download_url)
    assert download.status_code == 200
    assert download.content == PDF
    assert download["Content-Type"] == "application/pdf"
    assert AccessLogEntry.objects.filter(action="download", record_type="signalling.signalattachment",
                                         record_id=str(attachment.pk), user=world.user("focal_officer")).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "code"), [
    ("foto.jpg", HTML, "not_allowed"),
    ("notitie.txt", EICAR, "malware"),
])
def test_disallowed_content_with_an_allowed_extension_is_refused(world, api, settings, name, content, code):
    response = post(api(world.user("partner_member")), with_files((name, content)))

    params = refused(response)
    assert params["attachments.0.content"][0] == code
    assert "bestand" in params["attachments.0.content"][1]  # Dutch, for the integrator's log
    assert_nothing_stored(settings)


@pytest.mark.django_db
def test_oversized_attachment_is_refused_with_the_file_limit(world, api, settings):
    settings.MAX_UPLOAD_MB = 1
    too_big = b"Regel tekst.\n" * (1024 * 1024 // 13 + 1)

    params = refused(post(api(world.user("partner_member")), with_files(("lang.txt", too_big))))

    assert params["attachments.0.content"] == ("too_large", "Het bestand is te groot: het mag hoogstens 1 MB zijn.")
    assert_nothing_stored(settings)


@pytest.mark.django_db
def test_attachments_over_the_total_limit_are_refused(world, api, settings):
    settings.API_MAX_ATTACHMENTS_MB = 1
    part = b"Regel tekst.\n" * (600 * 1024 // 13)

    params = refused(post(api(world.user("partner_member")), with_files(("a.txt", part), ("b.txt", part))))

    assert params["attachments"] == ("too_large", "De bijlagen zijn samen te groot: hoogstens 1 MB per signaal.")
    assert_nothing_stored(settings)


@pytest.mark.django_db
def test_body_larger_than_any_valid_signal_is_a_413_problem_before_it_is_read(world, api, settings):
    settings.API_MAX_ATTACHMENTS_MB = 1  # a body may then be 2.5 MB
    part = b"Regel tekst.\n" * (3 * 1024 * 1024 // 13)

    response = post(api(world.user("partner_member")), with_files(("groot.txt", part)))

    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert "hoogstens 1 MB" in response.json()["detail"]
    assert_nothing_stored(settings)


@pytest.mark.django_db
def test_attachments_up_to_the_total_limit_are_accepted_in_a_body_larger_than_other_requests_may_be(world, api):
    # Three files of 9 MB: 27 MB decoded, about 36 MB of JSON - more than the 25 MB other requests may send.
    big = PDF + b"x" * (9 * 1024 * 1024)
    files = [(f"verklaring-{n}.pdf", big + bytes([n])) for n in range(3)]

    response = post(api(world.user("partner_member")), with_files(*files))

    assert response.status_code == 201, response.content[:300]
    assert [item["size"] for item in response.json()["attachments"]] == [len(big) + 1] * 3


@pytest.mark.django_db
def test_a_body_beyond_what_django_reads_is_a_413_problem_not_a_server_error(world, api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000  # below the API's own bound, so Django's check meets it first

    response = post(api(world.user("partner_member")), with_files(("verklaring.pdf", PDF + b"x" * 4000)))

    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Het verzoek is te groot."
    assert_nothing_stored(settings)


@pytest.mark.django_db
def test_too_many_attachments_are_refused(world, api, settings):
    files = [(f"foto-{n}.png", PNG) for n in range(11)]

    params = refused(post(api(world.user("partner_member")), with_files(*files)))

    assert params["attachments"] == ("max_files", "U kunt hoogstens 10 bijlagen per signaal meesturen.")
    assert_nothing_stored(settings)


@pytest.mark.django_db
def test_ten_attachments_are_accepted(world, api, settings):
    files = [(f"foto-{n}.png", PNG) for n in range(10)]

    response = post(api(world.user("partner_member")), with_files(*files))

    assert response.status_code == 201, response.content
    assert len(response.json()["attachments"]) == 10
    assert len(files_on_disk(settings)) == 10


@pytest.mark.django_db
def test_idempotent_retry_with_attachments_stores_them_once(world, api, settings):
    client = api(world.user("partner_member"))
    body = with_files(("verklaring.pdf", PDF), ("foto.png", PNG))

    first = post(client, body, key="retry-1")
    second = post(client, body, key="retry-1")

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert len(first.json()["attachments"]) == 2
    assert Signal.objects.count() == 1
    assert SignalAttachment.objects.count() == StoredFile.objects.count() == 2
    assert len(files_on_disk(settings)) == 2


@pytest.mark.django_db
def test_same_key_with_other_attachments_is_a_409_problem(world, api, settings):
    client = api(world.user("partner_member"))
    post(client, with_files(("foto.png", PNG)), key="k-files")

    response = post(client, with_files(("foto.png", PDF)), key="k-files")

    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert Signal.objects.count() == 1
    assert len(files_on_disk(settings)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("content", [
    "dit is geen base64!",
    "JVBERi0xLjcK" + "=",  # wrong padding
    "data:application/pdf;base64," + base64.b64encode(PDF).decode(),
    base64.urlsafe_b64encode(b"\xfb\xff" * 30).decode(),  # URL-safe alphabet: - and _
])
def test_invalid_base64_is_refused_with_a_clear_message(world, api, settings, content):
    params = refused(post(api(world.user("partner_member")), with_files(("verklaring.pdf", content))))

    code, reason = params["attachments.0.content"]
    assert code == "base64"
    assert "geen geldige base64" in reason and "RFC 4648" in reason
    assert_nothing_stored(settings)


@pytest.mark.django_db
def test_nothing_is_left_on_disk_when_a_later_attachment_is_refused(world, api, settings):
    body = with_files(("verklaring.pdf", PDF), ("foto.png", PNG), ("scan.pdf", EICAR))

    params = refused(post(api(world.user("partner_member")), body))

    assert set(params) == {"attachments.2.content"}
    assert_nothing_stored(settings)


@pytest.mark.django_db
def test_files_stored_before_a_failing_intake_are_removed_from_disk(world, api, settings, monkeypatch):
    def broken_access_log(**kwargs):
        raise RuntimeError("access log unavailable")

    # The intake fails after storing the files (its own access-log entry comes last).
    monkeypatch.setattr("schakel.signalling.services.intake.record_access", broken_access_log)
    client = api(world.user("partner_member"))
    client.raise_request_exception = False

    response = post(client, with_files(("verklaring.pdf", PDF), ("foto.png", PNG)))

    assert response.status_code == 500
    assert_nothing_stored(settings)


@pytest.mark.django_db
def test_openapi_document_describes_attachments_and_their_refusal(client):
    schema = client.get("/api/v1/schema", HTTP_ACCEPT="application/json").json()

    item = schema["components"]["schemas"]["AttachmentInRequest"]
    assert item["required"] == ["content", "filename"]
    assert item["properties"]["content"]["format"] == "byte"
    operation = schema["paths"]["/api/v1/signals"]["post"]
    assert list(operation["requestBody"]["content"]) == ["application/json"]
    refused_400 = operation["responses"]["400"]["content"]["application/problem+json"]
    assert refused_400["schema"] == {"$ref": "#/components/schemas/Problem"}
    assert "attachments.1.content" in operation["responses"]["400"]["description"]
    assert "application/problem+json" in operation["responses"]["413"]["content"]
    created = schema["components"]["schemas"]["SignalCreatedOut"]
    assert "attachments" in created["properties"]


@pytest.mark.django_db
def test_multipart_body_is_a_415_problem_pointing_to_json(world, api, settings):
    upload = SimpleUploadedFile("verklaring.pdf", PDF, content_type="application/pdf")

    response = api(world.user("partner_member")).post(
        "/api/v1/signals", {"municipality": "GM9001", "description": "Zie bijlage.", "attachments": upload},
        format="multipart")

    assert response.status_code == 415
    assert response["Content-Type"] == "application/problem+json"
    assert "application/json" in response.json()["detail"] and "attachments" in response.json()["detail"]
    assert_nothing_stored(settings)


def test_list_rows_are_represented_exactly_as_the_drf_serializer_would():
    import datetime as _datetime

    from schakel.signalling.serializers import SignalListOut

    def row(**changes):
        base = {"reference": "2026-000001", "url": "http://testserver/api/v1/signals/2026-000001",
                "municipality": "GM0363", "channel": "staff_form", "status": "received", "acuteDanger": False,
                "forms": ["labour"], "sector": "", "locationType": "", "firstReactionDue": _datetime.date(2026, 3, 9),
                "receivedAt": _datetime.datetime(2026, 1, 5, 8, 30, tzinfo=_datetime.timezone.utc),
                "triageDue": _datetime.date(2026, 3, 16), "waitingForReporter": False, "assignedTo": None}
        return {**base, **changes}

    rows = [row(), row(assignedTo="af-a1", acuteDanger=True, forms=[], sector="agriculture",
                       receivedAt=_datetime.datetime(2026, 7, 1, 23, 30, tzinfo=_datetime.timezone.utc),
                       waitingForReporter=True)]

    assert SignalListOut.represent(rows) == SignalListOut(rows, many=True).data
    assert SignalListOut.represent(rows)[1]["receivedAt"].endswith("+02:00")
    # The moment in the request's time zone, whatever it is (UTC is written with Z, as DRF does).
    from django.utils import timezone

    for zone in (_datetime.timezone.utc, _datetime.timezone(_datetime.timedelta(hours=-5))):
        with timezone.override(zone):
            assert SignalListOut.represent(rows) == SignalListOut(rows, many=True).data
    with timezone.override(_datetime.timezone.utc):
        assert SignalListOut.represent(rows)[0]["receivedAt"] == "2026-01-05T08:30:00Z"


def test_each_attachment_is_scanned_once_before_anything_is_stored(world, api, monkeypatch):
    from schakel.privacy import files as file_store

    scanned = []
    real_scan = file_store.scan_upload
    monkeypatch.setattr(file_store, "scan_upload", lambda data: (scanned.append(data), real_scan(data))[1])
    body = {**BODY, "attachments": [{"filename": "verklaring.pdf", "content": base64.b64encode(PDF).decode()},
                                    {"filename": "tweede.pdf", "content": base64.b64encode(PDF + b"\n").decode()}]}

    response = post(api(world.user("partner_member")), body)

    assert response.status_code == 201, response.content
    assert scanned == [PDF, PDF + b"\n"]
