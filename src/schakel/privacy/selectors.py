"""Reading the access log as a privacy officer: which rows, filtered how.

Which rows a privacy officer sees (docs/decisions/0024-access-log-for-the-privacy-officer.md):
each row keeps the acting user's organisations, municipalities and regions at the time of
access (`scope_keys`). A privacy officer of
  - a municipality's organisation sees the rows of users of every organisation of that municipality;
  - a region office sees the rows of users of every organisation in or of that region;
  - any other organisation (e.g. a partner) sees the rows of its own users.
Rows without a user (failed logins with an unknown name, the public form) are not shown here;
the operator reads them with the database tools.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import NOBODY, scope_for
from schakel.clock import AMSTERDAM, now

from .models import AccessLogEntry

FLAGGED_PANEL_DAYS = 30


def officer_scope_filter(user) -> Q:
    from schakel.organisations.models import Organisation, OrganisationKind

    scope = scope_for(user)
    organisation_ids = scope.organisations_for(Role.PRIVACY_OFFICER)
    if not organisation_ids:
        return NOBODY
    condition = Q(pk__in=[])
    for organisation in Organisation.objects.filter(pk__in=organisation_ids):
        keys = [f" o{organisation.pk} "]
        if organisation.kind == OrganisationKind.MUNICIPALITY and organisation.municipality_id:
            keys.append(f" m{organisation.municipality_id} ")
        elif organisation.kind == OrganisationKind.REGION_OFFICE and organisation.region_id:
            keys.append(f" r{organisation.region_id} ")
        for key in keys:
            # The actor was one of ours, or the record was ours (emergency access, a role granted here).
            condition |= Q(scope_keys__contains=key) | Q(owner_keys__contains=key)
    return condition


def access_log_for(user) -> QuerySet[AccessLogEntry]:
    """The rows the privacy officer `user` may read; nothing for anyone else."""
    return AccessLogEntry.objects.filter(officer_scope_filter(user))


@dataclass(frozen=True)
class LogFilter:
    user: str = ""
    record_type: str = ""
    record_id: str = ""
    action: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    flagged: bool = False
    oldest_first: bool = False

    def describe(self) -> str:
        parts = [f"{name}={value}" for name, value in (
            ("gebruiker", self.user), ("soort", self.record_type), ("gegeven", self.record_id),
            ("handeling", self.action), ("van", self.date_from), ("tot", self.date_to),
        ) if value]
        if self.flagged:
            parts.append("alleen gemarkeerd")
        return ", ".join(parts) or "alle regels"


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=AMSTERDAM)


def search_access_log(user, log_filter: LogFilter) -> QuerySet[AccessLogEntry]:
    rows = access_log_for(user).select_related(None)
    if log_filter.user:
        term = log_filter.user.strip()
        rows = rows.filter(Q(username__icontains=term) | Q(user__first_name__icontains=term)
                           | Q(user__last_name__icontains=term))
    if log_filter.record_type:
        rows = rows.filter(record_type=log_filter.record_type.strip().lower())
    if log_filter.record_id:
        rows = rows.filter(record_id=log_filter.record_id.strip())
    if log_filter.action:
        rows = rows.filter(action=log_filter.action)
    if log_filter.date_from:
        rows = rows.filter(at__gte=_start_of_day(log_filter.date_from))
    if log_filter.date_to:
        rows = rows.filter(at__lt=_start_of_day(log_filter.date_to + datetime.timedelta(days=1)))
    if log_filter.flagged:
        rows = rows.filter(flagged=True)
    return rows.order_by(*(("at", "id") if log_filter.oldest_first else ("-at", "-id")))


def recent_flagged(user, *, limit: int = 10) -> tuple[list[AccessLogEntry], int]:
    """Flagged (break-the-glass) rows of the last 30 days in the officer's scope: newest, and how many."""
    rows = access_log_for(user).filter(flagged=True, at__gte=now() - datetime.timedelta(days=FLAGGED_PANEL_DAYS))
    return list(rows.order_by("-at", "-id")[:limit]), rows.count()
