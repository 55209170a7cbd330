"""The administrative route of the screening meeting (decision 0072), replaced by this app.

Its start records a measure of the catalogue's route type (the municipality's assessment of
which barriers fit) in the signal's municipality, and one action for the municipality with
source "screening.route" and the route's id. The route is done when that action is reported
(by anyone, on the actions pages) or when the measure is finished or stopped here, which reports
the action for the officer.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.organisations.models import Organisation, OrganisationKind

from .catalogue import route_start_type
from .models import Measure, MeasureStatus

logger = logging.getLogger(__name__)


def _municipal_organisation(municipality_id: int) -> Organisation | None:
    return (Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY, municipality_id=municipality_id,
                                        active=True).order_by("pk").first())


def start_administrative_route(start) -> None:
    from schakel.actions.services import create_action
    from schakel.screening.routes import ACTION_SOURCE

    from .services.common import local_date
    from .services.measures import create_measure

    signal = start.signal
    kind = route_start_type()
    measure = create_measure(
        actor=start.actor, municipality=signal.municipality, type_key=kind.key,
        legal_basis=kind.legal_bases[0].key, started_on=local_date(start.now), details={},
        description=start.note, signal=signal, source=ACTION_SOURCE, source_id=start.route_id,
        on_behalf_of_route=True, now=start.now)
    action = create_action(
        actor=start.actor, signal=signal,
        owner_organisation=start.owner_organisation or _municipal_organisation(signal.municipality_id),
        title=_("Bestuurlijke aanpak uitvoeren: maatregel %(reference)s (besluit screeningsoverleg)")
        % {"reference": measure.reference},
        source=ACTION_SOURCE, source_id=start.route_id, route_kind=start.kind, due_on=start.due_on, now=start.now)
    Measure.objects.filter(pk=measure.pk).update(action_id=action.pk)
    measure.action_id = action.pk


def finish_route_action(measure: Measure, *, actor, now) -> None:
    """Report the route's action as the measure ends; left open when the actor may not report it."""
    from schakel.actions.models import Action, ActionStatus
    from schakel.actions.services import ActionError, report_back

    action = Action.objects.filter(pk=measure.action_id).first()
    if action is None or action.is_finished:
        return
    done = measure.status == MeasureStatus.DONE
    text = (_("Maatregel %(reference)s afgerond: %(outcome)s.") % {"reference": measure.reference,
                                                                   "outcome": measure.outcome_label}
            if done else _("Maatregel %(reference)s gestopt.") % {"reference": measure.reference})
    try:
        with transaction.atomic():
            report_back(actor=actor, action=action, status=ActionStatus.DONE if done else ActionStatus.NOT_DONE,
                        text=text, expected_version=action.version, now=now)
    except (PermissionDenied, ActionError):
        logger.info("route action %s of measure %s left for its owner to report", action.pk, measure.pk)


def register() -> None:
    from schakel.screening.routes import RouteKind, register_route

    register_route(RouteKind(
        key="administrative", label=gettext_lazy("Bestuurlijk"), order=30,
        owner_kinds=frozenset({OrganisationKind.MUNICIPALITY}), default_due_working_days=15,
        start=start_administrative_route,
        description=gettext_lazy("De gemeente werpt barrières op: een bestuurlijke beoordeling met vervolgmaatregelen "
                                 "(BRP-adresonderzoek, integrale controle, Bibob, sluiting, dwangsom).")),
        replace=True)
