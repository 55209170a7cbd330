"""Key rotation: everything sealed with an old key is re-sealed with the newest, files too."""

import base64
import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from schakel.privacy import crypto, rotation
from schakel.privacy.crypto import DecryptionError
from schakel.privacy.files import read_stored_file, store_upload
from schakel.privacy.models import StoredFile
from tests.privacy.testapp.models import Dossier, DossierNote

from .conftest import KEY_A, KEY_B, PDF, upload

pytestmark = pytest.mark.django_db
KEY_C = base64.b64encode(b"C" * 32).decode()


def key_id(encoded: str) -> str:
    return crypto._key_id(base64.b64decode(encoded))


def raw_names() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM privacy_testapp_dossier ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("rotate_encryption_key", *args, stdout=out, stderr=out)
    return out.getvalue()


@pytest.fixture
def sealed_with_a(settings, world):
    """Records with every encrypted field kind and a stored file, all sealed with key A."""
    settings.ENCRYPTION_KEYS = [KEY_A]
    dossiers = [Dossier.objects.create(municipality=world.a1, name=f"Cliënt {n}", birth_date=datetime.date(1990, 1, n),
                                       details={"n": n, "taal": "Roemeens"}) for n in range(1, 8)]
    Dossier.objects.create(municipality=world.a1)  # empty values stay empty
    DossierNote.objects.create(dossier=dossiers[0], text="Gesprek op het bureau")
    stored = store_upload(uploaded_file=upload(PDF, "verklaring.pdf"), user=world.user("focal_officer"),
                          owner=dossiers[0])
    return dossiers, stored


def test_rotation_re_encrypts_every_value_and_file_so_only_the_new_key_is_needed(settings, sealed_with_a):
    dossiers, stored = sealed_with_a
    settings.ENCRYPTION_KEYS = [KEY_B, KEY_A]
    output = run("--batch-size", "3")
    assert "privacy_testapp.dossier: 3/7 rows re-encrypted" in output
    assert "privacy_testapp.dossier: 7/7 rows re-encrypted" in output
    assert "files: 1/1 checked, 1 re-encrypted" in output

    settings.ENCRYPTION_KEYS = [KEY_B]
    for original in dossiers:
        fresh = Dossier.objects.get(pk=original.pk)
        assert (fresh.name, fresh.birth_date, fresh.details) == (original.name, original.birth_date, original.details)
    assert DossierNote.objects.get().text == "Gesprek op het bureau"
    fresh_file = StoredFile.objects.get(pk=stored.pk)
    assert fresh_file.original_name == "verklaring.pdf"
    assert read_stored_file(fresh_file) == PDF
    assert all(name.startswith(f"v1:{key_id(KEY_B)}:") for name in raw_names() if name)
    assert Dossier.objects.get(name="").birth_date is None


def test_check_counts_what_still_uses_an_old_key_and_fails_until_rotated(settings, sealed_with_a):
    settings.ENCRYPTION_KEYS = [KEY_B, KEY_A]
    with pytest.raises(CommandError, match="23 values and 1 files still use an older key"):
        run("--check")
    run()
    output = run("--check")
    assert "Everything uses the newest key." in output
    assert f"privacy_testapp.dossier.name: 7 values; {key_id(KEY_B)} (newest): 7; 0 to re-encrypt" in output


def test_rotation_is_idempotent(settings, sealed_with_a):
    settings.ENCRYPTION_KEYS = [KEY_B, KEY_A]
    run()
    before = raw_names()
    second = run()
    assert "Re-encrypted 0 rows" in second and "and 0 files" in second
    assert raw_names() == before


def test_an_interrupted_rotation_resumes_where_it_stopped(settings, sealed_with_a, monkeypatch):
    settings.ENCRYPTION_KEYS = [KEY_B, KEY_A]
    manager = Dossier._base_manager
    real_bulk_update = manager.bulk_update
    calls = []

    def crash_on_second_batch(objects, fields, **kwargs):
        calls.append(len(objects))
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_bulk_update(objects, fields, **kwargs)

    monkeypatch.setattr(manager, "bulk_update", crash_on_second_batch)
    with pytest.raises(KeyboardInterrupt):
        rotation.rotate_all(batch_size=3)
    monkeypatch.undo()
    settings.ENCRYPTION_KEYS = [KEY_B, KEY_A]
    new_prefix = f"v1:{key_id(KEY_B)}:"
    assert sum(name.startswith(new_prefix) for name in raw_names()) == 3  # the first batch was committed

    report = rotation.rotate_all(batch_size=3)
    assert report.values_resealed == 4 + 1  # the other four dossiers, and the note
    assert all(name.startswith(new_prefix) for name in raw_names() if name)


def test_values_sealed_before_column_binding_are_re_sealed_bound(settings, world):
    settings.ENCRYPTION_KEYS = [KEY_A]
    dossier = Dossier.objects.create(municipality=world.a1, name="wordt vervangen")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE privacy_testapp_dossier SET name = %s WHERE id = %s",
                       [crypto.encrypt("Oude waarde"), dossier.pk])  # sealed without associated data
    with pytest.raises(DecryptionError):
        Dossier.objects.get(pk=dossier.pk)
    output = run("--all")
    assert "1 values were not yet bound to their column" in output
    assert Dossier.objects.get(pk=dossier.pk).name == "Oude waarde"


def test_a_value_under_an_unknown_key_is_reported_and_the_rest_still_rotates(settings, world):
    settings.ENCRYPTION_KEYS = [KEY_C]
    Dossier.objects.create(municipality=world.a1, name="sleutel kwijt")
    settings.ENCRYPTION_KEYS = [KEY_A]
    kept = Dossier.objects.create(municipality=world.a1, name="sleutel bekend")
    settings.ENCRYPTION_KEYS = [KEY_B, KEY_A]
    with pytest.raises(CommandError, match="1 values or files could not be re-encrypted"):
        run()
    assert Dossier.objects.get(pk=kept.pk).name == "sleutel bekend"
    assert [crypto.key_id_of(name) for name in raw_names()] == [key_id(KEY_C), key_id(KEY_B)]
    with pytest.raises(CommandError, match="1 values and 0 files still use an older key"):
        run("--check")


def test_encrypted_columns_are_discovered_on_every_installed_model():
    columns = {f"{model._meta.label_lower}.{field.name}" for model, fields in rotation.encrypted_columns()
               for field in fields}
    assert {"privacy.storedfile.original_name", "privacy_testapp.dossier.name",
            "privacy_testapp.dossier.birth_date", "privacy_testapp.dossier.details",
            "privacy_testapp.dossiernote.text"} <= columns


def test_generate_encryption_key_prints_a_usable_key(settings):
    from io import StringIO

    out = StringIO()
    call_command("generate_encryption_key", stdout=out)
    settings.ENCRYPTION_KEYS = [out.getvalue().strip()]
    assert crypto.decrypt(crypto.encrypt("x")) == "x"
