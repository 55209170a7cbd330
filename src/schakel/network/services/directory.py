"""The partner directory (sociale kaart) and the signal guides: kept by the region's chain director.

A partner entry carries a version (two editors cannot overwrite each other) and the day it was
last confirmed; confirming without change only moves that day. A signal guide is never changed
in place: publishing writes the next version, and the newest version is the page.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import scope_for
from schakel.clock import now as clock_now
from schakel.clock import today as clock_today
from schakel.privacy.audit import record_access

from ..models import Department, Partner, SignalGuide
from . import NetworkError

PARTNER_FIELDS = ("name", "kind", "contact_for", "phone", "email", "hours", "shelter_types", "languages")
STALE = _("Iemand anders heeft deze gegevens intussen gewijzigd. Uw tekst staat hieronder nog; bekijk de nieuwe "
          "stand en sla opnieuw op.")


def editable_regions(actor) -> frozenset[int]:
    scope = scope_for(actor)
    return scope.regions_for(Role.CHAIN_DIRECTOR)


def guide_regions(actor) -> frozenset[int]:
    return scope_for(actor).regions_for(Role.CHAIN_DIRECTOR)


@transaction.atomic
def save_partner(*, actor, region_id: int, data: dict, partner: Partner | None = None,
                 expected_version: int | None = None) -> Partner:
    if region_id not in editable_regions(actor):
        raise NetworkError(_("U houdt de sociale kaart van deze regio niet bij."))
    values = {name: (data.get(name) or "").strip() for name in PARTNER_FIELDS}
    if partner is None:
        duplicate = Partner.objects.filter(region_id=region_id, name=values["name"], kind=values["kind"]).first()
        if duplicate is not None:
            return duplicate  # a double submit
        partner = Partner.objects.create(region_id=region_id, last_confirmed_on=clock_today(), **values)
        record_access(user=actor, action="create", record=partner, reason="sociale kaart: vermelding toegevoegd")
        return partner
    written = Partner.objects.filter(pk=partner.pk, version=expected_version).update(
        **values, last_confirmed_on=clock_today(), version=(expected_version or 0) + 1)
    if written != 1:
        raise NetworkError(STALE)
    record_access(user=actor, action="change", record=partner, reason="sociale kaart: vermelding gewijzigd")
    partner.refresh_from_db()
    return partner


def confirm_partner(*, actor, partner: Partner) -> Partner:
    """The entry is still right: only its last-confirmed day moves to today."""
    if partner.region_id not in editable_regions(actor):
        raise NetworkError(_("U houdt de sociale kaart van deze regio niet bij."))
    Partner.objects.filter(pk=partner.pk).update(last_confirmed_on=clock_today())
    record_access(user=actor, action="change", record=partner, reason="sociale kaart: vermelding bevestigd")
    partner.refresh_from_db()
    return partner


def current_guide(region_id: int, department: str) -> SignalGuide | None:
    return SignalGuide.objects.filter(region_id=region_id, department=department).order_by("-number").first()


@transaction.atomic
def publish_guide(*, actor, region_id: int, department: str, look_for: str, what_to_do: str,
                  indicators: list[str], expected_number: int, now: datetime.datetime | None = None) -> SignalGuide:
    if region_id not in guide_regions(actor):
        raise NetworkError(_("Alleen de ketenregisseur van de regio bewerkt de signaalwijzers."))
    if department not in Department.values:
        raise NetworkError(_("Onbekende afdeling."))
    latest = (SignalGuide.objects.select_for_update().filter(region_id=region_id, department=department)
              .aggregate(number=Max("number"))["number"] or 0)
    if latest != expected_number:
        raise NetworkError(STALE)
    guide = SignalGuide.objects.create(region_id=region_id, department=department, number=latest + 1,
                                       look_for=look_for.strip(), what_to_do=what_to_do.strip(),
                                       indicators=sorted(set(indicators)), published_at=now or clock_now(),
                                       published_by=actor)
    record_access(user=actor, action="create", record=guide, reason="signaalwijzer: nieuwe versie")
    return guide
