"""The shared steps of every care service: errors, the lock with its version check, history, access log."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from schakel.errors import Refusal
from schakel.privacy.audit import record_access

from ..models import CareCase, CaseEvent
from ..permissions import can_work_on

MAX_TEXT = 5000


class CareError(Refusal):
    """Refused with a Dutch message for the page; `field` names the form field it is about, if any."""

    message = _("Dit kan niet.")


class StaleCase(CareError):
    message = _("Iemand anders heeft dit zorgtraject intussen gewijzigd. Uw wijziging is niet opgeslagen; uw "
                "invoer staat nog in het formulier. Bekijk de actuele gegevens en probeer het opnieuw.")


class CaseClosed(CareError):
    message = _("Dit zorgtraject is afgesloten en kan alleen worden gelezen. Heropen het eerst als dat nodig is.")


def text(value: str, *, field: str, required: bool = True, label: str = "") -> str:
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise CareError(_("Vul ‘%(label)s’ in.") % {"label": label or field}, field=field)
    if len(cleaned) > MAX_TEXT:
        raise CareError(_("‘%(label)s’ is te lang: hoogstens 5.000 tekens.") % {"label": label or field},
                        field=field)
    return cleaned


def lock(*, actor, case: CareCase, expected_version: int, allow_closed: bool = False) -> CareCase:
    """The current row, locked for this transaction; refused when not the actor's, changed since, or closed."""
    current = CareCase.objects.select_for_update().get(pk=case.pk)
    if not can_work_on(actor, current):
        raise PermissionDenied
    if current.version != expected_version:
        raise StaleCase()
    if not allow_closed and not current.is_open:
        raise CaseClosed()
    return current


def bump(case: CareCase, *, moment: datetime.datetime, **changes) -> CareCase:
    """Write `changes` with the version bump, only if nobody wrote in between (compare-and-set)."""
    written = CareCase.objects.filter(pk=case.pk, version=case.version).update(
        **changes, version=case.version + 1, updated_at=moment)
    if written != 1:
        raise StaleCase()
    for name, value in changes.items():
        setattr(case, name, value)
    case.version += 1
    case.updated_at = moment
    return case


def event(case: CareCase, *, actor, moment, what: str, reason: str = "") -> CaseEvent:
    return CaseEvent.objects.create(case=case, at=moment, actor=actor, what=what[:200], reason=reason)


def log(actor, case: CareCase, what: str, *, action: str = "change", flagged: bool = False) -> None:
    record_access(user=actor, action=action, record=case, reason=f"zorg: {what}", flagged=flagged)
