"""Reads for the administration pages, starting from what the acting administrator may manage.

An administrator manages the organisations of their own region(s): the region of the
organisation where they hold the administrator role (a region office, or a municipality's
region). An administrator of an organisation without any region (a national organisation) is a
national administrator and manages everything. docs/decisions/0064-administration-scope.md
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from schakel.organisations.models import Municipality, Organisation, Region

from .models import Membership, User
from .roles import Role
from .tenancy import scope_for


@dataclass(frozen=True)
class AdministrationScope:
    national: bool
    region_ids: frozenset[int]

    @property
    def empty(self) -> bool:
        return not self.national and not self.region_ids


NO_ADMINISTRATION = AdministrationScope(national=False, region_ids=frozenset())


def administration_scope(user) -> AdministrationScope:
    scope = scope_for(user)
    if not scope.has_role(Role.ADMINISTRATOR):
        return NO_ADMINISTRATION
    national = Membership.objects.filter(
        user=user, role=Role.ADMINISTRATOR, active=True, organisation__active=True,
        organisation__region__isnull=True, organisation__municipality__isnull=True,
    ).exists()
    return AdministrationScope(national=national, region_ids=scope.regions_for(Role.ADMINISTRATOR))


def _organisation_filter(scope: AdministrationScope) -> Q:
    if scope.national:
        return Q()
    if not scope.region_ids:
        return Q(pk__in=[])
    return (Q(region_id__in=scope.region_ids)
            | Q(region__isnull=True, municipality__region_membership__region_id__in=scope.region_ids))


def organisations_administered_by(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(_organisation_filter(administration_scope(user))).distinct()


def municipalities_administered_by(user) -> QuerySet[Municipality]:
    scope = administration_scope(user)
    if scope.national:
        return Municipality.objects.all()
    return Municipality.objects.filter(region_membership__region_id__in=scope.region_ids)


def regions_administered_by(user) -> QuerySet[Region]:
    scope = administration_scope(user)
    if scope.national:
        return Region.objects.all()
    return Region.objects.filter(pk__in=scope.region_ids)


def users_administered_by(user) -> QuerySet[User]:
    """People with at least one membership (active or not) of an organisation this admin manages."""
    scope = administration_scope(user)
    if scope.empty:
        return User.objects.none()
    if scope.national:
        return User.objects.all()
    managed = Membership.objects.filter(
        user=OuterRef("pk"), organisation__in=Organisation.objects.filter(_organisation_filter(scope)))
    return User.objects.filter(Exists(managed))


SORTS = {
    "naam": ("last_name", "first_name", "username"),
    "gebruikersnaam": ("username",),
    "email": ("email",),
    "status": ("-is_active", "last_name", "first_name"),
    "laatst-ingelogd": ("-last_login", "username"),
}


def user_list(actor, *, query: str = "", sort: str = "naam") -> QuerySet[User]:
    """The users list: searched, sorted by a known key (descending with a leading '-')."""
    users = users_administered_by(actor)
    query = query.strip()
    if query:
        for word in query.split():
            users = users.filter(Q(username__icontains=word) | Q(first_name__icontains=word)
                                 | Q(last_name__icontains=word) | Q(email__icontains=word))
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    fields = SORTS.get(key, SORTS["naam"])
    if descending:
        fields = tuple(field[1:] if field.startswith("-") else f"-{field}" for field in fields)
    from allauth.mfa.models import Authenticator

    has_totp = Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
    managed = (Membership.objects.filter(organisation__in=organisations_administered_by(actor))
               .select_related("organisation").order_by("organisation__name", "role"))
    # Only the memberships this administrator manages are listed: another region's are not theirs to see.
    return (users.annotate(has_totp=Exists(has_totp))
            .prefetch_related(Prefetch("memberships", queryset=managed, to_attr="managed_memberships"))
            .order_by(*fields, "pk"))


def memberships_visible_to(actor, user) -> QuerySet[Membership]:
    """The memberships of `user` that `actor` manages (other regions' memberships stay hidden)."""
    return (Membership.objects.filter(user=user, organisation__in=organisations_administered_by(actor))
            .select_related("organisation", "backup").prefetch_related("acts_for")
            .order_by("organisation__name", "role"))


def membership_owner_keys(membership: Membership) -> str:
    """The access-log owner keys of a membership: " o<organisation> m<municipality> r<region> "."""
    from schakel.privacy.audit import owner_keys

    organisation = membership.organisation
    region = organisation.home_region
    return owner_keys(organisation_id=organisation.pk, municipality_id=organisation.municipality_id,
                      region_id=region.pk if region is not None else None)


def _privacy_officer_filter(user) -> Q:
    """Requests of organisations this privacy officer oversees (the rules of the access log's filter)."""
    from schakel.organisations.models import OrganisationKind

    organisation_ids = scope_for(user).organisations_for(Role.PRIVACY_OFFICER)
    condition = Q(pk__in=[])
    for organisation in Organisation.objects.filter(pk__in=organisation_ids):
        condition |= Q(membership__organisation=organisation)
        if organisation.kind == OrganisationKind.MUNICIPALITY and organisation.municipality_id:
            condition |= Q(membership__organisation__municipality_id=organisation.municipality_id)
        elif organisation.kind == OrganisationKind.REGION_OFFICE and organisation.region_id:
            condition |= (Q(membership__organisation__region_id=organisation.region_id)
                          | Q(membership__organisation__region__isnull=True,
                              membership__organisation__municipality__region_membership__region_id=organisation.region_id))
    return condition


def membership_requests_decidable_by(user) -> QuerySet:
    """Pending role requests `user` may approve or refuse: not their own, not for their own role."""
    from .models import MembershipRequest

    if not getattr(user, "is_authenticated", False):
        return MembershipRequest.objects.none()
    condition = _privacy_officer_filter(user)
    if scope_for(user).has_role(Role.ADMINISTRATOR):
        condition |= Q(membership__organisation__in=organisations_administered_by(user))
    return (MembershipRequest.objects.filter(condition, outcome=MembershipRequest.Outcome.PENDING)
            .exclude(requested_by=user).exclude(membership__user=user)
            .select_related("membership__user", "membership__organisation", "requested_by")
            .order_by("requested_at", "pk").distinct())


def may_decide_membership_request(user, request) -> bool:
    return membership_requests_decidable_by(user).filter(pk=request.pk).exists()
