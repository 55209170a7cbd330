"""API shapes of signals: one input shape for intake, a light list shape, a full detail shape.

Names are camelCase (NL API Design Rules); the input is validated with the same validators as
the forms and then handed to the one intake service.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from schakel.organisations.models import Municipality

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


class SignalIn(serializers.Serializer):
    """A new signal from a partner organisation (or a focal officer's own system)."""

    municipality = serializers.SlugRelatedField(
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


class SignalCreatedOut(serializers.Serializer):
    reference = serializers.CharField()
    url = serializers.URLField()
    status = serializers.ChoiceField(choices=SignalStatus.choices)
    receivedAt = serializers.DateTimeField()
    firstReactionDue = serializers.DateField()
    triageDue = serializers.DateField()


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
