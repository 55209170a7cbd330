"""Creating, accepting and reporting back on actions.

Each use case is keyword-only and atomic: it locks the row, refuses a stale `expected_version`
(optimistic locking: the later of two saves is refused, not written over the first), writes a
history row (`ActionEvent`) and an access-log entry, bumps the version, and queues e-mail for
after the commit (links only, never content). Repeating the same accept or report back (a
double submit) returns the action as it is instead of refusing it.

`create_action` does not check who the actor is: the creating app (a screening decision, a
focal officer's referral, a care or barrier route) has checked its own permission.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import Membership
from schakel.clock import AMSTERDAM
from schakel.clock import now as clock_now
from schakel.organisations.models import ClosingDay, Organisation
from schakel.privacy.audit import record_access
from schakel.signalling.rules import working_days_after

from ..models import FINISHED_STATUSES, Action, ActionEvent, ActionEventKind, ActionStatus
from ..permissions import WORK_ROLES, can_work_on
from schakel.errors import Refusal, clean_text

from ..sources import notify_finished
from . import mail

MAX_TEXT = 5000
MAX_TITLE = 200


class ActionError(Refusal):
    """A refused change, with a Dutch `message` for the person who tried it."""

    message = _("Deze actie kan niet worden opgeslagen.")


class StaleAction(ActionError):
    message = _("Iemand anders heeft deze actie intussen gewijzigd. Uw wijziging is niet opgeslagen; "
                "uw invoer staat nog in het formulier. Bekijk de actuele stand en probeer het opnieuw.")


def _moment(now) -> datetime.datetime:
    return now or clock_now()


def _local_date(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(AMSTERDAM).date()


def due_date(*, region_id: int, start: datetime.date, working_days: int) -> datetime.date:
    """`working_days` working days after `start`, skipping the region's extra closing days too."""
    horizon = start + datetime.timedelta(days=2 * working_days + 400)
    closed = frozenset(ClosingDay.objects.filter(region_id=region_id, date__gt=start, date__lte=horizon)
                       .values_list("date", flat=True))
    return working_days_after(start, working_days, closed_days=closed)


def _clean_text(value, *, field: str, required: bool, missing, limit: int = MAX_TEXT) -> str:
    return clean_text(value, field=field, limit=limit, required=required, missing=missing, refusal=ActionError)


def _event(action: Action, *, actor, moment, kind: str, text: str = "") -> ActionEvent:
    organisation_name = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        memberships = Membership.objects.filter(user=actor, active=True, organisation_id=action.owner_organisation_id)
        if memberships.exists():
            organisation_name = action.owner_organisation.name
    return ActionEvent.objects.create(action=action, at=moment, actor=actor, kind=kind, text=text,
                                      organisation_name=organisation_name)


def _log(actor, action: Action, what: str) -> None:
    if actor is not None and getattr(actor, "is_authenticated", False):
        record_access(user=actor, action="change", record=action, reason=f"actie: {what}")


# --- create ------------------------------------------------------------------------------------

@transaction.atomic
def create_action(*, actor, signal, owner_organisation: Organisation | None, title: str, source: str,
                  source_id: int | None = None, route_kind: str = "", due_on: datetime.date | None = None,
                  due_in_working_days: int | None = None, responsible=None, instructions: str = "",
                  now: datetime.datetime | None = None) -> Action:
    """A new open action for `owner_organisation`; its members get an e-mail with a link after the commit."""
    moment = _moment(now)
    if owner_organisation is None:
        raise ActionError(_("Kies de organisatie die deze actie uitvoert: een actie zonder eigenaar "
                            "kan niet worden opgeslagen."), field="owner_organisation")
    if not owner_organisation.active:
        raise ActionError(_("Organisatie %(name)s is niet meer actief. Kies een andere organisatie.")
                          % {"name": owner_organisation.name}, field="owner_organisation")
    if (due_on is None) == (due_in_working_days is None):
        raise ActionError(_("Geef een uiterste datum of een termijn in werkdagen (één van beide)."), field="due_on")
    title = _clean_text(title, field="title", required=True, missing=_("Vul in wat er moet gebeuren."),
                        limit=MAX_TITLE)
    instructions = _clean_text(instructions, field="instructions", required=False, missing="")
    source = (source or "").strip()
    if not source or len(source) > 40:
        raise ActionError(_("De herkomst van de actie ontbreekt."), field="source")
    today = _local_date(moment)
    if due_on is None:
        if due_in_working_days < 0:
            raise ActionError(_("Een termijn is nul of meer werkdagen."), field="due_on")
        due_on = due_date(region_id=signal.region_id, start=today, working_days=due_in_working_days)
    if responsible is not None and not Membership.objects.filter(
            user=responsible, organisation=owner_organisation, active=True, role__in=WORK_ROLES,
            user__is_active=True).exists():
        raise ActionError(_("%(person)s werkt niet (meer) voor %(organisation)s. Kies een ander of laat "
                            "'verantwoordelijke' leeg.") % {"person": responsible, "organisation": owner_organisation},
                          field="responsible")
    action = Action.objects.create(
        signal=signal, municipality_id=signal.municipality_id, region_id=signal.region_id,
        owner_organisation=owner_organisation, responsible=responsible, title=title, instructions=instructions,
        source=source, source_id=source_id, route_kind=(route_kind or "")[:40], due_on=due_on,
        status=ActionStatus.OPEN, created_at=moment, created_by=actor if _is_user(actor) else None)
    _event(action, actor=actor if _is_user(actor) else None, moment=moment, kind=ActionEventKind.CREATED)
    _log(actor, action, "aangemaakt")
    action_id = action.pk
    transaction.on_commit(lambda: mail.notify_owner(action_id=action_id))
    return action


def _is_user(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


# --- work on it ----------------------------------------------------------------------------------

def _lock(*, actor, action: Action) -> Action:
    current = Action.objects.select_for_update().select_related("owner_organisation").get(pk=action.pk)
    if not can_work_on(actor, current):
        raise PermissionDenied
    return current


def _save(action: Action, *, expected_version: int, changes: dict) -> Action:
    written = Action.objects.filter(pk=action.pk, version=expected_version).update(
        **changes, version=expected_version + 1)
    if written != 1:
        raise StaleAction()
    for name, value in changes.items():
        setattr(action, name, value)
    action.version = expected_version + 1
    return action


@transaction.atomic
def accept(*, actor, action: Action, expected_version: int, now: datetime.datetime | None = None) -> Action:
    """The owner organisation picks the action up ('Oppakken'): in progress, the actor responsible if nobody was."""
    moment = _moment(now)
    current = _lock(actor=actor, action=action)
    if current.status == ActionStatus.IN_PROGRESS and current.accepted_by_id == actor.pk:
        return current  # the same click twice
    if current.version != expected_version:
        raise StaleAction()
    if current.status == ActionStatus.IN_PROGRESS:
        raise ActionError(_("Deze actie is al opgepakt door %(person)s.") % {"person": current.accepted_by or "–"})
    if current.status in FINISHED_STATUSES:
        raise ActionError(_("Deze actie is al afgerond; oppakken kan niet meer."))
    changes = {"status": ActionStatus.IN_PROGRESS, "accepted_at": moment, "accepted_by": actor}
    if current.responsible_id is None:
        changes["responsible"] = actor
    _save(current, expected_version=expected_version, changes=changes)
    _event(current, actor=actor, moment=moment, kind=ActionEventKind.ACCEPTED)
    _log(actor, current, "opgepakt")
    return current


@transaction.atomic
def report_back(*, actor, action: Action, status: str, text: str, expected_version: int,
                now: datetime.datetime | None = None) -> Action:
    """Done with an outcome, or could not be done with a reason; tells the action's source, mails its creator."""
    moment = _moment(now)
    if status not in FINISHED_STATUSES:
        raise ActionError(_("Kies of de actie is uitgevoerd of niet kon worden uitgevoerd."), field="status")
    missing = (_("Vul de uitkomst in: wat is er gedaan en wat kwam eruit?") if status == ActionStatus.DONE
               else _("Vul de reden in waarom de actie niet kon worden uitgevoerd."))
    text = _clean_text(text, field="text", required=True, missing=missing)
    current = _lock(actor=actor, action=action)
    if (current.status == status and current.finished_by_id == actor.pk and current.outcome == text):
        return current  # the same report twice
    if current.version != expected_version:
        raise StaleAction()
    if current.status in FINISHED_STATUSES:
        raise ActionError(_("Deze actie is al afgerond door %(person)s.") % {"person": current.finished_by or "–"})
    changes = {"status": status, "outcome": text, "finished_at": moment, "finished_by": actor}
    if current.accepted_at is None:
        changes.update(accepted_at=moment, accepted_by=actor)
    if current.responsible_id is None:
        changes["responsible"] = actor
    _save(current, expected_version=expected_version, changes=changes)
    kind = ActionEventKind.DONE if status == ActionStatus.DONE else ActionEventKind.NOT_DONE
    _event(current, actor=actor, moment=moment, kind=kind, text=text)
    _log(actor, current, "teruggemeld" if status == ActionStatus.DONE else "niet uitgevoerd")
    notify_finished(current)
    action_id = current.pk
    transaction.on_commit(lambda: mail.notify_finished(action_id=action_id))
    return current
