"""Reads of the privacy officer's desk, each limited to the officer's area."""

from __future__ import annotations

import datetime

from django.db.models import F, Q

from schakel.accounts.tenancy import NOBODY
from schakel.clock import now

from .area import officer_area
from .models import AccessFlag, DataSubjectRequest, EmergencyAccess, LegalHold, PurgeLogEntry, RequestStatus
from .naming import annotate_entries

GRANT_DAYS = 30


def _owner_keys_filter(user) -> Q:
    area = officer_area(user)
    condition = NOBODY
    for prefix, ids in (("o", area.organisation_ids), ("m", area.municipality_ids), ("r", area.region_ids)):
        for pk in sorted(ids):
            condition |= Q(owner_keys__contains=f" {prefix}{pk} ")
    return condition


def grants_for_officer(user, *, days: int = GRANT_DAYS) -> list[EmergencyAccess]:
    """Emergency grants to records of the officer's area: running first, then the last `days` days."""
    moment = now()
    rows = (EmergencyAccess.objects.filter(_owner_keys_filter(user))
            .filter(Q(granted_at__gte=moment - datetime.timedelta(days=days)) | Q(ended_at__isnull=True,
                                                                                   expires_at__gt=moment))
            .select_related("user", "ended_by").order_by("-granted_at", "-id"))
    grants = annotate_entries(rows)
    for grant in grants:
        grant.running = grant.ended_at is None and grant.expires_at > moment
    return sorted(grants, key=lambda grant: not grant.running)


def running_grant_for_officer(user, grant_id: int) -> EmergencyAccess | None:
    return (EmergencyAccess.objects.filter(_owner_keys_filter(user)).filter(pk=grant_id)
            .select_related("user").first())


def flags_for_officer(user, *, open_only: bool = False):
    rows = AccessFlag.objects.visible_to(user).select_related("user", "reviewed_by")
    if open_only:
        rows = rows.filter(reviewed_at__isnull=True)
    if open_only:
        return rows
    return rows.order_by(F("reviewed_at").asc(nulls_first=True), "-window_start", "-id")  # unchecked first


def holds_for_officer(user):
    # Running holds first (lifted_at empty) on every database, the nearest review date on top.
    return LegalHold.objects.visible_to(user).select_related("placed_by", "lifted_by").order_by(
        F("lifted_at").asc(nulls_first=True), "review_on", "-id")


def purge_log_for_officer(user):
    """Purge-log rows of the officer's area, and installation-wide ones (the access log)."""
    area = officer_area(user)
    if area.empty:
        return PurgeLogEntry.objects.none()
    return PurgeLogEntry.objects.filter(area.record_filter() | Q(municipality__isnull=True, region__isnull=True))


def open_requests_for_officer(user):
    return DataSubjectRequest.objects.visible_to(user).filter(status=RequestStatus.OPEN).order_by("due_on", "id")


def desk_counts(user) -> dict:
    moment = now()
    return {
        "running_grants": EmergencyAccess.objects.filter(_owner_keys_filter(user), ended_at__isnull=True,
                                                         expires_at__gt=moment).count(),
        "open_flags": flags_for_officer(user, open_only=True).count(),
        "holds_to_review": holds_for_officer(user).filter(lifted_at__isnull=True,
                                                          review_on__lte=moment.date()).count(),
        "open_requests": open_requests_for_officer(user).count(),
        "requests_due_soon": open_requests_for_officer(user).filter(
            due_on__lte=moment.date() + datetime.timedelta(days=7)).count(),
    }
