"""Break the glass: a time-limited, reasoned, flagged grant to open one record outside scope.

`break_glass(...)` records the grant and a flagged access-log row. The tenancy mechanism
(`TenantQuerySet.visible_to`) ORs in `emergency_filter(user, queryset)`, so a granted record is
visible through the same scoped querysets as every other record, until the grant expires.
Grants are fetched with one indexed query per user object (i.e. per request), only when the
request's membership query saw that the user holds one, and compared with the clock on every use. See docs/decisions/0025-break-the-glass.md.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from schakel.accounts.tenancy import forget_emergency_grant_hint, has_emergency_grant_hint
from schakel.clock import AMSTERDAM, now

from .models import MIN_REASON_LENGTH, AccessAction, EmergencyAccess
from .permissions import can_break_glass

EMERGENCY_ACCESS_DURATION = datetime.timedelta(hours=2)
_CACHE_ATTRIBUTE = "_schakel_emergency_grants"


class BreakGlassRefused(Exception):
    """The user has no role that may use emergency access."""


@dataclass(frozen=True)
class ActiveGrant:
    record_type: str
    record_id: str
    reason: str
    expires_at: datetime.datetime


def _grants(user) -> list[ActiveGrant]:
    """All unexpired grants of the user at the time of the first call on this user object.

    The request's membership query already asked whether any grant exists (almost never): only
    then are the grants read, so an ordinary request spends no query on them.
    """
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None and has_emergency_grant_hint(user) is False:
        cached = []
        setattr(user, _CACHE_ATTRIBUTE, cached)
    if cached is None:
        cached = [
            ActiveGrant(record_type=t, record_id=i, reason=r, expires_at=e)
            for t, i, r, e in EmergencyAccess.objects.filter(user=user, expires_at__gt=now())
            .values_list("record_type", "record_id", "reason", "expires_at")
        ]
        setattr(user, _CACHE_ATTRIBUTE, cached)
    moment = now()
    return [grant for grant in cached if grant.expires_at > moment]


def forget_grants(user) -> None:
    forget_emergency_grant_hint(user)
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def _usable(user) -> bool:
    # A grant only works while the user still holds a role that may break the glass.
    return (user is not None and getattr(user, "is_authenticated", False) and user.is_active
            and can_break_glass(user))


def emergency_ids(user, model) -> set[str]:
    """Keys (as strings) of the records of `model` the user holds an active grant for."""
    if not _usable(user):
        return set()
    label = model._meta.label_lower
    return {grant.record_id for grant in _grants(user) if grant.record_type == label}


def active_grant(user, record_type: str, record_id: str) -> ActiveGrant | None:
    if not _usable(user):
        return None
    for grant in _grants(user):
        if grant.record_type == record_type and grant.record_id == record_id:
            return grant
    return None


def emergency_filter(user, queryset) -> models.Q | None:
    """What `visible_to` adds for emergency grants; None when the user holds none that apply.

    A queryset class may name, in `emergency_via`, the relation to a parent record whose grant
    also opens this model's rows (e.g. a signal's persons through "signal").
    """
    model = queryset.model
    condition = None
    ids = emergency_ids(user, model)
    if ids:
        condition = models.Q(pk__in=sorted(ids))
    via = getattr(queryset, "emergency_via", None)
    if via:
        parent = model._meta.get_field(via).related_model
        parent_ids = emergency_ids(user, parent)
        if parent_ids:
            parent_condition = models.Q(**{f"{via}__in": sorted(parent_ids)})
            condition = parent_condition if condition is None else condition | parent_condition
    return condition


def validate_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            _("Geef een reden van minstens %(count)d tekens: de privacyfunctionaris leest deze."),
            code="reason_too_short", params={"count": MIN_REASON_LENGTH})
    return reason


def break_glass(*, user, record, reason: str) -> EmergencyAccess:
    """Grant `user` access to `record` for two hours, and flag it to the privacy officer."""
    from .audit import record_access

    if not _usable(user):
        raise BreakGlassRefused("this user may not use emergency access")
    reason = validate_reason(reason)
    granted_at = now()
    with transaction.atomic():
        grant = EmergencyAccess.objects.create(
            user=user,
            record_type=record._meta.label_lower,
            record_id=str(record.pk),
            reason=reason,
            granted_at=granted_at,
            expires_at=granted_at + EMERGENCY_ACCESS_DURATION,
        )
        record_access(user=user, action=AccessAction.BREAK_GLASS, record=record, reason=reason, flagged=True,
                      detail=f"geldig tot {grant.expires_at.astimezone(AMSTERDAM):%d-%m-%Y %H:%M}")
    forget_grants(user)
    return grant
