"""API shapes of signals: one input shape for intake, a light list shape, a full detail shape.

Names are camelCase (NL API Design Rules); the input is validated with the same validators as
the forms and then handed to the one intake service.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import re

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

from schakel.organisations.models import Municipality
from schakel.privacy.files import TOO_LARGE, CheckedUpload, check_upload, clean_file_name, max_upload_bytes

from .models import (
    Channel,
    ExploitationForm,
    LocationType,
    MinorsInvolved,
    PersonRole,
    ReporterDepartment,
    Sector,
    SignalStatus,
)
from .forms import MAX_FILES
from .services import intake


def _django(validator):
    """Run one of the intake validators inside DRF, keeping its Dutch message."""

    def run(value):
        try:
            validator(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages, code=getattr(exc, "code", "invalid")) from None

    return run


class AddressIn(serializers.Serializer):
    postcode = serializers.CharField(required=False, allow_blank=True, max_length=10,
                                     validators=[_django(intake.validate_postcode)])
    houseNumber = serializers.CharField(required=False, allow_blank=True, max_length=6,
                                        validators=[_django(intake.validate_house_number)])
    houseNumberAddition = serializers.CharField(required=False, allow_blank=True, max_length=6,
                                                validators=[_django(intake.validate_house_number_addition)])
    street = serializers.CharField(required=False, allow_blank=True, max_length=200)
    place = serializers.CharField(required=False, allow_blank=True, max_length=200)


class ContactIn(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    email = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                  validators=[_django(intake.validate_email)])
    phone = serializers.CharField(required=False, allow_blank=True, max_length=40,
                                  validators=[_django(intake.validate_phone)])


class PersonIn(serializers.Serializer):
    role = serializers.ChoiceField(choices=PersonRole.choices, default=PersonRole.OTHER)
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    dateOfBirth = serializers.DateField(required=False, allow_null=True,
                                        validators=[_django(intake.validate_not_future)])
    nationality = serializers.CharField(required=False, allow_blank=True, max_length=100)
    gender = serializers.ChoiceField(required=False, allow_blank=True,
                                     choices=[("female", _("Vrouw")), ("male", _("Man")),
                                              ("other", _("Anders of onbekend"))])
    description = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class CompanyIn(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    kvk = serializers.CharField(required=False, allow_blank=True, max_length=20,
                                validators=[_django(intake.validate_kvk)])


class VehicleIn(serializers.Serializer):
    plate = serializers.CharField(max_length=20, validators=[_django(intake.validate_plate)])
    description = serializers.CharField(required=False, allow_blank=True, max_length=200)


class PhoneIn(serializers.Serializer):
    number = serializers.CharField(max_length=40, validators=[_django(intake.validate_phone)])


class EmailIn(serializers.Serializer):
    address = serializers.CharField(max_length=200, validators=[_django(intake.validate_email)])


class WebsiteIn(serializers.Serializer):
    url = serializers.CharField(max_length=500, validators=[_django(intake.validate_website)])
    description = serializers.CharField(required=False, allow_blank=True, max_length=500)


def _many(child):
    return child(many=True, required=False, max_length=intake.MAX_ENTITIES_PER_KIND)


# --- attachments: base64 in the JSON body (docs/decisions/0036-api-attachments-base64-in-json.md) ---

BASE64_WHITESPACE = re.compile(r"[ \t\r\n]+")
NOT_BASE64 = _("Dit is geen geldige base64. Gebruik het standaardalfabet van RFC 4648 (A-Z, a-z, 0-9, + en /) "
               "met =-opvulling, zonder voorvoegsel zoals 'data:...;base64,'.")
TOO_MANY_FILES = _("U kunt hoogstens %(max)s bijlagen per signaal meesturen.")
FILES_TOO_LARGE_TOGETHER = _("De bijlagen zijn samen te groot: hoogstens %(max)s MB per signaal.")


def max_attachments_bytes() -> int:
    """The decoded total of the files of one signal sent through the API."""
    return int(settings.API_MAX_ATTACHMENTS_MB) * 1024 * 1024


@extend_schema_field(OpenApiTypes.BYTE)
class Base64Content(serializers.Field):
    """File content as base64 (RFC 4648, standard alphabet, padded); line breaks are allowed."""

    default_error_messages = {"base64": NOT_BASE64, "blank": _("Dit veld mag niet leeg zijn.")}

    def to_internal_value(self, data) -> bytes:
        if not isinstance(data, str):
            self.fail("base64")
        text = BASE64_WHITESPACE.sub("", data)
        if not text:
            self.fail("blank")
        if len(text) % 4:  # padded base64 comes in groups of four; b64decode forgives a stray '='
            self.fail("base64")
        # Refuse what is surely too large before decoding it (every 4 characters are 3 bytes).
        if len(text) // 4 * 3 - text[-2:].count("=") > max_upload_bytes():
            raise serializers.ValidationError(TOO_LARGE % {"max": settings.MAX_UPLOAD_MB}, code="too_large")
        try:
            return base64.b64decode(text, validate=True)
        except ValueError:  # binascii.Error, and non-ASCII characters
            self.fail("base64")

    def to_representation(self, value) -> str:
        return base64.b64encode(value).decode("ascii")


class AttachmentListIn(serializers.ListSerializer):
    """The count is checked before any file is decoded; the decoded total after."""

    def to_internal_value(self, data):
        if isinstance(data, list) and len(data) > MAX_FILES:
            raise serializers.ValidationError(TOO_MANY_FILES % {"max": MAX_FILES}, code="max_files")
        items = super().to_internal_value(data)
        if sum(item["size"] for item in items) > max_attachments_bytes():
            raise serializers.ValidationError(FILES_TOO_LARGE_TOGETHER % {"max": settings.API_MAX_ATTACHMENTS_MB},
                                              code="too_large")
        return items


class AttachmentIn(serializers.Serializer):
    """One file. Its kind is decided from the content, as on the forms: never from the name."""

    filename = serializers.CharField(max_length=255, help_text="Bestandsnaam, bijvoorbeeld advertentie.png.")
    content = Base64Content(help_text="Inhoud van het bestand in base64 (RFC 4648, standaardalfabet, met "
                                      "=-opvulling; regeleinden mogen).")

    class Meta:
        list_serializer_class = AttachmentListIn

    def validate(self, attrs):
        """The file store's own checks (size, malware scanners, sniffed kind), before anything is stored."""
        name = clean_file_name(attrs["filename"])
        try:
            checked = check_upload(ContentFile(attrs["content"], name=name))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                {"content": [serializers.ErrorDetail(str(message), code=getattr(exc, "code", None) or "invalid")
                             for message in exc.messages]}) from None
        return {"filename": name, "upload": checked, "content_type": checked.kind.content_type,
                "size": len(checked.data), "sha256": hashlib.sha256(checked.data).hexdigest()}


MUNICIPALITY_CODE = r"^GM[0-9]{4}$"


@extend_schema_field({"type": "string", "pattern": MUNICIPALITY_CODE, "example": "GM0988"})
class MunicipalityCodeField(serializers.SlugRelatedField):
    """A municipality by its CBS code: the pattern in the schema, Dutch messages for a bad or unknown code."""

    default_error_messages = {
        "does_not_exist": _("Er is geen gemeente met CBS-code {value} in Schakel."),
        "invalid": _("Geef een CBS-code van een gemeente: GM en vier cijfers, bijvoorbeeld GM0988."),
    }

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(MUNICIPALITY_CODE, data):
            self.fail("invalid")
        return super().to_internal_value(data)


class SignalIn(serializers.Serializer):
    """A new signal from a partner organisation (or a focal officer's own system)."""

    municipality = MunicipalityCodeField(
        slug_field="cbs_code", queryset=Municipality.objects.filter(active=True),
        help_text="CBS-code van de gemeente waar het speelt, bijvoorbeeld GM0988.")
    description = serializers.CharField(max_length=intake.MAX_DESCRIPTION,
                                        help_text="Wat is opgevallen (vrije tekst).")
    acuteDanger = serializers.BooleanField(default=False)
    forms = serializers.ListField(child=serializers.ChoiceField(choices=ExploitationForm.choices),
                                  required=False, max_length=len(ExploitationForm.choices))
    sector = serializers.ChoiceField(choices=Sector.choices, required=False, allow_blank=True)
    locationType = serializers.ChoiceField(choices=LocationType.choices, required=False, allow_blank=True)
    observedOn = serializers.DateField(required=False, allow_null=True,
                                       validators=[_django(intake.validate_not_future)])
    address = AddressIn(required=False)
    minorsInvolved = serializers.ChoiceField(choices=MinorsInvolved.choices, default=MinorsInvolved.UNKNOWN)
    indicators = serializers.ListField(child=serializers.SlugField(max_length=60), required=False, max_length=100,
                                       help_text="Codes uit de indicatorencatalogus.")
    reporterDepartment = serializers.ChoiceField(choices=ReporterDepartment.choices, required=False,
                                                 allow_blank=True)
    reporterContact = ContactIn(required=False, help_text="Alleen zichtbaar voor de aandachtsfunctionaris.")
    persons = _many(PersonIn)
    companies = _many(CompanyIn)
    vehicles = _many(VehicleIn)
    phones = _many(PhoneIn)
    emails = _many(EmailIn)
    websites = _many(WebsiteIn)
    attachments = AttachmentIn(
        many=True, required=False,
        help_text=f"Bestanden bij het signaal (foto, pdf, tekst, Word, Excel, OpenDocument): hoogstens {MAX_FILES}, "
                  "elk hoogstens SCHAKEL_MAX_UPLOAD_MB (standaard 20 MB), samen hoogstens "
                  "SCHAKEL_API_MAX_ATTACHMENTS_MB (standaard 30 MB). Het soort bestand volgt uit de inhoud, niet "
                  "uit de naam. Een geweigerd bestand geeft 400 met het veld in invalidParams, bijvoorbeeld "
                  "`attachments.1.content`; dan wordt niets opgeslagen.")

    def files(self) -> list[CheckedUpload]:
        """The checked attachments for the intake service, which stores them encrypted without scanning again."""
        return [item["upload"] for item in self.validated_data.get("attachments") or []]

    def payload(self) -> dict:
        """The intake service's payload (snake_case, plain values)."""
        data = self.validated_data
        address = data.get("address") or {}
        contact = data.get("reporterContact") or {}
        observed = data.get("observedOn")
        return {
            "description": data["description"],
            "acute_danger": data.get("acuteDanger", False),
            "forms": list(data.get("forms") or []),
            "sector": data.get("sector") or "",
            "location_type": data.get("locationType") or "",
            "observed_on": observed.isoformat() if observed else None,
            "address": {
                "postcode": address.get("postcode", ""),
                "house_number": address.get("houseNumber", ""),
                "house_number_addition": address.get("houseNumberAddition", ""),
                "street": address.get("street", ""),
                "place": address.get("place", ""),
            },
            "minors_involved": data.get("minorsInvolved") or MinorsInvolved.UNKNOWN,
            "indicators": sorted(set(data.get("indicators") or [])),
            "reporter_department": data.get("reporterDepartment") or "",
            "reporter_contact": {k: contact.get(k, "") for k in ("name", "email", "phone")},
            "persons": [
                {"role": p.get("role", PersonRole.OTHER), "name": p.get("name", ""),
                 "date_of_birth": p["dateOfBirth"].isoformat() if p.get("dateOfBirth") else "",
                 "nationality": p.get("nationality", ""), "gender": p.get("gender", ""),
                 "description": p.get("description", "")}
                for p in data.get("persons") or []
            ],
            "companies": [dict(c) for c in data.get("companies") or []],
            "vehicles": [dict(v) for v in data.get("vehicles") or []],
            "phones": [dict(p) for p in data.get("phones") or []],
            "emails": [dict(e) for e in data.get("emails") or []],
            "websites": [dict(w) for w in data.get("websites") or []],
            # Only for the idempotency fingerprint (the service stores the files it is given):
            # the same key with other files is another submission. Left out without files, so
            # the fingerprint of a body without attachments is what it always was.
            **({"attachments": [{"filename": item["filename"], "sha256": item["sha256"]}
                                for item in data["attachments"]]} if data.get("attachments") else {}),
        }


# The service names fields snake_case; the API answers with its own camelCase names.
SERVICE_TO_API = {
    "acute_danger": "acuteDanger", "location_type": "locationType", "observed_on": "observedOn",
    "minors_involved": "minorsInvolved", "reporter_department": "reporterDepartment",
    "reporter_contact": "reporterContact", "house_number": "houseNumber",
    "house_number_addition": "houseNumberAddition", "date_of_birth": "dateOfBirth",
}


def api_errors(errors: dict[str, list[str]]) -> dict:
    """The service's {'phones.0.number': [...]} as DRF's nested error shape."""
    result: dict = {}
    for path, messages in errors.items():
        parts = [SERVICE_TO_API.get(part, part) for part in path.split(".")]
        node = result
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = list(messages)
    return result


class AttachmentOut(serializers.Serializer):
    filename = serializers.CharField()
    contentType = serializers.CharField(help_text="Het soort bestand zoals vastgesteld uit de inhoud.")
    size = serializers.IntegerField(help_text="Grootte in bytes.")


class SignalCreatedOut(serializers.Serializer):
    reference = serializers.CharField()
    url = serializers.URLField()
    status = serializers.ChoiceField(choices=SignalStatus.choices)
    receivedAt = serializers.DateTimeField()
    firstReactionDue = serializers.DateField()
    triageDue = serializers.DateField()
    attachments = AttachmentOut(many=True, help_text="De opgeslagen bijlagen (versleuteld).")


def _represented_by(field):
    """A function giving `field.to_representation(value)` for the values a list row holds.

    DRF's date-time field looks up the time zone and the output format for every value (about
    17 microseconds each, most of a list page's representing); here that happens once per page,
    for ISO 8601 output of aware moments, dates and booleans. Anything else goes to the field.
    """
    exact = type(field)
    if exact is serializers.DateTimeField and str(getattr(field, "format", api_settings.DATETIME_FORMAT)).lower() \
            == ISO_8601:
        zone = field.timezone if hasattr(field, "timezone") else field.default_timezone()

        def moment(value):
            if zone is None or not isinstance(value, datetime.datetime) or value.tzinfo is None:
                return field.to_representation(value)
            text = value.astimezone(zone).isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return moment
    if exact is serializers.DateField and str(getattr(field, "format", api_settings.DATE_FORMAT)).lower() == ISO_8601:
        return lambda value: value.isoformat() if type(value) is datetime.date else field.to_representation(value)
    if exact is serializers.BooleanField:
        return lambda value: value if type(value) is bool else field.to_representation(value)
    return field.to_representation


class SignalListOut(serializers.Serializer):
    """A list row: only plain columns, nothing decrypted."""

    reference = serializers.CharField()
    url = serializers.URLField()
    municipality = serializers.CharField(help_text="CBS-code")
    channel = serializers.ChoiceField(choices=Channel.choices)
    status = serializers.ChoiceField(choices=SignalStatus.choices)
    acuteDanger = serializers.BooleanField()
    forms = serializers.ListField(child=serializers.CharField())
    sector = serializers.CharField(allow_blank=True)
    locationType = serializers.CharField(allow_blank=True)
    receivedAt = serializers.DateTimeField()
    firstReactionDue = serializers.DateField()
    triageDue = serializers.DateField()
    waitingForReporter = serializers.BooleanField()
    assignedTo = serializers.CharField(allow_null=True, help_text="Gebruikersnaam van de behandelaar")

    @classmethod
    def represent(cls, rows: list[dict]) -> list[dict]:
        """What `SignalListOut(rows, many=True).data` gives, without DRF's per-row machinery.

        A list page is 100 rows of 14 plain values; the generic path (attribute look-up, SkipField
        handling, an ordered dict per row) cost about 8 ms of a page here. Each field's own
        `to_representation` still decides the format, except where `_represented_by` knows a
        shorter way to the same value (a moment's time zone looked up once per page, not per
        row); None stays None as in DRF.
        """
        fields = [(name, _represented_by(field)) for name, field in cls().fields.items()]
        return [{name: None if row[name] is None else represent(row[name]) for name, represent in fields}
                for row in rows]


class EntityOut(serializers.Serializer):
    kind = serializers.CharField()
    personRole = serializers.CharField(allow_blank=True)
    data = serializers.DictField()


class SignalDetailOut(SignalListOut):
    description = serializers.CharField()
    observedOn = serializers.DateField(allow_null=True)
    address = serializers.DictField(allow_null=True)
    minorsInvolved = serializers.CharField()
    indicators = serializers.ListField(child=serializers.CharField())
    reporterDepartment = serializers.CharField(allow_blank=True)
    reporterContact = serializers.DictField(allow_null=True)
    closeReason = serializers.CharField(allow_blank=True)
    entities = EntityOut(many=True)
