"""The privacy officer's area: which municipalities and regions an officer answers for.

A privacy officer of a municipality's organisation answers for that municipality; one of a
region office for the whole region; one of any other organisation (a partner) for its own
users only (access-log rows, by their keys). The same rule as the access log's
(docs/decisions/0024-access-log-for-the-privacy-officer.md), for the desk's own records.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import NOBODY, Scope, TenantQuerySet, scope_for

_CACHE_ATTRIBUTE = "_schakel_officer_area"


@dataclass(frozen=True)
class OfficerArea:
    municipality_ids: frozenset[int] = frozenset()
    region_ids: frozenset[int] = frozenset()
    organisation_ids: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.municipality_ids or self.region_ids or self.organisation_ids)

    def covers(self, *, municipality_id=None, region_id=None) -> bool:
        return (municipality_id is not None and municipality_id in self.municipality_ids) or (
            region_id is not None and region_id in self.region_ids)

    def record_filter(self, municipality_field: str = "municipality", region_field: str = "region") -> models.Q:
        """Rows of this area by their municipality or region."""
        condition = NOBODY
        if self.municipality_ids:
            condition |= models.Q(**{f"{municipality_field}_id__in": sorted(self.municipality_ids)})
        if self.region_ids:
            condition |= models.Q(**{f"{region_field}_id__in": sorted(self.region_ids)})
        return condition

    def municipalities(self) -> frozenset[int]:
        """Every municipality of the area (a region's through its members)."""
        from schakel.organisations.models import RegionMember

        ids = set(self.municipality_ids)
        if self.region_ids:
            ids |= set(RegionMember.objects.filter(region_id__in=self.region_ids)
                       .values_list("municipality_id", flat=True))
        return frozenset(ids)


def area_of_scope(scope: Scope) -> OfficerArea:
    from schakel.organisations.models import Organisation, OrganisationKind

    organisation_ids = scope.organisations_for(Role.PRIVACY_OFFICER)
    if not organisation_ids:
        return OfficerArea()
    municipalities, regions = set(), set()
    for kind, municipality_id, region_id in Organisation.objects.filter(pk__in=organisation_ids).values_list(
            "kind", "municipality_id", "region_id"):
        if kind == OrganisationKind.MUNICIPALITY and municipality_id:
            municipalities.add(municipality_id)
        elif kind == OrganisationKind.REGION_OFFICE and region_id:
            regions.add(region_id)
    return OfficerArea(frozenset(municipalities), frozenset(regions), frozenset(organisation_ids))


def officer_area(user) -> OfficerArea:
    """The area of the privacy officer `user`, once per user object (request)."""
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = area_of_scope(scope_for(user))
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def region_of_municipality(municipality_id) -> int | None:
    from schakel.organisations.models import RegionMember

    return RegionMember.objects.filter(municipality_id=municipality_id).values_list("region_id", flat=True).first()


class OfficerAreaQuerySet(TenantQuerySet):
    """Rows of the privacy desk (holds, purge log, requests): visible to the area's privacy officers."""

    def scope_filter(self, scope: Scope) -> models.Q:
        return area_of_scope(scope).record_filter()


def keys_filter(area: OfficerArea, *, scope_field: str = "scope_keys", owner_field: str = "owner_keys") -> models.Q:
    """Rows carrying access-log keys (" o1 m2 r3 ") of the area: the actor or the record was ours."""
    keys = [f" o{pk} " for pk in sorted(area.organisation_ids)]
    keys += [f" m{pk} " for pk in sorted(area.municipality_ids)]
    keys += [f" r{pk} " for pk in sorted(area.region_ids)]
    condition = NOBODY
    for key in keys:
        condition |= models.Q(**{f"{scope_field}__contains": key}) | models.Q(**{f"{owner_field}__contains": key})
    return condition


class KeyedQuerySet(TenantQuerySet):
    """Rows keyed like the access log (unusual-access flags): the area's privacy officers see them."""

    def scope_filter(self, scope: Scope) -> models.Q:
        return keys_filter(area_of_scope(scope))
