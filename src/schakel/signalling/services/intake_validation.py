"""Intake, part one: the payload checked field by field (limits, choices, validators).

One definition of every validator, used by the forms, the API's serializers and the intake
service alike (split from intake.py, which still exports these names).
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, MaxLengthValidator, ProhibitNullCharactersValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.organisations.models import Organisation

from .. import normalise
from ..models import (
    EntityKind,
    ExploitationForm,
    Indicator,
    LocationType,
    MinorsInvolved,
    PersonRole,
    ReporterDepartment,
    Sector,
)

MAX_DESCRIPTION = 10_000
MAX_SHORT_TEXT = 200
MAX_ENTITIES_PER_KIND = 20

# The longest value each text field takes (after stripping), by path ('persons.name' for every
# person's name). The forms and the API's serializer have the same limits (a test holds them
# together): the service refuses what they refuse, so a page may hand it a POST unvalidated.
MAX_LENGTHS = {
    "address.postcode": 10, "address.house_number": 6, "address.house_number_addition": 6,
    "address.street": 200, "address.place": 200,
    "reporter_contact.name": 200, "reporter_contact.email": 200, "reporter_contact.phone": 40,
    "persons.name": 200, "persons.nationality": 100, "persons.description": 1000,
    "companies.name": 200, "companies.kvk": 20,
    "vehicles.plate": 20, "vehicles.description": 200,
    "phones.number": 40,
    "emails.address": 200,
    "websites.url": 500, "websites.description": 500,
}
GENDERS = frozenset({"female", "male", "other"})

# Choice values as sets, built once (Django rebuilds `.values` lists on every access).
FORMS = frozenset(ExploitationForm.values)
CHOICES = {
    "sector": frozenset(Sector.values),
    "location_type": frozenset(LocationType.values),
    "minors_involved": frozenset(MinorsInvolved.values),
    "reporter_department": frozenset(ReporterDepartment.values),
}
PERSON_ROLES = frozenset(PersonRole.values)


class IntakePayload(TypedDict, total=False):
    description: str
    acute_danger: bool
    forms: list[str]
    sector: str
    location_type: str
    observed_on: datetime.date | None
    address: dict  # postcode, house_number, house_number_addition, street, place
    minors_involved: str
    indicators: list[str]  # indicator codes
    reporter_department: str
    reporter_organisation: int | None  # organisation id
    reporter_contact: dict  # name, email, phone
    language: str
    persons: list[dict]  # role, name, date_of_birth, nationality, gender, description
    companies: list[dict]  # name, kvk
    vehicles: list[dict]  # plate, description
    phones: list[dict]  # number
    emails: list[dict]  # address
    websites: list[dict]  # url, description


class IntakeValidationError(Exception):
    """The payload is not acceptable; `errors` maps a field path ('phones.0.number') to messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))



# --- validators: one definition, used by forms, serializers and this service -------------------

def validate_phone(value: str) -> str:
    normalised = normalise.normalise_phone(value)
    if normalised is None:
        raise ValidationError(gettext_lazy("Dit is geen geldig telefoonnummer. Schrijf het bijvoorbeeld als "
                                           "06 12345678 of met landcode: +48 601 234 567."), code="phone")
    return normalised


def validate_postcode(value: str) -> str:
    normalised = normalise.normalise_postcode(value)
    if normalised is None:
        raise ValidationError(gettext_lazy("Vul een geldige Nederlandse postcode in, bijvoorbeeld 1234 AB."),
                              code="postcode")
    return normalised


def validate_house_number(value) -> int:
    text = str(value).strip()
    if not text.isdigit() or not 0 < int(text) < 100000:
        raise ValidationError(gettext_lazy("Vul een huisnummer in, alleen cijfers (een toevoeging apart)."),
                              code="house_number")
    return int(text)


def validate_house_number_addition(value: str) -> str:
    text = (value or "").strip()
    if len(text) > 6 or (text and not all(ch.isalnum() or ch in " -" for ch in text)):
        raise ValidationError(gettext_lazy("Een toevoeging is kort, bijvoorbeeld A, 2 of bis."),
                              code="house_number_addition")
    return text


def validate_plate(value: str) -> str:
    normalised = normalise.normalise_plate(value)
    if normalised is None:
        raise ValidationError(gettext_lazy("Dit is geen geldig kenteken. Schrijf het bijvoorbeeld als 12-ABC-3."),
                              code="plate")
    return normalised


def validate_kvk(value: str) -> str:
    normalised = normalise.normalise_kvk(value)
    if normalised is None:
        raise ValidationError(gettext_lazy("Een KvK-nummer bestaat uit 8 cijfers."), code="kvk")
    return normalised


def validate_email(value: str) -> str:
    normalised = normalise.normalise_email(value)
    try:
        EmailValidator()(normalised or "")
    except ValidationError:
        normalised = None
    if normalised is None:
        raise ValidationError(gettext_lazy("Dit is geen geldig e-mailadres."), code="email")
    return normalised


def validate_website(value: str) -> str:
    normalised = normalise.normalise_host(value)
    if normalised is None:
        raise ValidationError(gettext_lazy("Vul een webadres in, bijvoorbeeld www.voorbeeld.nl/advertentie."),
                              code="website")
    return normalised


def validate_not_future(value: datetime.date, *, today: datetime.date | None = None) -> datetime.date:
    from schakel.clock import today as clock_today

    if value > (today or clock_today()):
        raise ValidationError(gettext_lazy("Deze datum ligt in de toekomst."), code="future")
    return value


# --- the payload, checked ----------------------------------------------------------------------

@dataclass
class _Clean:
    description: str
    acute_danger: bool
    forms: list[str]
    sector: str
    location_type: str
    observed_on: datetime.date | None
    address: dict | None
    address_token: str | None
    minors_involved: str
    indicators: list[int]  # ids of active indicators
    reporter_department: str
    reporter_organisation: Organisation | None
    reporter_contact: dict | None
    language: str
    entities: list[tuple[str, str, dict]]  # kind, person_role, data
    tokens: set[tuple[str, str]]  # kind, normalised value


def _text(value: Any, limit: int = MAX_SHORT_TEXT) -> str:
    return str(value or "").strip()[:limit]


NO_NULL_CHARACTERS = ProhibitNullCharactersValidator()


def says_something(text: str) -> bool:
    """False for a text of only spaces and invisible characters (zero-width space, BOM, controls)."""
    return any(unicodedata.category(ch)[0] not in "CZ" for ch in text)


def clean_payload(payload: dict, *, today: datetime.date, reporter_organisation: Organisation | None = None) -> _Clean:
    """Check every field; collect all errors at once so a form can show each next to its field.

    `reporter_organisation` is an organisation the caller has already read and found active (a
    page takes it from the request's memberships); else the payload's id is looked up.
    """
    errors: dict[str, list[str]] = {}

    def fail(path: str, message) -> None:
        errors.setdefault(path, []).append(str(message))

    def check(path: str, validator, value):
        try:
            return validator(value)
        except ValidationError as exc:
            for message in exc.messages:
                fail(path, message)
            return None

    def text(path: str, value, limit_key: str | None = None) -> str:
        """A text as a form's CharField reads it: stripped, no NUL character, not longer than its limit."""
        value = str(value if value is not None else "").strip()
        if "\x00" in value:
            check(path, NO_NULL_CHARACTERS, value)
            return ""
        limit = MAX_LENGTHS[limit_key or path]
        if len(value) > limit:
            check(path, MaxLengthValidator(limit), value)
        return value

    tokens: set[tuple[str, str]] = set()
    description = str(payload.get("description") or "").strip()
    if not says_something(description):
        fail("description", _("Beschrijf kort wat u is opgevallen. Een vaag gevoel is ook welkom."))
    elif len(description) > MAX_DESCRIPTION:
        fail("description", _("Gebruik hoogstens %(max)s tekens.") % {"max": f"{MAX_DESCRIPTION:,}".replace(",", ".")})
    elif "\x00" in description:
        check("description", NO_NULL_CHARACTERS, description)
    tokens |= {(term.kind, term.value) for term in normalise.text_terms(description)}

    forms = [str(value) for value in payload.get("forms") or []]
    if any(value not in FORMS for value in forms):
        fail("forms", _("Kies een vorm van uitbuiting uit de lijst."))
    forms = sorted(set(forms) & FORMS) or [ExploitationForm.UNKNOWN.value]
    if len(forms) > 1 and ExploitationForm.UNKNOWN in forms:
        forms.remove(ExploitationForm.UNKNOWN.value)

    def choice(path: str, default: str = "") -> str:
        value = str(payload.get(path) or default)
        if value and value not in CHOICES[path]:
            fail(path, _("Kies een waarde uit de lijst."))
            return default
        return value

    sector = choice("sector")
    location_type = choice("location_type")
    minors = choice("minors_involved", MinorsInvolved.UNKNOWN)
    department = choice("reporter_department")

    observed_on = payload.get("observed_on") or None
    if observed_on is not None:
        if isinstance(observed_on, str):
            try:
                observed_on = datetime.date.fromisoformat(observed_on)
            except ValueError:
                fail("observed_on", _("Vul een geldige datum in."))
                observed_on = None
        if observed_on is not None:
            observed_on = check("observed_on", lambda v: validate_not_future(v, today=today), observed_on)

    address, address_token = None, None
    raw_address = payload.get("address") or {}
    if any(str(raw_address.get(k) or "").strip() for k in
           ("postcode", "house_number", "house_number_addition", "street", "place")):
        postcode = text("address.postcode", raw_address.get("postcode"))
        number = text("address.house_number", raw_address.get("house_number"))
        addition = text("address.house_number_addition", raw_address.get("house_number_addition"))
        clean_postcode = check("address.postcode", validate_postcode, postcode) if postcode else None
        clean_number = check("address.house_number", validate_house_number, number) if number else None
        clean_addition = check("address.house_number_addition", validate_house_number_addition, addition)
        if number and not postcode:
            fail("address.postcode", _("Vul bij een huisnummer ook de postcode in."))
        if addition and not number:
            fail("address.house_number", _("Vul bij een toevoeging ook het huisnummer in."))
        address = {
            "postcode": clean_postcode or postcode.upper(),
            "house_number": clean_number if clean_number is not None else number,
            "house_number_addition": clean_addition or "",
            "street": text("address.street", raw_address.get("street")),
            "place": text("address.place", raw_address.get("place")),
        }
        if clean_postcode and clean_number is not None:
            address_token = normalise.normalise_postcode_house(clean_postcode, clean_number, clean_addition or "")
            tokens |= {(term.kind, term.value)
                       for term in normalise.address_terms(clean_postcode, clean_number, clean_addition or "")}

    codes = [str(code) for code in payload.get("indicators") or []]
    indicators = list(Indicator.objects.filter(code__in=codes, active=True).values_list("pk", flat=True)) \
        if codes else []
    if len(indicators) != len(set(codes)):
        fail("indicators", _("Kies indicatoren uit de lijst."))

    organisation = reporter_organisation
    organisation_id = payload.get("reporter_organisation")
    if organisation is None and organisation_id:
        organisation = Organisation.objects.filter(pk=organisation_id, active=True).first()
        if organisation is None:
            fail("reporter_organisation", _("Onbekende organisatie."))

    contact = None
    raw_contact = payload.get("reporter_contact") or {}
    if any(str(raw_contact.get(k) or "").strip() for k in ("name", "email", "phone")):
        contact = {"name": text("reporter_contact.name", raw_contact.get("name"))}
        email = text("reporter_contact.email", raw_contact.get("email"))
        if email:
            contact["email"] = check("reporter_contact.email", validate_email, email)
        phone = text("reporter_contact.phone", raw_contact.get("phone"))
        if phone:
            contact["phone"] = check("reporter_contact.phone", validate_phone, phone)
        contact = {k: v for k, v in contact.items() if v}

    entities: list[tuple[str, str, dict]] = []

    def rows(key: str) -> list[dict]:
        value = payload.get(key) or []
        if len(value) > MAX_ENTITIES_PER_KIND:
            fail(key, _("Hoogstens %(max)s per soort.") % {"max": MAX_ENTITIES_PER_KIND})
            return []
        return [row for row in value if any(str(v or "").strip() for k, v in row.items() if k != "role")]

    for index, row in enumerate(rows("persons")):
        path = f"persons.{index}"
        role = str(row.get("role") or PersonRole.OTHER)
        if role not in PERSON_ROLES:
            fail(f"{path}.role", _("Kies een rol uit de lijst."))
        data = {k: text(f"{path}.{k}", row.get(k), f"persons.{k}") for k in ("name", "nationality", "description")}
        gender = str(row.get("gender") or "")
        if gender and gender not in GENDERS:
            fail(f"{path}.gender", _("Kies een waarde uit de lijst."))
        data = {k: v for k, v in {**data, "gender": gender}.items() if v}
        birth = row.get("date_of_birth")
        if birth:
            if isinstance(birth, str):
                try:
                    birth = datetime.date.fromisoformat(birth)
                except ValueError:
                    fail(f"{path}.date_of_birth", _("Vul een geldige datum in."))
                    birth = None
            if birth is not None and check(f"{path}.date_of_birth",
                                           lambda v: validate_not_future(v, today=today), birth):
                data["date_of_birth"] = birth.isoformat()
        if not data.get("name") and not data.get("description"):
            fail(f"{path}.name", _("Vul een naam of een omschrijving van de persoon in."))
        entities.append((EntityKind.PERSON, role, data))

    for index, row in enumerate(rows("companies")):
        path = f"companies.{index}"
        data = {"name": text(f"{path}.name", row.get("name"), "companies.name")}
        raw_kvk = text(f"{path}.kvk", row.get("kvk"), "companies.kvk")
        if raw_kvk:
            kvk = check(f"{path}.kvk", validate_kvk, raw_kvk)
            if kvk:
                data["kvk"] = kvk
        if not data["name"] and "kvk" not in data and f"{path}.kvk" not in errors:
            fail(f"{path}.name", _("Vul de naam of het KvK-nummer van het bedrijf in."))
        entities.append((EntityKind.COMPANY, "", {k: v for k, v in data.items() if v}))

    simple = (
        ("vehicles", "plate", EntityKind.VEHICLE, validate_plate),
        ("phones", "number", EntityKind.PHONE, validate_phone),
        ("emails", "address", EntityKind.EMAIL, validate_email),
        ("websites", "url", EntityKind.WEBSITE, validate_website),
    )
    for key, field, kind, validator in simple:
        for index, row in enumerate(rows(key)):
            path = f"{key}.{index}.{field}"
            raw = text(path, row.get(field), f"{key}.{field}")
            note = text(f"{key}.{index}.description", row.get("description"), f"{key}.description") \
                if f"{key}.description" in MAX_LENGTHS else ""
            if not raw:
                fail(path, _("Vul dit veld in, of laat de hele regel leeg."))
                continue
            normalised = check(path, validator, raw)
            if normalised is None:
                continue
            data = {field: raw, "normalised": normalised}
            if note:
                data["description"] = note
            entities.append((kind, "", data))

    # The tokens of each entity come from the one definition search uses too.
    for kind, _role, data in entities:
        tokens |= {(term.kind, term.value) for term in normalise.entity_terms(kind, data)}

    if errors:
        raise IntakeValidationError(errors)
    return _Clean(
        description=description, acute_danger=bool(payload.get("acute_danger")), forms=forms, sector=sector,
        location_type=location_type, observed_on=observed_on, address=address, address_token=address_token,
        minors_involved=minors, indicators=indicators, reporter_department=department,
        reporter_organisation=organisation, reporter_contact=contact,
        language=_text(payload.get("language"), 8), entities=entities, tokens=tokens,
    )

