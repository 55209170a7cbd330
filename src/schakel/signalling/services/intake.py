"""Intake: every channel (staff form, public form, phone or visit, partner API) ends here.

`submit_signal` validates the payload once more (forms and serializers validate first, with the
same validators, so the reporter sees messages next to the fields), encrypts, stores the
signal with its entities and search tokens, computes the deadlines in working days, writes
the history and the access log, and queues the e-mails for the background worker (with the
transaction, see `tasks`).

The payload is a plain dict (see `IntakePayload` for its keys); values are plaintext, this
module is where they are normalised into tokens and sealed by the encrypted fields.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable, TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import EmailValidator, MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import IntegrityError, connections, router, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.accounts.models import Membership
from schakel.accounts.roles import Role
from schakel.clock import now as clock_now
from schakel.organisations.models import ClosingDay, Municipality, Organisation, RegionMember
from schakel.privacy.audit import record_access
from schakel.privacy.crypto import blind_index

from .. import normalise
from ..models import (
    Channel,
    EntityKind,
    EventKind,
    ExploitationForm,
    Indicator,
    LocationType,
    MinorsInvolved,
    PersonRole,
    ReferenceCounter,
    ReporterDepartment,
    SearchToken,
    Sector,
    Signal,
    SignalEntity,
    SignalEvent,
    SignalStatus,
)
from ..rules import received_date, working_days_after

logger = logging.getLogger(__name__)

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


class IdempotencyConflict(Exception):
    """The idempotency key was used before for a different submission."""


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


# --- idempotency -------------------------------------------------------------------------------

def idempotency_hash(key: str) -> str:
    return hashlib.sha256(f"schakel-intake\x1f{key}".encode("utf-8")).hexdigest()


def payload_fingerprint(payload: dict, municipality_id: int, channel: str) -> str:
    """What 'the same submission' means for a replay. Files are left out: a form's files are
    already handed to the signal when its double submit arrives."""
    canonical = json.dumps({"payload": payload, "municipality": municipality_id, "channel": channel},
                           sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _replay(key_hash: str, fingerprint: str) -> Signal | None:
    existing = Signal.objects.for_list().filter(idempotency_key=key_hash).first()
    if existing is None:
        return None
    if existing.idempotency_fingerprint != fingerprint:
        raise IdempotencyConflict(_("Deze sleutel is al gebruikt voor een andere melding."))
    existing.created_now = False
    return existing


# --- deadlines and references ------------------------------------------------------------------

def region_of(municipality: Municipality):
    if Municipality.region_membership.is_cached(municipality):  # select_related by the caller
        member = getattr(municipality, "region_membership", None)
    else:
        member = RegionMember.objects.select_related("region").filter(municipality=municipality).first()
    return member.region if member else None


def deadlines_for(region, received_at: datetime.datetime) -> tuple[datetime.date, datetime.date]:
    """First-reaction and triage deadlines, in the region's working days, from the day of receipt."""
    start = received_date(received_at)
    horizon = start + datetime.timedelta(days=800)
    closed = frozenset(ClosingDay.objects.filter(region=region, date__gt=start, date__lte=horizon)
                       .values_list("date", flat=True))
    return (working_days_after(start, region.first_reaction_days, closed_days=closed),
            working_days_after(start, region.triage_days, closed_days=closed))


def _returning_supported(connection) -> bool:
    if connection.vendor == "postgresql":
        return True
    if connection.vendor == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version_info >= (3, 35)
    return False


def _count_up(year: int) -> int | None:
    """Add one to the year's counter and return the new value; None when the year has no row yet.

    One statement (`UPDATE ... RETURNING`) on PostgreSQL and SQLite 3.35+; elsewhere an UPDATE and a
    SELECT in the same transaction (the UPDATE's row lock keeps others out until commit).
    """
    connection = connections[router.db_for_write(ReferenceCounter)]
    if not _returning_supported(connection):
        if not ReferenceCounter.objects.filter(year=year).update(last=F("last") + 1):
            return None
        return ReferenceCounter.objects.filter(year=year).values_list("last", flat=True).get()
    quote = connection.ops.quote_name
    table = quote(ReferenceCounter._meta.db_table)
    last = quote(ReferenceCounter._meta.get_field("last").column)
    year_column = quote(ReferenceCounter._meta.get_field("year").column)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {last} = {last} + 1 WHERE {year_column} = %s RETURNING {last}",  # noqa: S608
                       [year])
        row = cursor.fetchone()
    return row[0] if row else None


def next_reference(year: int) -> str:
    """The next human number of the year: '2026-000123'. Serialised by the counter row's lock."""
    last = _count_up(year)
    if last is None:
        try:
            with transaction.atomic():
                ReferenceCounter.objects.create(year=year, last=1)
            last = 1
        except IntegrityError:  # another intake created the year's row first
            last = _count_up(year)
    return f"{year}-{last:06d}"


INSERT_BATCH = 500  # rows per statement: well within the parameter limits of PostgreSQL and SQLite


def _insert_rows(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """INSERT rows of `model` as multi-row statements, in the transaction of the caller.

    For rows that need no model instance (no save logic, no signal handler, ids not needed):
    each value is still prepared by its field, so encrypted fields seal it as they always do.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(column) for column in columns]
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INSERT_BATCH):
            batch = rows[start:start + INSERT_BATCH]
            cursor.execute(head + ", ".join([row] * len(batch)),  # noqa: S608 (names from the model, values bound)
                           [field.get_db_prep_save(value, connection)
                            for values in batch for field, value in zip(fields, values)])


# --- the use case ------------------------------------------------------------------------------

def submit_signal(
    *,
    channel: str,
    municipality: Municipality,
    payload: dict,
    reporter=None,
    files: Iterable = (),
    idempotency_key: str | None = None,
    now: datetime.datetime | None = None,
    receipt_seed: str | None = None,
    recorded_by=None,
    notify: bool = True,
    look_up_replay: bool = True,
    reporter_organisation: Organisation | None = None,
) -> Signal:
    """Create a signal from any channel; return it (`created_now` False for an idempotent replay).

    `idempotency_key` must already be namespaced by the caller (e.g. 'api:<user id>:<header>'):
    the same key with the same content returns the first signal; with other content raises
    `IdempotencyConflict`. For the public channel the returned signal carries `receipt_code`
    (shown once); `receipt_seed` makes that code reproducible for a double submit.
    `recorded_by` is the user who typed it in for someone else (a focal officer taking a call);
    the history and the access log name them, while `reporter` stays empty.
    The e-mail to the focal officers is queued for the background worker when the transaction
    commits; `notify=False` leaves it out (loading synthetic demo records).
    `look_up_replay=False` skips the look-up of the key before storing (not for the public
    channel, whose storing hashes a receipt code): a replay is then caught by the key's unique
    constraint and answered the same way. For form pages, where a double submit is rare and the
    look-up would cost every submit a query; files of a replay would be stored in vain, so keep
    the default when there are new files.
    `reporter_organisation`: the reporting organisation, already read and found active by the
    caller (instead of the payload's `reporter_organisation` id, which is then looked up).
    """
    from . import mailbox

    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    files = list(files)
    moment = now or clock_now()
    key_hash = idempotency_hash(idempotency_key) if idempotency_key else None
    fingerprint = payload_fingerprint(payload, municipality.pk, channel) if key_hash else ""
    # A public replay is looked up first all the same: storing would hash a receipt code (Argon2).
    if key_hash and (look_up_replay or channel == Channel.PUBLIC):
        replay = _replay(key_hash, fingerprint)
        if replay is not None:
            _restore_receipt(replay, receipt_seed, moment)
            return replay

    errors: dict[str, list[str]] = {}
    region = region_of(municipality) if municipality.active else None
    if region is None:
        errors["municipality"] = [_("Voor deze gemeente kunnen (nog) geen signalen worden ontvangen.")]
    try:
        clean = clean_payload(payload, today=received_date(moment), reporter_organisation=reporter_organisation)
    except IntakeValidationError as exc:
        errors.update(exc.errors)
    if errors:
        raise IntakeValidationError(errors)

    first_reaction_due, triage_due = deadlines_for(region, moment)
    receipt = None
    if channel == Channel.PUBLIC:
        receipt = mailbox.new_receipt(seed=receipt_seed)
    try:
        with transaction.atomic():
            signal = _store(
                clean, channel=channel, municipality=municipality, region=region, reporter=reporter,
                moment=moment, first_reaction_due=first_reaction_due, triage_due=triage_due,
                key_hash=key_hash, fingerprint=fingerprint, receipt=receipt, files=files,
                recorded_by=recorded_by, notify=notify)
    except IntegrityError:
        if key_hash:
            replay = _replay(key_hash, fingerprint)
            if replay is not None:
                _restore_receipt(replay, receipt_seed, moment)
                return replay
        raise
    signal.created_now = True
    signal.receipt_code = receipt.display if receipt else None
    return signal


def _restore_receipt(signal: Signal, seed: str | None, moment: datetime.datetime) -> None:
    from . import mailbox

    signal.receipt_code = None
    if signal.channel == Channel.PUBLIC and seed and moment - signal.received_at <= mailbox.REDISPLAY_WINDOW:
        receipt = mailbox.new_receipt(seed=seed)
        if receipt.mailbox_id == signal.mailbox_id:
            signal.receipt_code = receipt.display


def _store(clean: _Clean, *, channel, municipality, region, reporter, moment, first_reaction_due, triage_due,
           key_hash, fingerprint, receipt, files, recorded_by=None, notify=True) -> Signal:
    year = received_date(moment).year
    signal = Signal(
        reference=next_reference(year),
        municipality=municipality,
        region=region,
        channel=channel,
        reporter=reporter if reporter is not None and reporter.is_authenticated else None,
        reporter_department=clean.reporter_department,
        reporter_organisation=clean.reporter_organisation,
        reporter_contact=clean.reporter_contact,
        reporter_language=clean.language,
        observed_on=clean.observed_on,
        location_address=clean.address,
        location_type=clean.location_type,
        forms=clean.forms,
        sector=clean.sector,
        description=clean.description,
        minors_involved=clean.minors_involved,
        acute_danger=clean.acute_danger,
        status=SignalStatus.RECEIVED,
        received_at=moment,
        first_reaction_due=first_reaction_due,
        triage_due=triage_due,
        idempotency_key=key_hash,
        idempotency_fingerprint=fingerprint,
        mailbox_id=receipt.mailbox_id if receipt else None,
        receipt_hash=receipt.secret_hash if receipt else "",
    )
    if clean.acute_danger:
        from ..acute import apply_acute_norm

        apply_acute_norm(signal, region)  # the region's much shorter first-reaction norm (issue 12)
    signal.save(force_insert=True)
    # The signal's rows are written without a model instance per row: one INSERT per table.
    through = Signal.indicators.through
    _insert_rows(through, ("signal_id", "indicator_id"), [(signal.pk, pk) for pk in clean.indicators])
    tokens = [(kind, blind_index(kind, value)) for kind, value in sorted(clean.tokens)]
    _insert_rows(SearchToken, SearchToken.ROW_COLUMNS, SearchToken.rows_of(signal, tokens))
    actor = recorded_by if recorded_by is not None else signal.reporter
    actor_id = actor.pk if actor is not None else None
    _insert_rows(SignalEntity, ("signal_id", "kind", "person_role", "data", "created_at", "created_by_id"),
                 [(signal.pk, kind, role, data, moment, actor_id) for kind, role, data in clean.entities])
    if files:
        from . import attachments

        attachments.attach_files(signal=signal, files=files, by=actor)
    _insert_rows(SignalEvent, ("signal_id", "at", "actor_id", "kind", "from_status", "to_status", "reason", "text",
                               "data"),
                 [(signal.pk, moment, actor_id, EventKind.RECEIVED, "", SignalStatus.RECEIVED, "", "",
                   {"channel": channel, "acute_danger": clean.acute_danger, "files": len(files)})])
    record_access(user=actor, action="create", record=signal,
                  reason=f"intake via {channel}")
    if notify:
        from ..tasks import queue_new_signal_notification

        queue_new_signal_notification(signal.pk)
    return signal


# --- notifications -----------------------------------------------------------------------------

def focal_officer_memberships(municipality_id: int):
    """Active focal-officer memberships that work for this municipality."""
    return (Membership.objects
            .filter(role=Role.FOCAL_OFFICER, active=True, organisation__active=True, user__is_active=True)
            .filter(Q(acts_for=municipality_id) | Q(acts_for__isnull=True, organisation__municipality=municipality_id))
            .select_related("user", "backup").distinct())


def signal_link(signal: Signal) -> str:
    path = reverse("signalling:signal-detail", kwargs={"reference": signal.reference})
    return settings.SITE_URL.rstrip("/") + path


def notify_new_signal(signal_id: int) -> None:
    """E-mail the focal officers: a link, never case content (mail leaves our control).

    Acute danger goes to every focal officer of the municipality and every backup, at once;
    an ordinary new signal to the focal officers who are present, or the backup of one absent.
    """
    signal = Signal.objects.for_list().select_related("municipality").get(pk=signal_id)
    memberships = list(focal_officer_memberships(signal.municipality_id))
    recipients: set[str] = set()
    for membership in memberships:
        if signal.acute_danger:
            recipients.add(membership.user.email)
            if membership.backup and membership.backup.is_active:
                recipients.add(membership.backup.email)
        elif not membership.absent:
            recipients.add(membership.user.email)
        elif membership.backup and membership.backup.is_active:
            recipients.add(membership.backup.email)
    recipients.discard("")
    if not recipients:
        logger.warning("signal %s: no focal officer to notify in municipality %s",
                       signal.reference, signal.municipality_id)
        return
    link = signal_link(signal)
    if signal.acute_danger:
        subject = _("ACUUT: nieuw signaal %(reference)s met acuut gevaar") % {"reference": signal.reference}
        body = _(
            "Er is zojuist een signaal met ACUUT GEVAAR binnengekomen voor gemeente %(municipality)s.\n\n"
            "Bekijk het direct in Schakel:\n%(link)s\n\n"
            "Deze e-mail bevat bewust geen inhoud van het signaal."
        ) % {"municipality": signal.municipality.name, "link": link}
    else:
        subject = _("Nieuw signaal %(reference)s") % {"reference": signal.reference}
        body = _(
            "Er is een nieuw signaal binnengekomen voor gemeente %(municipality)s.\n\n"
            "Bekijk het in Schakel:\n%(link)s\n\n"
            "Deze e-mail bevat bewust geen inhoud van het signaal."
        ) % {"municipality": signal.municipality.name, "link": link}
    # Runs in the background worker (schakel.signalling.tasks): a mail server failure fails the
    # task, which the worker logs and records; the signal itself is stored and in the inbox.
    send_mail(subject, body, None, sorted(recipients))


def notify_reporter_answered(signal_id: int) -> None:
    """Tell the handling focal officer (or, unassigned, the municipality's) that the reporter answered."""
    signal = Signal.objects.for_list().select_related("assigned_to").get(pk=signal_id)
    if signal.assigned_to is not None and signal.assigned_to.is_active:
        recipients = {signal.assigned_to.email}
    else:
        recipients = {m.user.email for m in focal_officer_memberships(signal.municipality_id) if not m.absent}
    recipients.discard("")
    if not recipients:
        return
    subject = _("Antwoord van de melder op signaal %(reference)s") % {"reference": signal.reference}
    body = _(
        "De melder heeft een bericht gestuurd over signaal %(reference)s.\n\n"
        "Lees het in Schakel:\n%(link)s\n\n"
        "Deze e-mail bevat bewust geen inhoud van het bericht."
    ) % {"reference": signal.reference, "link": signal_link(signal)}
    send_mail(subject, body, None, sorted(recipients))  # in the worker, like notify_new_signal
