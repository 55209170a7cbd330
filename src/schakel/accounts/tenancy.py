"""The one tenancy mechanism: what a user may see, derived from their memberships.

Every queryset of records with personal data is scoped by `TenantQuerySet.visible_to(user)`,
which asks the model's `scope_filter(scope)` for a Q object. Pages, API, exports, search,
file downloads, counts and jobs all call it; nothing filters by organisation by hand.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import Http404

from .roles import REGIONAL_ROLES, Role

NOBODY = models.Q(pk__in=[])


@dataclass(frozen=True)
class Scope:
    user_id: int | None
    roles: frozenset[str] = frozenset()
    municipality_ids: dict[str, frozenset[int]] = field(default_factory=dict)
    region_ids: dict[str, frozenset[int]] = field(default_factory=dict)
    organisation_ids: dict[str, frozenset[int]] = field(default_factory=dict)

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def municipalities_for(self, role: str) -> frozenset[int]:
        return self.municipality_ids.get(role, frozenset())

    def regions_for(self, role: str) -> frozenset[int]:
        return self.region_ids.get(role, frozenset())

    def organisations_for(self, role: str) -> frozenset[int]:
        return self.organisation_ids.get(role, frozenset())

    @property
    def all_municipality_ids(self) -> frozenset[int]:
        return frozenset().union(*self.municipality_ids.values()) if self.municipality_ids else frozenset()

    @property
    def all_organisation_ids(self) -> frozenset[int]:
        return frozenset().union(*self.organisation_ids.values()) if self.organisation_ids else frozenset()


ANONYMOUS_SCOPE = Scope(user_id=None)
_CACHE_ATTRIBUTE = "_schakel_scope"


def scope_for(user) -> Scope:
    """The user's scope, computed once per user object (i.e. once per request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS_SCOPE
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    from schakel.organisations.models import RegionMember

    from .models import Membership

    roles: set[str] = set()
    municipalities: dict[str, set[int]] = defaultdict(set)
    regions: dict[str, set[int]] = defaultdict(set)
    organisations: dict[str, set[int]] = defaultdict(set)
    memberships = (
        Membership.objects.filter(user=user, active=True, organisation__active=True)
        .select_related("organisation")
        .prefetch_related("acts_for")
    )
    for membership in memberships:
        role = membership.role
        organisation = membership.organisation
        roles.add(role)
        organisations[role].add(organisation.pk)
        acting = {m.pk for m in membership.acts_for.all()}
        if acting:
            municipalities[role] |= acting
        elif organisation.municipality_id:
            municipalities[role].add(organisation.municipality_id)
        region_id = organisation.region_id
        if region_id is None and organisation.municipality_id:
            region_id = (
                RegionMember.objects.filter(municipality_id=organisation.municipality_id)
                .values_list("region_id", flat=True).first()
            )
        if region_id is not None:
            regions[role].add(region_id)
            if role in REGIONAL_ROLES:
                municipalities[role] |= set(
                    RegionMember.objects.filter(region_id=region_id).values_list("municipality_id", flat=True))
    scope = Scope(
        user_id=user.pk,
        roles=frozenset(roles),
        municipality_ids={k: frozenset(v) for k, v in municipalities.items()},
        region_ids={k: frozenset(v) for k, v in regions.items()},
        organisation_ids={k: frozenset(v) for k, v in organisations.items()},
    )
    setattr(user, _CACHE_ATTRIBUTE, scope)
    return scope


def forget_scope(user) -> None:
    """Drop the cached scope after memberships change within one request."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


class TenantQuerySet(models.QuerySet):
    """Base queryset of every model with personal data. Subclasses define `scope_filter`."""

    def scope_filter(self, scope: Scope) -> models.Q:
        # Fail closed: a model that forgot to declare its scope shows nothing to anyone.
        raise ImproperlyConfigured(f"{self.model.__name__} must define its tenancy scope")

    # Optional: the relation to a parent record whose emergency grant also opens these rows.
    emergency_via: str | None = None

    def visible_to(self, user, *, include_emergency: bool = True) -> "TenantQuerySet":
        """Rows in the user's scope, plus records opened by an active break-the-glass grant."""
        scope = scope_for(user)
        if scope.user_id is None:
            return self.none()
        condition = self.scope_filter(scope)
        if include_emergency:
            from schakel.privacy.emergency import emergency_filter

            granted = emergency_filter(user, self)
            if granted is not None:
                condition = condition | granted
        return self.filter(condition)


def get_visible_or_404(queryset: TenantQuerySet, user, **lookup):
    """Fetch one record the user may see; anything else is indistinguishable from absent."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


__all__ = ["NOBODY", "Role", "Scope", "TenantQuerySet", "forget_scope", "get_visible_or_404", "scope_for"]
