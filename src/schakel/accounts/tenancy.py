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
_MEMBERSHIPS_ATTRIBUTE = "_schakel_memberships"
_GRANTS_HINT_ATTRIBUTE = "_schakel_has_emergency_grant"


def _authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def active_memberships(user) -> list:
    """The user's active memberships, loaded once per user object (i.e. once per request).

    Each comes with its organisation, the organisation's municipality and that municipality's
    region membership (one query), and, as `acting_municipalities`, its acts-for municipalities
    with theirs (a second query, only when a membership has any). The scope,
    the access log's identity of the actor, the page frame and intake all read this one list, so
    a request asks the database about the user's memberships once. Nothing is kept between
    requests: a membership, role, organisation or region change, or a deactivation, counts from
    the user's next request (docs/decisions/0066-per-request-cost-of-schakels-layers.md).

    The same query tells whether the user holds any unexpired emergency grant, so the grants
    themselves are only read when there is one (`has_emergency_grant_hint`).
    """
    if not _authenticated(user):
        return []
    cached = getattr(user, _MEMBERSHIPS_ATTRIBUTE, None)
    if cached is not None:
        return cached
    from schakel.clock import now

    from .models import Membership

    acts_for = Membership.acts_for.through
    memberships = _read_memberships(user.pk, now())
    acting: dict[int, list] = {}
    if wanted := [m.pk for m in memberships if m.acts_for_any]:
        for link in (acts_for.objects.filter(membership_id__in=wanted)
                     .select_related("municipality__region_membership").order_by("municipality__name")):
            acting.setdefault(link.membership_id, []).append(link.municipality)
    for membership in memberships:
        membership.acting_municipalities = acting.get(membership.pk, [])
    setattr(user, _MEMBERSHIPS_ATTRIBUTE, memberships)
    setattr(user, _GRANTS_HINT_ATTRIBUTE, any(m.has_emergency_grant for m in memberships))
    return memberships


class _MembershipQuery:
    """The query of `active_memberships`, written once per process from the models' own columns.

    One row per active membership: the membership, its organisation, the organisation's
    municipality and that municipality's region membership (LEFT JOINs), whether the membership
    acts for other municipalities, and whether the user holds an unexpired emergency grant.
    It is the query `select_related(...).annotate(Exists(...), Exists(...))` made, but the ORM
    built and compiled it anew on every request, about 3 ms of CPU for a one-row answer (make
    bench, docs/decisions/0070-read-pages-cost.md); here only the values change per request. The
    rows become model instances the way the ORM makes them: the backend's and the fields' own
    converters, `Model.from_db`, and the related objects cached on each other.
    """

    def __init__(self, connection):
        from schakel.organisations.models import Municipality, Organisation, RegionMember
        from schakel.privacy.models import EmergencyAccess

        from .models import Membership

        quote = connection.ops.quote_name
        self.parts = []  # (model, [(attname, converters, expression)]) in column order
        select = []
        for model, alias in ((Membership, "m"), (Organisation, "o"), (Municipality, "mu"), (RegionMember, "rm")):
            fields = []
            for field in model._meta.concrete_fields:
                expression = field.get_col(alias)
                converters = connection.ops.get_db_converters(expression) + field.get_db_converters(connection)
                fields.append((field.attname, converters, expression))
                select.append(f"{alias}.{quote(field.column)}")
            self.parts.append((model, fields))
        acts_for = Membership.acts_for.through._meta
        grants = EmergencyAccess._meta
        municipality_fk = Organisation._meta.get_field("municipality").column
        region_member_fk = RegionMember._meta.get_field("municipality").column
        membership_pk, organisation_pk, municipality_pk = (
            quote(model._meta.pk.column) for model in (Membership, Organisation, Municipality))
        self.sql = (
            f"SELECT {', '.join(select)}, "
            f"EXISTS (SELECT 1 FROM {quote(acts_for.db_table)} a "
            f"WHERE a.{quote(acts_for.get_field('membership').column)} = m.{membership_pk}), "
            f"EXISTS (SELECT 1 FROM {quote(grants.db_table)} e WHERE e.{quote(grants.get_field('user').column)} = %s "
            f"AND e.{quote(grants.get_field('expires_at').column)} > %s) "
            f"FROM {quote(Membership._meta.db_table)} m "
            f"INNER JOIN {quote(Organisation._meta.db_table)} o "
            f"ON o.{organisation_pk} = m.{quote(Membership._meta.get_field('organisation').column)} "
            f"LEFT OUTER JOIN {quote(Municipality._meta.db_table)} mu "
            f"ON mu.{municipality_pk} = o.{quote(municipality_fk)} "
            f"LEFT OUTER JOIN {quote(RegionMember._meta.db_table)} rm "
            f"ON rm.{quote(region_member_fk)} = mu.{municipality_pk} "
            f"WHERE m.{quote(Membership._meta.get_field('user').column)} = %s "
            f"AND m.{quote(Membership._meta.get_field('active').column)} = %s "
            f"ORDER BY m.{membership_pk}")
        self.organisation = Membership._meta.get_field("organisation")
        self.municipality = Organisation._meta.get_field("municipality")
        self.region_membership = RegionMember._meta.get_field("municipality")

    def _instance(self, model, fields, values, connection):
        converted = []
        for (_attname, converters, expression), value in zip(fields, values):
            for converter in converters:
                value = converter(value, expression, connection)
            converted.append(value)
        if converted[0] is None:  # nothing on this side of a LEFT JOIN
            return None
        return model.from_db(connection.alias, [attname for attname, _c, _e in fields], converted)

    def run(self, user_id: int, moment) -> list:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(self.sql, [user_id, connection.ops.adapt_datetimefield_value(moment), user_id, True])
            rows = cursor.fetchall()
        memberships = []
        for row in rows:
            instances, start = [], 0
            for model, fields in self.parts:
                instances.append(self._instance(model, fields, row[start:start + len(fields)], connection))
                start += len(fields)
            membership, organisation, municipality, region_member = instances
            self.organisation.set_cached_value(membership, organisation)
            self.municipality.set_cached_value(organisation, municipality)
            if municipality is not None:
                self.region_membership.remote_field.set_cached_value(municipality, region_member)
                if region_member is not None:
                    self.region_membership.set_cached_value(region_member, municipality)
            membership.acts_for_any, membership.has_emergency_grant = bool(row[-2]), bool(row[-1])
            memberships.append(membership)
        return memberships


_membership_queries: dict[str, _MembershipQuery] = {}


def _read_memberships(user_id: int, moment) -> list:
    from django.db import connection

    query = _membership_queries.get(connection.vendor)
    if query is None:
        query = _membership_queries[connection.vendor] = _MembershipQuery(connection)
    return query.run(user_id, moment)


def has_emergency_grant_hint(user) -> bool | None:
    """Whether the user held an unexpired emergency grant when their memberships were loaded
    this request; None when that is not known (then the caller must look)."""
    return getattr(user, _GRANTS_HINT_ATTRIBUTE, None)


def forget_emergency_grant_hint(user) -> None:
    """After a grant is made within the request: the hint no longer holds (the grants are read again)."""
    if hasattr(user, _GRANTS_HINT_ATTRIBUTE):
        delattr(user, _GRANTS_HINT_ATTRIBUTE)


def _region_id_of(organisation) -> int | None:
    if organisation.region_id is not None:
        return organisation.region_id
    municipality = organisation.municipality
    if municipality is None:
        return None
    member = getattr(municipality, "region_membership", None)
    return member.region_id if member is not None else None


def scope_for(user) -> Scope:
    """The user's scope, computed once per user object (i.e. once per request)."""
    if not _authenticated(user):
        return ANONYMOUS_SCOPE
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    from schakel.organisations.models import RegionMember

    roles: set[str] = set()
    municipalities: dict[str, set[int]] = defaultdict(set)
    regions: dict[str, set[int]] = defaultdict(set)
    organisations: dict[str, set[int]] = defaultdict(set)
    region_municipalities: dict[int, set[int]] = {}
    for membership in active_memberships(user):
        role = membership.role
        organisation = membership.organisation
        if not organisation.active:
            continue
        roles.add(role)
        organisations[role].add(organisation.pk)
        acting = {m.pk for m in membership.acting_municipalities}
        if acting:
            municipalities[role] |= acting
        elif organisation.municipality_id:
            municipalities[role].add(organisation.municipality_id)
        region_id = _region_id_of(organisation)
        if region_id is not None:
            regions[role].add(region_id)
            if role in REGIONAL_ROLES:
                if region_id not in region_municipalities:
                    region_municipalities[region_id] = set(
                        RegionMember.objects.filter(region_id=region_id).values_list("municipality_id", flat=True))
                municipalities[role] |= region_municipalities[region_id]
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
    """Drop the cached scope (and the memberships it came from) after memberships change within one request."""
    from schakel.privacy.audit import forget_actor_identity

    forget_actor_identity(user)
    for attribute in (_CACHE_ATTRIBUTE, _MEMBERSHIPS_ATTRIBUTE, _GRANTS_HINT_ATTRIBUTE):
        if hasattr(user, attribute):
            delattr(user, attribute)


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


__all__ = ["NOBODY", "Role", "Scope", "TenantQuerySet", "active_memberships", "forget_emergency_grant_hint",
           "forget_scope", "get_visible_or_404", "has_emergency_grant_hint", "scope_for"]
