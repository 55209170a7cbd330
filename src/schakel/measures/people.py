"""Who can be named on a measure of a municipality: active users with a municipal role there."""

from __future__ import annotations

from django.db.models import Q

from schakel.accounts.models import User

from .models import NAMED_ROLES


def people_of(municipality_id: int):
    return (User.objects.filter(is_active=True, is_service_account=False)
            .filter(Q(memberships__organisation__municipality_id=municipality_id, memberships__acts_for__isnull=True)
                    | Q(memberships__acts_for=municipality_id),
                    memberships__active=True, memberships__role__in=sorted(NAMED_ROLES),
                    memberships__organisation__active=True)
            .distinct().order_by("last_name", "first_name", "username"))
