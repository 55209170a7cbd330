"""The encrypted field types: nothing readable in the database, bound to their column, strict lookups."""

import datetime

import pytest
from django import forms
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.forms import modelform_factory
from hypothesis import HealthCheck, given, settings as hypothesis_settings
from hypothesis import strategies as st

from schakel.privacy.crypto import DecryptionError
from schakel.privacy.fields import EncryptedDateField, EncryptedLookupError, EncryptedTextField
from tests.privacy.testapp.models import Dossier, DossierNote

from .conftest import KEY_B

pytestmark = pytest.mark.django_db


def raw_row(table: str, pk: int, *columns: str) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()


def raw_update(table: str, pk: int, column: str, value) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk])  # noqa: S608


def test_database_row_holds_no_plaintext(world, dossier_in):
    dossier = dossier_in(world.a1, name="Anna de Vries", birth_date=datetime.date(1990, 5, 17),
                         details={"telefoon": "0612345678", "taal": "Pools"})
    stored = raw_row("privacy_testapp_dossier", dossier.pk, "name", "birth_date", "details")
    for value in stored:
        assert value.startswith("v1:")
    dump = repr(stored).lower()
    for secret in ("anna", "vries", "1990", "05-17", "0612345678", "telefoon", "pools"):
        assert secret not in dump


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text())
def test_any_unicode_text_round_trips_through_the_database(world, text):
    dossier = Dossier.objects.create(municipality=world.a1, name=text)
    assert Dossier.objects.get(pk=dossier.pk).name == text


@hypothesis_settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(details=st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**53), max_value=2**53) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
    max_leaves=10), born=st.dates())
def test_dates_and_json_round_trip_through_the_database(world, details, born):
    dossier = Dossier.objects.create(municipality=world.a1, details=details, birth_date=born)
    fresh = Dossier.objects.get(pk=dossier.pk)
    assert fresh.details == details
    assert fresh.birth_date == born


def test_reading_with_the_wrong_key_raises_decryption_error(world, dossier_in, settings):
    dossier = dossier_in(world.a1)
    settings.ENCRYPTION_KEYS = [KEY_B]
    with pytest.raises(DecryptionError):
        Dossier.objects.get(pk=dossier.pk)


def test_tampered_ciphertext_in_the_database_raises_decryption_error(world, dossier_in):
    dossier = dossier_in(world.a1)
    (token,) = raw_row("privacy_testapp_dossier", dossier.pk, "name")
    flipped = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    raw_update("privacy_testapp_dossier", dossier.pk, "name", flipped)
    with pytest.raises(DecryptionError):
        Dossier.objects.get(pk=dossier.pk)


def test_ciphertext_moved_to_another_column_does_not_open(world, dossier_in):
    dossier = dossier_in(world.a1, name="Anna de Vries")
    note = DossierNote.objects.create(dossier=dossier, text="eerste gesprek")
    (name_token,) = raw_row("privacy_testapp_dossier", dossier.pk, "name")
    raw_update("privacy_testapp_dossiernote", note.pk, "text", name_token)
    with pytest.raises(DecryptionError):
        DossierNote.objects.get(pk=note.pk)
    raw_update("privacy_testapp_dossier", dossier.pk, "details", name_token)
    with pytest.raises(DecryptionError):
        Dossier.objects.get(pk=dossier.pk)


def test_empty_values_are_stored_empty_and_can_be_filtered(world):
    dossier = Dossier.objects.create(municipality=world.a1)
    assert raw_row("privacy_testapp_dossier", dossier.pk, "name", "birth_date", "details") == ("", None, None)
    fresh = Dossier.objects.get(pk=dossier.pk)
    assert (fresh.name, fresh.birth_date, fresh.details) == ("", None, None)
    Dossier.objects.create(municipality=world.a1, name="Anna", birth_date=datetime.date(2000, 1, 1))
    assert list(Dossier.objects.filter(name="")) == [dossier]
    assert list(Dossier.objects.filter(birth_date__isnull=True)) == [dossier]
    assert Dossier.objects.exclude(name="").count() == 1
    assert Dossier.objects.filter(birth_date__isnull=False).count() == 1


@pytest.mark.parametrize("lookup", [
    {"name": "Anna"}, {"name__icontains": "ann"}, {"name__startswith": "A"}, {"name__in": ["Anna"]},
    {"birth_date": datetime.date(2000, 1, 1)}, {"birth_date__year": 2000}, {"birth_date__gte": "2000-01-01"},
    {"details__telefoon": "0612345678"}, {"name": models.F("name")},
])
def test_searching_encrypted_values_by_content_is_refused(world, lookup):
    with pytest.raises(EncryptedLookupError):
        list(Dossier.objects.filter(**lookup))


def test_date_field_accepts_dates_datetimes_and_iso_text_and_refuses_the_rest():
    field = Dossier._meta.get_field("birth_date")
    assert field.to_python("2001-02-03") == datetime.date(2001, 2, 3)
    assert field.to_python(datetime.datetime(2001, 2, 3, 14, 0)) == datetime.date(2001, 2, 3)
    assert field.to_python("") is None
    with pytest.raises(ValidationError) as refused:
        field.to_python("31-02-2001")
    assert "geen geldige datum" in refused.value.messages[0]


def test_model_validation_of_encrypted_fields(world):
    Dossier(municipality=world.a1).full_clean()
    with pytest.raises(ValidationError) as refused:
        Dossier(municipality=world.a1, birth_date="morgen").full_clean()
    assert "birth_date" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        Dossier(municipality=world.a1, details={"kan niet": {1, 2}}).full_clean()
    assert "details" in refused.value.message_dict


def test_model_forms_get_date_and_json_form_fields_and_save_encrypted(world):
    form_class = modelform_factory(Dossier, fields=["municipality", "name", "birth_date", "details"])
    form = form_class(data={"municipality": world.a1.pk, "name": "Piotr", "birth_date": "1988-12-01",
                            "details": '{"taal": "Pools"}'})
    assert isinstance(form.fields["birth_date"], forms.DateField)
    assert isinstance(form.fields["details"], forms.JSONField)
    assert form.is_valid(), form.errors
    dossier = Dossier.objects.get(pk=form.save().pk)
    assert (dossier.name, dossier.birth_date, dossier.details) == ("Piotr", datetime.date(1988, 12, 1), {"taal": "Pools"})
    assert not form_class(data={"municipality": world.a1.pk, "birth_date": "1 april"}).is_valid()


def test_serialised_fixtures_round_trip(world, dossier_in):
    dossier = dossier_in(world.a1, birth_date=datetime.date(1990, 5, 17))
    dumped = serializers.serialize("json", [dossier])
    (restored,) = serializers.deserialize("json", dumped)
    assert restored.object.birth_date == datetime.date(1990, 5, 17)
    assert restored.object.details == dossier.details


@pytest.mark.parametrize("field", [EncryptedTextField(unique=True), EncryptedDateField(db_index=True),
                                   EncryptedTextField(primary_key=True)])
def test_an_encrypted_field_cannot_be_a_key_unique_or_indexed(field):
    field.set_attributes_from_name("name")
    field.model = Dossier
    assert "privacy.E001" in [error.id for error in field.check()]
    assert "privacy.E001" not in [error.id for error in Dossier._meta.get_field("name").check()]
