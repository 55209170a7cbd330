"""The encrypted file store: checks before storing, encryption on disk, and the permission-checked download."""

import os
import stat

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from schakel.privacy import scanning
from schakel.privacy.files import file_owners, read_stored_file, store_upload
from schakel.privacy.models import AccessLogEntry, StoredFile
from tests.privacy.testapp.models import Dossier

from .conftest import DOCX, EICAR, PDF, PNG, TEXT, WORD_TYPES, office_zip, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(world):
    return world.user("focal_officer")


@pytest.fixture
def dossier(world, dossier_in):
    return dossier_in(world.a1)


def files_on_disk(settings) -> list:
    root = settings.FILE_STORE_DIR
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_upload_is_stored_encrypted_outside_the_web_root(settings, officer, dossier):
    secret = b"%PDF-1.7\n(Verklaring van Anna de Vries over de nagelsalon)\n%%EOF\n"
    stored = store_upload(uploaded_file=upload(secret, "verklaring.pdf", "application/pdf"), user=officer,
                          owner=dossier)
    (path,) = files_on_disk(settings)
    blob = path.read_bytes()
    assert b"Anna" not in blob and b"nagelsalon" not in blob and b"%PDF" not in blob
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert str(settings.FILE_STORE_DIR) in str(path) and stored.pk.hex in path.name
    assert read_stored_file(stored) == secret
    assert (stored.content_type, stored.size, stored.owner_type, stored.owner_id) == (
        "application/pdf", len(secret), "privacy_testapp.dossier", str(dossier.pk))
    assert stored.created_by == officer


def test_content_type_comes_from_the_bytes_not_the_name_or_the_browser(officer, dossier):
    stored = store_upload(uploaded_file=upload(PNG, "foto.exe", "application/x-msdownload"), user=officer,
                          owner=dossier)
    assert stored.content_type == "image/png"
    assert StoredFile.objects.get(pk=stored.pk).original_name == "foto.exe"


def test_the_original_name_is_encrypted_and_stripped_of_paths(officer, dossier):
    from django.db import connection

    stored = store_upload(uploaded_file=upload(TEXT, "..\\..\\geheim/Anna de Vries.txt"), user=officer, owner=dossier)
    assert StoredFile.objects.get(pk=stored.pk).original_name == "Anna de Vries.txt"
    with connection.cursor() as cursor:
        cursor.execute("SELECT original_name FROM privacy_storedfile")
        (raw,) = cursor.fetchone()
    assert "Anna" not in raw


def test_too_large_upload_is_refused_with_a_dutch_message_and_nothing_is_kept(settings, officer, dossier):
    settings.MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError) as refused:
        store_upload(uploaded_file=upload(b"a" * (1024 * 1024 + 1), "groot.txt"), user=officer, owner=dossier)
    assert refused.value.code == "too_large"
    assert refused.value.messages == ["Het bestand is te groot: het mag hoogstens 1 MB zijn."]
    assert not files_on_disk(settings) and not StoredFile.objects.exists()


@pytest.mark.parametrize(("data", "code"), [
    (b"MZ\x90\x00" + b"\x00" * 60, "not_allowed"),
    (b"<html><script>alert(1)</script></html>", "not_allowed"),
    (b"", "empty"),
])
def test_refused_kinds_leave_nothing_behind(settings, officer, dossier, data, code):
    with pytest.raises(ValidationError) as refused:
        store_upload(uploaded_file=upload(data, "bijlage.pdf", "application/pdf"), user=officer, owner=dossier)
    assert refused.value.code == code
    assert not files_on_disk(settings) and not StoredFile.objects.exists()


@pytest.mark.parametrize("data", [
    EICAR,
    office_zip({"[Content_Types].xml": WORD_TYPES, "word/document.xml": b"<w:t>" + EICAR + b"</w:t>"}),
], ids=["eicar test file", "eicar inside a word document"])
def test_eicar_test_signature_is_refused(settings, officer, dossier, data):
    with pytest.raises(ValidationError) as refused:
        store_upload(uploaded_file=upload(data, "test.txt"), user=officer, owner=dossier)
    assert refused.value.code == "malware"
    assert refused.value.messages == ["Het bestand is geweigerd omdat het mogelijk schadelijke inhoud bevat."]
    assert not files_on_disk(settings)


def test_a_registered_scanner_is_consulted_and_a_failing_scanner_fails_closed(officer, dossier):
    def finds_marker(data: bytes):
        return "Test.Marker" if b"VERBODEN" in data else None

    def broken(data: bytes):
        raise ConnectionError("clamd is down")

    scanning.register_scanner("marker", finds_marker)
    try:
        with pytest.raises(ValidationError):
            store_upload(uploaded_file=upload(b"VERBODEN tekst", "a.txt"), user=officer, owner=dossier)
        store_upload(uploaded_file=upload(b"gewone tekst", "b.txt"), user=officer, owner=dossier)
    finally:
        scanning.unregister_scanner("marker")
    scanning.register_scanner("broken", broken)
    try:
        with pytest.raises(ConnectionError):
            store_upload(uploaded_file=upload(b"gewone tekst", "c.txt"), user=officer, owner=dossier)
    finally:
        scanning.unregister_scanner("broken")
    assert StoredFile.objects.count() == 1


def test_office_documents_are_accepted(officer, dossier):
    stored = store_upload(uploaded_file=upload(DOCX, "verslag.docx"), user=officer, owner=dossier)
    assert stored.content_type.endswith("wordprocessingml.document")


def test_owner_must_be_a_registered_record_type(world, officer):
    with pytest.raises(ImproperlyConfigured):
        store_upload(uploaded_file=upload(PDF, "a.pdf"), user=officer, owner=world.a1)


def test_upload_is_written_to_the_access_log_against_the_owner(officer, dossier):
    stored = store_upload(uploaded_file=upload(PDF, "a.pdf"), user=officer, owner=dossier)
    entry = AccessLogEntry.objects.get(action="create", record_type="privacy_testapp.dossier")
    assert (entry.record_id, entry.user, entry.detail) == (str(dossier.pk), officer, f"bestand {stored.pk} opgeslagen")


def test_when_saving_the_row_fails_the_encrypted_file_is_removed(settings, officer, dossier, monkeypatch):
    from schakel.privacy import audit

    def failing(**kwargs):
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(audit, "record_access", failing)
    with pytest.raises(RuntimeError):
        store_upload(uploaded_file=upload(PDF, "a.pdf"), user=officer, owner=dossier)
    assert not files_on_disk(settings) and not StoredFile.objects.exists()


# -- the download view ---------------------------------------------------------------------------


@pytest.fixture
def stored_pdf(officer, dossier):
    return store_upload(uploaded_file=upload(PDF, "verklaring"), user=officer, owner=dossier)


def test_download_serves_the_plaintext_as_an_attachment_and_logs_it(login, officer, stored_pdf, dossier):
    response = login(officer).get(f"/privacy/bestanden/{stored_pdf.pk}")
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="verklaring.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    assert "sandbox" in response["Content-Security-Policy"]
    entry = AccessLogEntry.objects.get(action="download")
    assert (entry.user, entry.record_type, entry.record_id, entry.detail) == (
        officer, "privacy_testapp.dossier", str(dossier.pk), f"bestand {stored_pdf.pk}")


@pytest.mark.parametrize("who", ["focal_officer_a2", "focal_officer_b1", "care_coordinator", "privacy_officer",
                                 "administrator", "reporter"])
def test_download_of_a_file_whose_owner_is_not_visible_is_404_and_logged_as_denied(login, world, stored_pdf, who):
    response = login(world.user(who)).get(f"/privacy/bestanden/{stored_pdf.pk}")
    assert response.status_code == 404
    assert PDF not in response.content
    assert not AccessLogEntry.objects.filter(action="download").exists()
    denied = AccessLogEntry.objects.get(action="denied")
    assert (denied.user, denied.record_type, denied.detail) == (
        world.user(who), "privacy_testapp.dossier", f"bestand {stored_pdf.pk}: geen toegang")


def test_download_requires_login(client, stored_pdf):
    response = client.get(f"/privacy/bestanden/{stored_pdf.pk}")
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_download_of_an_unknown_file_is_404(login, officer, stored_pdf):
    assert login(officer).get("/privacy/bestanden/00000000-0000-0000-0000-000000000000").status_code == 404


def test_download_asks_the_registered_resolver_and_fails_closed_without_one(login, world, officer, stored_pdf):
    client = login(world.user("care_coordinator"))
    file_owners.unregister(Dossier)
    try:
        file_owners.register(Dossier, visible_to=lambda user: Dossier.objects.all())  # a fake: everyone sees all
        assert client.get(f"/privacy/bestanden/{stored_pdf.pk}").status_code == 200
        file_owners.unregister(Dossier)
        assert login(officer).get(f"/privacy/bestanden/{stored_pdf.pk}").status_code == 404
    finally:
        file_owners.unregister(Dossier)
        file_owners.register(Dossier)


def test_registering_an_owner_twice_or_without_tenancy_fails_at_start_up():
    from schakel.organisations.models import Municipality

    with pytest.raises(ImproperlyConfigured):
        file_owners.register(Dossier)
    with pytest.raises(ImproperlyConfigured):
        file_owners.register(Municipality)


def test_a_tampered_file_is_not_served(login, officer, stored_pdf, settings):
    from schakel.privacy.crypto import DecryptionError

    (path,) = files_on_disk(settings)
    blob = bytearray(path.read_bytes())
    blob[-1] ^= 0x01
    path.write_bytes(bytes(blob))
    with pytest.raises(DecryptionError):
        login(officer).get(f"/privacy/bestanden/{stored_pdf.pk}")
    assert not AccessLogEntry.objects.filter(action="download").exists()


def test_a_file_moved_onto_another_files_path_is_not_served(login, officer, dossier, settings):
    from schakel.privacy.crypto import DecryptionError

    first = store_upload(uploaded_file=upload(PDF, "a.pdf"), user=officer, owner=dossier)
    second = store_upload(uploaded_file=upload(TEXT, "b.txt"), user=officer, owner=dossier)
    root = settings.FILE_STORE_DIR
    (root / second.storage_path).write_bytes((root / first.storage_path).read_bytes())
    with pytest.raises(DecryptionError):
        read_stored_file(second)


def test_deleting_a_stored_file_removes_row_and_bytes_and_is_logged(settings, officer, dossier,
                                                                    django_capture_on_commit_callbacks):
    from schakel.privacy.files import delete_stored_file

    stored = store_upload(uploaded_file=upload(PDF, "a.pdf"), user=officer, owner=dossier)
    with django_capture_on_commit_callbacks(execute=True):
        delete_stored_file(stored, user=None, reason="upload van een niet verzonden formulier ouder dan 24 uur")
    assert not StoredFile.objects.exists() and not files_on_disk(settings)
    entry = AccessLogEntry.objects.get(action="delete")
    assert (entry.record_type, entry.record_id, entry.detail) == (
        "privacy_testapp.dossier", str(dossier.pk), f"bestand {stored.pk} verwijderd")
