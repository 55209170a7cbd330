"""Break the glass: a time-limited, reasoned, flagged grant to open one record outside scope.

`break_glass(...)` records the grant and a flagged access-log row. The tenancy mechanism
(`TenantQuerySet.visible_to`) ORs in `emergency_filter(user, queryset)`, so a granted record is
visible through the same scoped querysets as every other record, until the grant expires.
Grants are fetched with one indexed query per user object (i.e. per request), only when the
request's membership query saw that the user holds one, and compared with the clock on every use.

Which records can be opened this way is a registry (`register_emergency_record`): each app names
its record type, the roles that work on that kind of record, how to find a record by the
reference users see (never a database id), its region, and its owner's access-log keys. A grant
is refused across regions, to roles that do not work on that kind of record, and beyond
`EMERGENCY_ACCESS_PER_DAY` grants a day. See docs/decisions/0025-break-the-glass.md and 0071.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Callable

from django.conf import settings

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
    """Emergency access is not possible: the message is Dutch and meant for the page.

    For a record outside the user's region or role the message is the same as for a reference
    that does not exist, so a refusal tells nothing about other regions.
    """


@dataclass(frozen=True)
class EmergencyRecordType:
    label: str  # the model's label_lower, e.g. "signalling.signal"
    model: type
    noun: str  # how the page names one record, e.g. "signaal"
    roles: frozenset[str]  # the roles that work on this kind of record
    find: Callable  # (reference) -> record or None
    reference_of: Callable  # (record) -> str
    region_id_of: Callable  # (record) -> region id or None
    owner_keys_of: Callable  # (record) -> " o<organisation> m<municipality> r<region> "


_RECORD_TYPES: dict[str, EmergencyRecordType] = {}


def register_emergency_record(model, *, noun, roles, find, reference_of, region_id_of, owner_keys_of) -> None:
    """Called from an app's `AppConfig.ready()` for each record type emergency access may open."""
    label = model._meta.label_lower
    if label in _RECORD_TYPES:
        raise ValueError(f"emergency record type {label!r} registered twice")
    _RECORD_TYPES[label] = EmergencyRecordType(
        label=label, model=model, noun=noun, roles=frozenset(roles), find=find, reference_of=reference_of,
        region_id_of=region_id_of, owner_keys_of=owner_keys_of)


def record_type(label: str) -> EmergencyRecordType | None:
    return _RECORD_TYPES.get(label)


def record_type_of(record) -> EmergencyRecordType | None:
    return _RECORD_TYPES.get(record._meta.label_lower)


@dataclass(frozen=True)
class ActiveGrant:
    record_type: str
    record_id: str
    reason: str
    expires_at: datetime.datetime
    owner_keys: str = ""


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
            ActiveGrant(record_type=t, record_id=i, reason=r, expires_at=e, owner_keys=k)
            for t, i, r, e, k in EmergencyAccess.objects.filter(user=user, expires_at__gt=now(), ended_at__isnull=True)
            .values_list("record_type", "record_id", "reason", "expires_at", "owner_keys")
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


def may_open_in_emergency(user, record) -> bool:
    """A role of the user's that works on this kind of record, in the record's own region."""
    kind = record_type_of(record)
    if kind is None or not _usable(user):
        return False
    from schakel.accounts.tenancy import scope_for

    region_id = kind.region_id_of(record)
    if region_id is None:
        return False
    scope = scope_for(user)
    return any(role in scope.roles and region_id in scope.regions_for(role) for role in kind.roles)


def grants_today(user) -> int:
    moment = now().astimezone(AMSTERDAM)
    start = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return EmergencyAccess.objects.filter(user=user, granted_at__gte=start).count()


def refusal_message(kind: EmergencyRecordType | None) -> str:
    noun = kind.noun if kind else _("gegeven")
    return str(_("Noodtoegang is niet mogelijk: er is geen %(noun)s met dit kenmerk in uw regio dat u met uw rol "
                 "mag openen. Controleer het kenmerk.") % {"noun": noun})


def break_glass(*, user, record, reason: str) -> EmergencyAccess:
    """Grant `user` access to `record` for two hours, and flag it to both privacy officers.

    Refused (BreakGlassRefused) without a role that works on this kind of record in the record's
    region, and beyond the daily number; the refusal is logged too.
    """
    from .audit import record_access

    if not _usable(user):
        raise BreakGlassRefused(str(_("U hebt geen rol die noodtoegang mag gebruiken.")))
    reason = validate_reason(reason)
    kind = record_type_of(record)
    if kind is None or not may_open_in_emergency(user, record):
        record_access(user=user, action=AccessAction.DENIED, record=record, flagged=True, reason=reason,
                      owner_keys=kind.owner_keys_of(record) if kind else "",
                      detail="noodtoegang geweigerd: buiten regio of rol")
        raise BreakGlassRefused(refusal_message(kind))
    if grants_today(user) >= settings.EMERGENCY_ACCESS_PER_DAY:
        raise BreakGlassRefused(str(_(
            "U hebt vandaag al %(count)d keer noodtoegang gebruikt, het maximum per dag. Neem contact op met de "
            "aandachtsfunctionaris van de gemeente of met de privacyfunctionaris.")
            % {"count": settings.EMERGENCY_ACCESS_PER_DAY}))
    keys = kind.owner_keys_of(record)
    granted_at = now()
    with transaction.atomic():
        grant = EmergencyAccess.objects.create(
            user=user,
            record_type=kind.label,
            record_id=str(record.pk),
            reason=reason,
            granted_at=granted_at,
            expires_at=granted_at + EMERGENCY_ACCESS_DURATION,
            owner_keys=keys,
        )
        record_access(user=user, action=AccessAction.BREAK_GLASS, record=record, reason=reason, flagged=True,
                      owner_keys=keys,
                      detail=f"geldig tot {grant.expires_at.astimezone(AMSTERDAM):%d-%m-%Y %H:%M}")
    forget_grants(user)
    return grant


def end_grant(*, actor, grant: EmergencyAccess) -> EmergencyAccess:
    """End a grant early: by its holder (done with it). Logged, with the owner's keys."""
    from .audit import record_access

    if grant.user_id != getattr(actor, "pk", None):
        raise BreakGlassRefused(str(_("Alleen wie de noodtoegang heeft geopend, kan die beëindigen.")))
    moment = now()
    if grant.ended_at is not None or grant.expires_at <= moment:
        raise BreakGlassRefused(str(_("Deze noodtoegang is al afgelopen.")))
    with transaction.atomic():
        updated = EmergencyAccess.objects.filter(pk=grant.pk, ended_at__isnull=True).update(
            ended_at=moment, ended_by=actor)
        if not updated:
            raise BreakGlassRefused(str(_("Deze noodtoegang is al afgelopen.")))
        record_access(user=actor, action=AccessAction.CHANGE, record_type=grant.record_type,
                      record_id=grant.record_id, flagged=True, owner_keys=grant.owner_keys,
                      reason=grant.reason, detail="noodtoegang vroegtijdig beëindigd")
    grant.refresh_from_db()
    forget_grants(actor)
    return grant


def current_grant(user, record) -> EmergencyAccess | None:
    """The user's running grant on `record` (for the page's 'end emergency access' button)."""
    return (EmergencyAccess.objects.filter(user=user, record_type=record._meta.label_lower, record_id=str(record.pk),
                                           ended_at__isnull=True, expires_at__gt=now())
            .order_by("-granted_at").first())
