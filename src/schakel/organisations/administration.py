"""Use cases of the administration pages for organisations and regions.

Like every service: keyword-only, one transaction, permission and scope checked, access log
written. Reference-data loading lives in services.py; these are the administrator's edits.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from schakel.accounts.permissions import has_permission
from schakel.accounts.roles import Role
from schakel.accounts.selectors import (
    administration_scope,
    municipalities_administered_by,
    organisations_administered_by,
    regions_administered_by,
)
from schakel.privacy.audit import record_access

from .models import ClosingDay, Municipality, Organisation, OrganisationKind, Region, RegionMember

ORGANISATION_FIELDS = ("name", "kind", "municipality", "region", "email", "phone", "sso_provider_id", "active")
REGION_FIELDS = ("name", "first_reaction_days", "triage_days")


class AdministrationError(Exception):
    """A refused change; the message is Dutch and meant for the page."""


def _require(actor, permission: str) -> None:
    if not has_permission(actor, permission):
        raise AdministrationError(_("U hebt geen recht om dit te doen."))


def _audit(actor, action: str, record, reason: str) -> None:
    record_access(user=actor, action=action, record=record, reason=reason, role=Role.ADMINISTRATOR)


def _validate_organisation(actor, data: dict, *, instance: Organisation | None = None) -> None:
    errors: dict[str, str] = {}
    scope = administration_scope(actor)
    municipality: Municipality | None = data.get("municipality")
    region: Region | None = data.get("region")
    if data["kind"] == OrganisationKind.MUNICIPALITY and municipality is None:
        errors["municipality"] = _("Een gemeentelijke organisatie hoort bij een gemeente.")
    if municipality is not None and not municipalities_administered_by(actor).filter(pk=municipality.pk).exists():
        errors["municipality"] = _("Deze gemeente valt niet onder uw beheer.")
    if region is not None and not regions_administered_by(actor).filter(pk=region.pk).exists():
        errors["region"] = _("Deze regio valt niet onder uw beheer.")
    if municipality is None and region is None and not scope.national:
        errors["region"] = _(
            "Kies een regio of gemeente; alleen een landelijk beheerder maakt landelijke organisaties.")
    name_taken = Organisation.objects.filter(name__iexact=data["name"])
    if instance is not None:
        name_taken = name_taken.exclude(pk=instance.pk)
    if name_taken.exists():
        errors["name"] = _("Er is al een organisatie met deze naam.")
    provider = data.get("sso_provider_id") or ""
    if provider:
        taken = Organisation.objects.filter(sso_provider_id=provider)
        if instance is not None:
            taken = taken.exclude(pk=instance.pk)
        if taken.exists():
            errors["sso_provider_id"] = _("Deze SSO-koppeling hoort al bij een andere organisatie.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_organisation(*, actor, data: dict) -> Organisation:
    _require(actor, "organisations.manage_organisations")
    _validate_organisation(actor, data)
    organisation = Organisation.objects.create(
        name=data["name"], kind=data["kind"], municipality=data.get("municipality"), region=data.get("region"),
        email=data.get("email") or "", phone=data.get("phone") or "", sso_provider_id=data.get("sso_provider_id") or "",
        active=data.get("active", True))
    _audit(actor, "create", organisation, _("organisatie aangemaakt: %(name)s") % {"name": organisation.name})
    return organisation


@transaction.atomic
def update_organisation(*, actor, organisation: Organisation, data: dict) -> Organisation:
    _require(actor, "organisations.manage_organisations")
    if not organisations_administered_by(actor).filter(pk=organisation.pk).exists():
        raise AdministrationError(_("Deze organisatie valt niet onder uw beheer."))
    _validate_organisation(actor, data, instance=organisation)
    changed = []
    for field in ORGANISATION_FIELDS:
        value = data.get(field)
        if value is None and field not in ("municipality", "region"):
            value = ""
        if getattr(organisation, field) != value:
            setattr(organisation, field, value)
            changed.append(field)
    if changed:
        organisation.save(update_fields=changed)
        _audit(actor, "change", organisation, _("gewijzigd: %(fields)s") % {"fields": ", ".join(changed)})
    return organisation


def _require_region(actor, region: Region) -> None:
    _require(actor, "organisations.manage_regions")
    if not regions_administered_by(actor).filter(pk=region.pk).exists():
        raise AdministrationError(_("Deze regio valt niet onder uw beheer."))


@transaction.atomic
def update_region(*, actor, region: Region, name: str, first_reaction_days: int, triage_days: int,
                  acute_first_reaction_hours: int | None = None) -> Region:
    _require_region(actor, region)
    if Region.objects.filter(name__iexact=name).exclude(pk=region.pk).exists():
        raise ValidationError({"name": _("Er is al een regio met deze naam.")})
    if first_reaction_days > triage_days:
        raise ValidationError({"triage_days": _(
            "De norm voor triage kan niet korter zijn dan de norm voor de eerste reactie.")})
    changed = [field for field, value in (("name", name), ("first_reaction_days", first_reaction_days),
                                          ("triage_days", triage_days),
                                          ("acute_first_reaction_hours", acute_first_reaction_hours))
               if value is not None and getattr(region, field) != value]
    if changed:
        region.name, region.first_reaction_days, region.triage_days = name, first_reaction_days, triage_days
        if acute_first_reaction_hours is not None:
            region.acute_first_reaction_hours = acute_first_reaction_hours
        region.save(update_fields=changed)
        _audit(actor, "change", region, _("gewijzigd: %(fields)s") % {"fields": ", ".join(changed)})
    return region


@transaction.atomic
def add_closing_day(*, actor, region: Region, date: datetime.date, description: str) -> ClosingDay:
    _require_region(actor, region)
    if ClosingDay.objects.filter(region=region, date=date).exists():
        raise ValidationError({"date": _("Deze dag staat al in de lijst.")})
    day = ClosingDay.objects.create(region=region, date=date, description=description)
    _audit(actor, "create", region, _("extra sluitingsdag %(date)s: %(description)s") % {
        "date": date.isoformat(), "description": description})
    return day


@transaction.atomic
def remove_closing_day(*, actor, day: ClosingDay) -> None:
    region = day.region
    _require_region(actor, region)
    _audit(actor, "delete", region, _("extra sluitingsdag %(date)s verwijderd") % {"date": day.date.isoformat()})
    day.delete()


@transaction.atomic
def place_municipality(*, actor, region: Region, municipality: Municipality) -> RegionMember:
    """Put a municipality in a region (moving it out of its current one): national administrators only."""
    _require_region(actor, region)
    if not administration_scope(actor).national:
        raise AdministrationError(_("Alleen een landelijk beheerder deelt gemeenten in bij regio's."))
    current = RegionMember.objects.filter(municipality=municipality).select_related("region").first()
    if current is not None and current.region_id == region.pk:
        raise ValidationError({"municipality": _("Deze gemeente hoort al bij deze regio.")})
    member, _created = RegionMember.objects.update_or_create(municipality=municipality, defaults={"region": region})
    moved = _(" (was %(region)s)") % {"region": current.region.name} if current else ""
    _audit(actor, "change", region, _("gemeente %(name)s ingedeeld%(moved)s") % {
        "name": municipality.name, "moved": moved})
    return member


__all__ = [
    "AdministrationError", "add_closing_day", "create_organisation", "place_municipality", "remove_closing_day",
    "update_organisation", "update_region",
]
