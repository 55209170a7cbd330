"""Reads of the network pages."""

from __future__ import annotations

import datetime

from django.db.models import Q

from schakel.accounts.models import Membership, User
from schakel.accounts.roles import Role
from schakel.accounts.selectors import municipalities_administered_by, users_administered_by
from schakel.accounts.tenancy import scope_for
from schakel.organisations.models import Municipality

from .models import Absence, Handover


def user_regions(user) -> frozenset[int]:
    scope = scope_for(user)
    return frozenset().union(*scope.region_ids.values()) if scope.region_ids else frozenset()


def administered_officers(actor) -> list[User]:
    """Focal officers the administrator manages (whose absence or handover they may record)."""
    if not scope_for(actor).has_role(Role.ADMINISTRATOR):
        return []
    officer_ids = Membership.objects.filter(role=Role.FOCAL_OFFICER, active=True).values("user_id")
    return list(users_administered_by(actor).filter(pk__in=officer_ids, is_active=True)
                .exclude(pk=actor.pk).order_by("first_name", "last_name", "pk"))


def absences_of(officer) -> list[Absence]:
    return list(Absence.objects.filter(officer=officer).select_related("backup").order_by("-starts_on", "-pk")[:50])


def covering_now(user, today: datetime.date) -> list[Absence]:
    """Absences in which `user` is the backup, running now or to come."""
    return list(Absence.objects.filter(backup=user, ended_at__isnull=True, ends_on__gte=today)
                .select_related("officer").order_by("starts_on"))


def handovers_visible_to(user) -> list[Handover]:
    return list(Handover.objects.visible_to(user).select_related("from_user", "to_user", "municipality")
                .distinct()[:50])


def staffing_municipalities(user) -> list[Municipality]:
    """The municipalities whose staffing the user sees: their own, the region's, the administered ones."""
    scope = scope_for(user)
    ids = set(scope.municipalities_for(Role.FOCAL_OFFICER)) | set(scope.municipalities_for(Role.CHAIN_DIRECTOR))
    condition = Q(pk__in=ids) | Q(region_membership__region_id__in=scope.regions_for(Role.CHAIN_DIRECTOR))
    queryset = Municipality.objects.filter(condition)
    if scope.has_role(Role.ADMINISTRATOR):
        queryset = queryset | municipalities_administered_by(user)
    return list(queryset.select_related("region_membership").distinct().order_by("name"))


def network_people(region_id: int) -> list[User]:
    """The region's focal officers, care coordinators and chain directors (who attend network meetings)."""
    memberships = Membership.objects.filter(active=True, user__is_active=True, organisation__active=True).filter(
        Q(role__in=[Role.FOCAL_OFFICER, Role.CHAIN_DIRECTOR, Role.CARE_COORDINATOR])
        & (Q(organisation__region_id=region_id)
           | Q(organisation__municipality__region_membership__region_id=region_id)))
    return list(User.objects.filter(pk__in=memberships.values("user_id")).order_by("first_name", "last_name", "pk"))


def staffing_rows(municipalities) -> list[dict]:
    """Per municipality: active focal officers and the region's minimum, in a fixed number of queries."""
    from .models import RegionNetworkSettings
    from .services.handover import DEFAULT_MINIMUM

    ids = [m.pk for m in municipalities]
    base = Membership.objects.filter(role=Role.FOCAL_OFFICER, active=True, organisation__active=True,
                                     user__is_active=True)
    officers: dict[int, set[int]] = {pk: set() for pk in ids}
    for user_id, municipality_id in base.filter(acts_for__in=ids).values_list("user_id", "acts_for"):
        officers[municipality_id].add(user_id)
    for user_id, municipality_id in base.filter(acts_for__isnull=True, organisation__municipality__in=ids) \
            .values_list("user_id", "organisation__municipality"):
        officers[municipality_id].add(user_id)
    minimum = dict(RegionNetworkSettings.objects.values_list("region_id", "minimum_officers"))
    rows = []
    for municipality in municipalities:
        member = getattr(municipality, "region_membership", None)
        required = minimum.get(member.region_id if member else None, DEFAULT_MINIMUM)
        active = len(officers[municipality.pk])
        rows.append({"municipality": municipality, "name": municipality.name, "active": active,
                     "required": required, "short": active < required})
    return rows
