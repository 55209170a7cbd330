"""A staff-form POST is validated once, by the service; the forms only explain a refusal (decision 0069).

The page reads the POST into the service's payload without building the forms. That is only
right if the service refuses everything the forms refuse: the generated cases below change one
value of a valid POST at a time and check that the page refuses it with each of the forms' own
messages, as it did when the forms validated first.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django import forms as django_forms
from django.utils.html import escape

from schakel.signalling import forms as intake_forms
from schakel.signalling import serializers
from schakel.signalling.catalogue import load_indicator_catalogue
from schakel.signalling.forms import FORMSETS, IntakeForm, PhoneIntakeForm, PublicIntakeForm
from schakel.signalling.models import Signal
from schakel.signalling.services import intake

from .test_intake_pages import form_data, token_of

NOW = datetime.datetime(2026, 3, 4, 9, 30, tzinfo=datetime.timezone.utc)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def catalogue(db):
    load_indicator_catalogue()


def valid_post(token: str, municipality: int, changes: dict | None = None) -> dict:
    data = form_data(token, municipality=municipality, description="Mannen slapen in de loods.",
                     suspected_forms=["labour"], indicators=["arbeid-slaapt-op-werk"], postcode="1234 AB",
                     house_number="5", street="Kerkstraat", reporter_department="enforcement",
                     **{"persons-0-name": "Jan Jansen", "persons-0-role": "presumed_victim",
                        "phones-0-number": "06 12345678", "vehicles-0-plate": "12-ABC-3"})
    for name, value in (changes or {}).items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def form_messages(form_class, data, municipalities) -> list[str]:
    """Every message the bound forms give for `data`, as the page would show them."""
    from schakel.web.templatetags.schakel_shell import named_error  # a bare "required" names its field

    form = form_class(data, municipalities=municipalities)
    formsets = [formset(data, prefix=key) for key, formset in FORMSETS.items()]
    messages = [named_error(message, form[name] if name in form.fields else None)
                for name, errors in form.errors.items() for message in errors]
    for formset in formsets:
        messages += list(formset.non_form_errors())
        for row_form, row_errors in zip(formset.forms, formset.errors):
            messages += [named_error(message, row_form[name] if name in row_form.fields else None)
                         for name, errors in row_errors.items() for message in errors]
    return messages


LONG = "x" * 1001
REFUSED_BY_THE_FORM = {
    "no municipality": {"municipality": ""},
    "unknown municipality": {"municipality": "999999"},
    "no description": {"description": "  "},
    "too long a description": {"description": "x" * 10_001},
    "a null character": {"description": "Mannen\x00 slapen."},
    "no answer to acute danger": {"acute_danger": None},
    "acute danger neither yes nor no": {"acute_danger": "misschien"},
    "unknown form of exploitation": {"suspected_forms": ["slavery"]},
    "date in the future": {"observed_on": "2026-04-01"},
    "date the form cannot read": {"observed_on": "20260304"},
    "no date at all": {"observed_on": "gisteren"},
    "wrong postcode": {"postcode": "12"},
    "postcode too long for the field": {"postcode": "1234-----AB"},
    "house number in words": {"house_number": "vijf"},
    "house number without postcode": {"postcode": ""},
    "addition too long": {"house_number_addition": "abcdefg"},
    "addition without number": {"house_number": "", "house_number_addition": "a"},
    "street too long": {"street": "x" * 201},
    "place too long": {"place": "x" * 201},
    "unknown kind of place": {"location_type": "castle"},
    "unknown sector": {"sector": "mining"},
    "unknown indicator": {"indicators": ["bestaat-niet"]},
    "no answer about minors": {"minors_involved": None},
    "unknown answer about minors": {"minors_involved": "perhaps"},
    "unknown department": {"reporter_department": "board"},
    "form token with a null character": {"form_token": "abc\x00def"},
    "person's name too long": {"persons-0-name": "x" * 201},
    "person's nationality too long": {"persons-0-nationality": "x" * 101},
    "person's description too long": {"persons-0-description": LONG},
    "unknown gender": {"persons-0-gender": "robot"},
    "unknown role": {"persons-0-role": "boss"},
    "a row with only an unknown gender": {"persons-0-name": "", "persons-0-gender": "robot"},
    "person born in the future": {"persons-0-date_of_birth": "2027-01-01"},
    "person's birth date unreadable": {"persons-0-date_of_birth": "ooit"},
    "person with only a nationality": {"persons-0-name": "", "persons-0-nationality": "Pools"},
    "a null character in a name": {"persons-0-name": "Jan\x00"},
    "short KvK number": {"companies-0-kvk": "12"},
    "KvK number too long for the field": {"companies-0-kvk": "1234 5678 " + " " * 11 + "9"},
    "company name too long": {"companies-0-name": "x" * 201},
    "wrong plate": {"vehicles-0-plate": "!"},
    "plate too long": {"vehicles-0-plate": "AB" * 11},
    "vehicle described without plate": {"vehicles-0-plate": "", "vehicles-0-description": "witte bus"},
    "vehicle description too long": {"vehicles-0-description": "x" * 201},
    "wrong phone number": {"phones-0-number": "123"},
    "phone number too long": {"phones-0-number": "06 12345678" + " " * 30 + "9"},
    "wrong e-mail address": {"emails-0-address": "nope"},
    "e-mail address too long": {"emails-0-address": "a" * 196 + "@x.nl"},
    "wrong website": {"websites-0-url": "geen adres"},
    "website described without address": {"websites-0-description": "advertentie"},
    "website too long": {"websites-0-url": "www.voorbeeld.nl/" + "a" * 490},
    "rows count unreadable": {"persons-TOTAL_FORMS": "veel"},
    "too many rows": {"persons-TOTAL_FORMS": "21"},
    "rows without their initial count": {"phones-INITIAL_FORMS": None},
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(REFUSED_BY_THE_FORM))
def test_every_value_the_staff_form_refuses_is_refused_with_the_forms_message(world, login, catalogue, case):
    from schakel.organisations.models import Municipality

    client = login(world.user("reporter"))
    token = token_of(client.get("/signalen/melden"))
    data = valid_post(token, world.a1.pk, REFUSED_BY_THE_FORM[case])
    municipalities = Municipality.objects.filter(active=True, region_membership__isnull=False)
    expected = form_messages(IntakeForm, data, municipalities)
    assert expected, f"the form accepts {case!r}: not a case for this test"

    response = client.post("/signalen/melden", data)

    assert response.status_code == 200
    assert not Signal.objects.exists()
    page = response.content.decode()
    for message in expected:
        assert escape(message) in page, message


@pytest.mark.django_db
@pytest.mark.parametrize("changes", [
    {"intake_channel": None}, {"intake_channel": "fax"}, {"contact_email": "nope"},
    {"contact_phone": "06 12345678" + " " * 30 + "9"}, {"contact_name": "x" * 201},
], ids=["no channel", "unknown channel", "wrong e-mail", "phone too long", "name too long"])
def test_the_phone_form_refuses_what_its_form_refuses(world, login, catalogue, changes):
    client = login(world.user("focal_officer"))
    token = token_of(client.get("/signalen/telefonisch"))
    data = valid_post(token, world.a1.pk, {"intake_channel": "phone", "contact_name": "Buurvrouw", **changes})
    expected = form_messages(PhoneIntakeForm, data, world.a1.__class__.objects.filter(pk=world.a1.pk))
    assert expected

    response = client.post("/signalen/telefonisch", data)

    assert response.status_code == 200 and not Signal.objects.exists()
    for message in expected:
        assert escape(message) in response.content.decode(), message


@pytest.mark.django_db
def test_a_valid_post_builds_no_form_and_is_validated_once_by_the_service(world, login, catalogue, monkeypatch):
    client = login(world.user("reporter"))
    token = token_of(client.get("/signalen/melden"))
    built, cleaned = [], []
    original_init, original_clean = django_forms.BaseForm.__init__, intake.clean_payload

    def counting_init(self, *args, **kwargs):
        built.append(type(self).__name__)
        original_init(self, *args, **kwargs)

    def counting_clean(*args, **kwargs):
        cleaned.append(1)
        return original_clean(*args, **kwargs)

    monkeypatch.setattr(django_forms.BaseForm, "__init__", counting_init)
    monkeypatch.setattr(intake, "clean_payload", counting_clean)

    response = client.post("/signalen/melden", valid_post(token, world.a1.pk))

    assert response.status_code == 302
    assert built == [] and cleaned == [1]
    signal = Signal.objects.get()
    assert signal.location_address["street"] == "Kerkstraat"
    assert sorted(signal.entities.values_list("kind", flat=True)) == ["person", "phone", "vehicle"]


@pytest.mark.django_db
def test_a_date_typed_the_dutch_way_is_read_as_the_form_reads_it(world, login, catalogue):
    client = login(world.user("reporter"))
    token = token_of(client.get("/signalen/melden"))

    response = client.post("/signalen/melden", valid_post(token, world.a1.pk, {
        "observed_on": "02-03-2026", "persons-0-date_of_birth": "1/5/1970"}))

    assert response.status_code == 302
    signal = Signal.objects.get()
    assert signal.observed_on == datetime.date(2026, 3, 2)
    assert signal.entities.get(kind="person").data["date_of_birth"] == "1970-05-01"


@pytest.mark.django_db
def test_rows_the_formsets_would_leave_out_are_left_out(world, login, catalogue):
    client = login(world.user("reporter"))
    token = token_of(client.get("/signalen/melden"))

    response = client.post("/signalen/melden", valid_post(token, world.a1.pk, {
        "persons-TOTAL_FORMS": "3", "persons-1-role": "presumed_perpetrator", "persons-2-gender": "male",
        "emails-0-address": "  "}))

    assert response.status_code == 302
    assert Signal.objects.get().entities.filter(kind="person").count() == 1


def _paths(form_class, prefix: str = "", names=None) -> dict[str, int]:
    return {f"{prefix}{(names or {}).get(name, name)}": field.max_length
            for name, field in form_class.base_fields.items()
            if isinstance(field, django_forms.CharField) and field.max_length is not None}


def test_forms_serializer_and_service_allow_the_same_lengths_and_genders():
    contact = {"contact_name": "name", "contact_email": "email", "contact_phone": "phone"}
    form_limits = {
        **{f"address.{name}": limit for name, limit in _paths(IntakeForm).items() if name != "description"},
        **{f"reporter_contact.{contact[name]}": limit
           for name, limit in _paths(PhoneIntakeForm).items() if name in contact},
    }
    for key, formset in FORMSETS.items():
        form_limits.update(_paths(formset.form, f"{key}."))
    assert form_limits == intake.MAX_LENGTHS
    assert IntakeForm.base_fields["description"].max_length == intake.MAX_DESCRIPTION

    api = {"address": serializers.AddressIn, "reporter_contact": serializers.ContactIn,
           "persons": serializers.PersonIn, "companies": serializers.CompanyIn, "vehicles": serializers.VehicleIn,
           "phones": serializers.PhoneIn, "emails": serializers.EmailIn, "websites": serializers.WebsiteIn}
    camel = {"house_number": "houseNumber", "house_number_addition": "houseNumberAddition"}
    for path, limit in intake.MAX_LENGTHS.items():
        group, name = path.split(".")
        assert api[group]().fields[camel.get(name, name)].max_length == limit, path

    assert {v for v, _label in intake_forms.PersonForm.base_fields["gender"].choices if v} == intake.GENDERS
    assert set(serializers.PersonIn().fields["gender"].choices) - {""} == intake.GENDERS
    assert "indicators" not in PublicIntakeForm(municipalities=None).fields
