"""The care route of the screening meeting (decision 0072): a care case for the region's coordinator.

The table decides "Zorg" for a signal. The route opens a care case per presumed victim on the
signal (one, with an unknown name, when none is recorded) for the region's care coordinator, and
creates the one action the route's completion hangs on (source "screening.route", the route's id),
owned by the coordinator's organisation. That action is finished by the care app itself:

- DONE when the first contact with the client (intake, a conversation) is recorded in one of the
  route's care cases: from then on the client is in care, and the screening route is done;
- NOT_DONE when the route's case is closed before any contact (e.g. the client is out of view).

The coordinator may also report the action back directly (Mijn acties); care then leaves it alone.
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from schakel.accounts.models import Membership
from schakel.accounts.roles import Role
from schakel.clock import AMSTERDAM
from schakel.signalling.models import EntityKind, PersonRole

from ..models import CareCase, Form, Referrer

logger = logging.getLogger(__name__)

ACTION_SOURCE = "screening.route"


def coordinator_for_region(region_id: int):
    """The region's care coordinator membership (the first active one), or None."""
    from schakel.organisations.models import RegionMember

    memberships = (Membership.objects.filter(role=Role.CARE_COORDINATOR, active=True, user__is_active=True,
                                             organisation__active=True)
                   .select_related("user", "organisation", "organisation__municipality").order_by("pk"))
    municipalities = set(RegionMember.objects.filter(region_id=region_id).values_list("municipality_id", flat=True))
    for membership in memberships:
        organisation = membership.organisation
        if organisation.region_id == region_id or organisation.municipality_id in municipalities:
            return membership
    return None


def _victims(signal) -> list[dict]:
    return [entity.data or {} for entity in signal.entities.filter(kind=EntityKind.PERSON,
                                                                   person_role=PersonRole.PRESUMED_VICTIM)]


def start_care_route(start) -> None:
    """`RouteKind.start` of the care route: care cases plus the action the route completes on."""
    from schakel.actions.services import ActionError, create_action

    from .cases import ClientData, open_case

    signal = start.signal
    membership = coordinator_for_region(signal.region_id)
    if membership is None:
        raise ActionError(_("Er is geen zorgcoördinator in de regio van dit signaal. Vraag de functioneel beheerder "
                            "een zorgcoördinator toe te voegen, of kies een andere route."))
    day = start.now.astimezone(AMSTERDAM).date() if start.now else None
    forms = [form for form in signal.forms if form in Form.values]
    for index, victim in enumerate(_victims(signal) or [{}]):
        date_of_birth = None
        if victim.get("date_of_birth"):
            try:
                date_of_birth = datetime.date.fromisoformat(victim["date_of_birth"])
            except ValueError:
                date_of_birth = None
        name = (victim.get("name") or "").strip() or _("Onbekend (uit signaal %(reference)s)") % {
            "reference": signal.reference}
        open_case(actor=start.actor, client=ClientData(name=name, date_of_birth=date_of_birth, forms=forms),
                  municipality=signal.municipality, referrer=Referrer.SCREENING, signal=signal,
                  route_id=start.route_id, coordinator=membership.user,
                  submission=f"route:{start.route_id}:{index}", opened_on=day, now=start.now)
    create_action(
        actor=start.actor, signal=signal, owner_organisation=membership.organisation,
        responsible=membership.user, title=str(_("Zorgtraject opstarten: eerste contact met de cliënt")),
        source=ACTION_SOURCE, source_id=start.route_id, route_kind=start.kind, due_on=start.due_on,
        instructions=start.note, now=start.now)


def _finish_route_actions(case: CareCase, *, actor, moment, status: str, text: str) -> None:
    if case.route_id is None:
        return
    from schakel.actions.selectors import actions_for_source
    from schakel.actions.services import ActionError, report_back

    for action in actions_for_source(ACTION_SOURCE, [case.route_id]):
        if action.is_finished:
            continue
        try:
            report_back(actor=actor, action=action, status=status, text=text, expected_version=action.version,
                        now=moment)
        except (ActionError, PermissionDenied):
            # Not this user's action to report (another organisation): it stays open in 'Mijn acties'.
            logger.info("care: route action %s left open for its owner", action.pk)


def first_contact_made(case: CareCase, *, actor, moment: datetime.datetime) -> None:
    from schakel.actions.models import ActionStatus

    _finish_route_actions(case, actor=actor, moment=moment, status=ActionStatus.DONE,
                          text=_("Eerste contact met de cliënt gelegd; het zorgtraject loopt (%(number)s).")
                          % {"number": case.client_number})


def case_closed(case: CareCase, *, actor, moment: datetime.datetime) -> None:
    if case.route_id is None or case.first_contact_on is not None:
        return
    if CareCase.objects.filter(route_id=case.route_id, status="open").exclude(pk=case.pk).exists():
        return  # another client of the same route is still in care
    from schakel.actions.models import ActionStatus

    _finish_route_actions(case, actor=actor, moment=moment, status=ActionStatus.NOT_DONE,
                          text=_("Zorgtraject afgesloten zonder contact met de cliënt: %(reason)s.")
                          % {"reason": case.get_close_reason_display()})


def register() -> None:
    """Replace the built-in care route (called from CareConfig.ready, after screening)."""
    from django.utils.translation import gettext_lazy

    from schakel.screening.routes import RouteKind, get_route, register_route

    built_in = get_route("care")
    register_route(RouteKind(
        key="care", label=built_in.label, order=built_in.order, owner_kinds=frozenset(),
        default_due_working_days=built_in.default_due_working_days, start=start_care_route,
        description=gettext_lazy("Naar de zorgcoördinator van de regio: een zorgtraject voor elk mogelijk "
                                 "slachtoffer, met opvang, hulp en begeleiding.")), replace=True)
