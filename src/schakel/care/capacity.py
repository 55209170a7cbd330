"""Shelter capacity per provider, where known, next to the placements Schakel has recorded there.

The care coordinator records the number of places of a provider in their own region; the shelter
page shows places, placements running today and what is left. A placement at a full provider is
not refused (the provider decides), but the coordinator is told.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models, transaction
from django.utils.translation import gettext as _

from schakel.accounts.permissions import has_permission
from schakel.accounts.roles import Role
from schakel.accounts.tenancy import scope_for
from schakel.clock import now as clock_now
from schakel.organisations.models import Organisation, OrganisationKind
from schakel.privacy.audit import record_access

from .models import ShelterCapacity, ShelterPlacement
from .services.common import CareError

PROVIDER_KINDS = (OrganisationKind.SHELTER, OrganisationKind.CARE_PROVIDER, OrganisationKind.NIDOS,
                  OrganisationKind.COA)
MAX_PLACES = 1000


@dataclass(frozen=True)
class ProviderLoad:
    provider: Organisation
    places: int | None
    occupied: int
    note: str = ""

    @property
    def free(self) -> int | None:
        return None if self.places is None else self.places - self.occupied

    @property
    def excess(self) -> int:
        """How many placements run beyond the places (0 when within or unknown)."""
        return max(0, -self.free) if self.free is not None else 0

    @property
    def full(self) -> bool:
        return self.free is not None and self.free <= 0


def own_providers(user):
    """Active shelter providers of the coordinator's region(s)."""
    regions = sorted(scope_for(user).regions_for(Role.CARE_COORDINATOR))
    return (Organisation.objects.filter(active=True, kind__in=PROVIDER_KINDS)
            .filter(models.Q(region_id__in=regions) | models.Q(municipality__region_membership__region_id__in=regions))
            .distinct().order_by("name"))


def occupied(provider_ids, on: datetime.date) -> dict[int, int]:
    rows = (ShelterPlacement.objects.filter(provider_id__in=list(provider_ids), starts_on__lte=on)
            .filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=on))
            .values("provider_id").annotate(count=models.Count("id")))
    return {row["provider_id"]: row["count"] for row in rows}


def provider_loads(user, *, on: datetime.date) -> list[ProviderLoad]:
    providers = list(own_providers(user))
    ids = [provider.pk for provider in providers]
    capacities = {row.provider_id: row for row in ShelterCapacity.objects.filter(provider_id__in=ids)}
    counts = occupied(ids, on)
    return [ProviderLoad(provider=provider, places=capacities[provider.pk].places if provider.pk in capacities else None,
                         occupied=counts.get(provider.pk, 0),
                         note=capacities[provider.pk].note if provider.pk in capacities else "")
            for provider in providers]


def load_of(provider: Organisation | None, *, on: datetime.date) -> ProviderLoad | None:
    if provider is None:
        return None
    capacity = ShelterCapacity.objects.filter(provider=provider).first()
    if capacity is None:
        return None
    return ProviderLoad(provider=provider, places=capacity.places, occupied=occupied([provider.pk], on).get(
        provider.pk, 0), note=capacity.note)


@transaction.atomic
def set_capacity(*, actor, provider: Organisation, places: int, note: str = "",
                 now: datetime.datetime | None = None) -> ShelterCapacity:
    moment = now or clock_now()
    if not has_permission(actor, "care.work_on_cases") or not own_providers(actor).filter(pk=provider.pk).exists():
        raise CareError(_("Kies een opvangaanbieder in uw eigen regio."), field="provider")
    if places is None or places < 0 or places > MAX_PLACES:
        raise CareError(_("Vul het aantal plaatsen in: 0 tot en met 1000."), field="places")
    capacity, _created = ShelterCapacity.objects.update_or_create(
        provider=provider, defaults={"places": places, "note": (note or "").strip()[:200], "updated_at": moment,
                                     "updated_by": actor})
    record_access(user=actor, action="change", record=capacity, reason="zorg: opvangcapaciteit vastgelegd")
    return capacity
