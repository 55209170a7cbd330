"""Who handles a municipality's signals: focal officers, their backups, the daily overdue list.

Split from selectors.py (which still exports these names).
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from schakel.accounts.models import Membership, User
from schakel.accounts.roles import Role

from .models import Signal


def focal_officers_for(municipality_id: int) -> list[User]:
    """Active focal officers who work for this municipality (assignment choices)."""
    memberships = (
        Membership.objects.filter(role=Role.FOCAL_OFFICER, active=True, organisation__active=True,
                                  user__is_active=True)
        .filter(Q(acts_for=municipality_id) | Q(acts_for__isnull=True, organisation__municipality=municipality_id))
    )
    return list(User.objects.filter(pk__in=memberships.values("user_id")).order_by("first_name", "last_name", "pk"))


def focal_officer_membership(user, municipality_id: int) -> Membership | None:
    return (
        Membership.objects.filter(user=user, role=Role.FOCAL_OFFICER, active=True)
        .filter(Q(acts_for=municipality_id) | Q(acts_for__isnull=True, organisation__municipality=municipality_id))
        .select_related("backup").first()
    )


def _officers_of(municipality_id: int) -> dict[int, Membership]:
    memberships = (
        Membership.objects.filter(role=Role.FOCAL_OFFICER, active=True, organisation__active=True,
                                  user__is_active=True)
        .filter(Q(acts_for=municipality_id) | Q(acts_for__isnull=True, organisation__municipality=municipality_id))
        .select_related("backup")
    )
    return {m.user_id: m for m in memberships}


def _present(officer_id: int, officers: dict[int, Membership]) -> list[int]:
    """The officer, or their backup (when a focal officer of the same municipality) while absent."""
    membership = officers[officer_id]
    if not membership.absent:
        return [officer_id]
    if membership.backup_id and membership.backup_id in officers:
        return [membership.backup_id]
    return [officer_id]


def overdue_by_officer(*, today: datetime.date) -> dict[int, list[Signal]]:
    """Overdue signals per focal officer id who must act on them.

    The assignee (their backup while they are absent); for an unassigned signal, or one whose
    assignee no longer works for the municipality, every present focal officer of it. Runs as the
    system (the daily job); every officer receives only signals of municipalities they work for.
    """
    from .selectors import overdue_q

    overdue = list(Signal.objects.filter(overdue_q(today))
                   .only("id", "reference", "municipality_id", "assigned_to_id", "first_reaction_due",
                         "triage_due", "first_reaction_at", "status")
                   .order_by("municipality_id", "reference"))
    by_officer: dict[int, list[Signal]] = {}
    officers_by_municipality: dict[int, dict[int, Membership]] = {}
    for signal in overdue:
        if signal.municipality_id not in officers_by_municipality:
            officers_by_municipality[signal.municipality_id] = _officers_of(signal.municipality_id)
        officers = officers_by_municipality[signal.municipality_id]
        if signal.assigned_to_id in officers:
            recipients = _present(signal.assigned_to_id, officers)
        else:
            recipients = sorted({r for officer_id in officers for r in _present(officer_id, officers)})
        for officer_id in recipients:
            by_officer.setdefault(officer_id, []).append(signal)
    return by_officer


def covered_officer_ids(user) -> list[int]:
    """Focal officers who are absent now with `user` as their backup: their open work is the backup's too."""
    user_id = getattr(user, "pk", user)
    if not user_id:
        return []
    return sorted(set(Membership.objects.filter(role=Role.FOCAL_OFFICER, active=True, absent=True, backup_id=user_id,
                                                backup__is_active=True)
                      .exclude(user_id=user_id).values_list("user_id", flat=True)))


def with_backups(user_ids) -> set[int]:
    """The given users plus the backup of each who is absent as a focal officer (mail reaches both)."""
    ids = {user_id for user_id in user_ids if user_id}
    if not ids:
        return set()
    backups = (Membership.objects.filter(user_id__in=ids, role=Role.FOCAL_OFFICER, active=True, absent=True,
                                         backup__isnull=False, backup__is_active=True)
               .values_list("backup_id", flat=True))
    return ids | set(backups)
