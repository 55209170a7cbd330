"""The route registry: what the screening table can decide for a signal (issue 13, decision 0072).

Each kind of route is a small plugin with a typed contract: which organisations may own it
(`owner_kinds`, OrganisationKind values; empty: the route has no owner), its default due date in
working days, and `start(RouteStart)`, which creates what the route creates. The built-in routes
create one action through `schakel.actions.services.create_action` with source "screening.route"
and the route's id, so the action's completion marks the route done (screening's listener).

The care and barrier apps replace a built-in route with `register_route(..., replace=True)` in
their `AppConfig.ready()`; a replacement must still create at least one action with that source and
source id, so the route's completion keeps working.

Two built-in kinds create nothing: "monitor" (the signal comes back on the agenda on the route's
due date) and "none" (no further action: the decision closes the signal with a close reason chosen
at the table). The screening services give those two their meaning.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from schakel.organisations.models import OrganisationKind

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.organisations.models import Organisation
    from schakel.signalling.models import Signal

ACTION_SOURCE = "screening.route"

MONITOR = "monitor"
NONE = "none"


@dataclass(frozen=True)
class RouteStart:
    route_id: int              # screening Route row
    kind: str
    signal: Signal
    owner_organisation: Organisation | None
    note: str
    due_on: datetime.date
    meeting_id: int | None
    actor: User
    now: datetime.datetime


@dataclass(frozen=True)
class RouteKind:
    key: str                   # "care", "criminal", "administrative", "riec", "labour_inspectorate",
                               # "veilig_thuis", "monitor", "none"
    label: str                 # gettext_lazy, Dutch
    order: int
    owner_kinds: frozenset[str]    # OrganisationKind values the table may choose as owner; empty: no owner
    default_due_working_days: int
    start: Callable[[RouteStart], None]   # create what the route creates
    description: str = ""

    @property
    def needs_owner(self) -> bool:
        return bool(self.owner_kinds)


class UnknownRoute(LookupError):
    pass


class RouteAlreadyRegistered(ValueError):
    pass


_routes: dict[str, RouteKind] = {}


def register_route(kind: RouteKind, *, replace: bool = False) -> None:
    if kind.key in _routes and not replace:
        raise RouteAlreadyRegistered(f"route kind {kind.key!r} is already registered; pass replace=True")
    _routes[kind.key] = kind


def route_kinds() -> list[RouteKind]:
    return sorted(_routes.values(), key=lambda k: (k.order, k.key))


def get_route(key: str) -> RouteKind:
    try:
        return _routes[key]
    except KeyError:
        raise UnknownRoute(key) from None


# --- the built-in routes ---------------------------------------------------------------------------

# What the action asks, by route kind; a plain title without personal data (it shows in inboxes and mail).
_ACTION_TITLES = {
    "care": _("Zorg en opvang regelen (besluit screeningsoverleg)"),
    "criminal": _("Strafrechtelijk onderzoek beoordelen (besluit screeningsoverleg)"),
    "administrative": _("Bestuurlijke aanpak uitvoeren (besluit screeningsoverleg)"),
    "riec": _("RIEC-casus beoordelen (besluit screeningsoverleg)"),
    "labour_inspectorate": _("Inspectie door de Arbeidsinspectie beoordelen (besluit screeningsoverleg)"),
    "veilig_thuis": _("Melding bij Veilig Thuis oppakken (besluit screeningsoverleg)"),
}


def create_route_action(start: RouteStart) -> None:
    """The built-in `start`: one action for the owner organisation, linked to the route."""
    from schakel.actions.services import create_action

    create_action(
        actor=start.actor, signal=start.signal, owner_organisation=start.owner_organisation,
        title=str(_ACTION_TITLES.get(start.kind, _("Besluit van het screeningsoverleg uitvoeren"))),
        source=ACTION_SOURCE, source_id=start.route_id, route_kind=start.kind,
        due_on=start.due_on, instructions=start.note, now=start.now)


def _nothing_to_start(start: RouteStart) -> None:
    """Monitor and no-further-action create no action; the screening services handle them."""


K = OrganisationKind
BUILT_IN = (
    RouteKind(key="care", label=_("Zorg"), order=10,
              owner_kinds=frozenset({K.CARE_PROVIDER, K.MUNICIPALITY}), default_due_working_days=10,
              start=create_route_action,
              description=_("Naar de zorgcoördinator of een zorgaanbieder: opvang, hulp en begeleiding.")),
    RouteKind(key="criminal", label=_("Strafrechtelijk"), order=20,
              owner_kinds=frozenset({K.POLICE, K.KMAR, K.PROSECUTION}), default_due_working_days=10,
              start=create_route_action,
              description=_("Naar de politie (AVIM), de Koninklijke Marechaussee of het Openbaar Ministerie.")),
    RouteKind(key="administrative", label=_("Bestuurlijk"), order=30,
              owner_kinds=frozenset({K.MUNICIPALITY}), default_due_working_days=15,
              start=create_route_action,
              description=_("De gemeente werpt barrières op: vergunningen, handhaving, Bibob.")),
    RouteKind(key="riec", label=_("RIEC-casus"), order=40,
              owner_kinds=frozenset({K.RIEC}), default_due_working_days=20,
              start=create_route_action,
              description=_("Een integrale casus bij het Regionaal Informatie- en Expertisecentrum.")),
    RouteKind(key="labour_inspectorate", label=_("Arbeidsinspectie"), order=50,
              owner_kinds=frozenset({K.LABOUR_INSPECTORATE}), default_due_working_days=15,
              start=create_route_action,
              description=_("Naar de Nederlandse Arbeidsinspectie (NLA).")),
    RouteKind(key="veilig_thuis", label=_("Veilig Thuis"), order=60,
              owner_kinds=frozenset({K.VEILIG_THUIS}), default_due_working_days=5,
              start=create_route_action,
              description=_("Naar Veilig Thuis, bij huiselijk geweld of kindermishandeling.")),
    RouteKind(key=MONITOR, label=_("Monitoren"), order=70,
              owner_kinds=frozenset(), default_due_working_days=30,
              start=_nothing_to_start,
              description=_("Geen actie nu; het signaal komt op de vervaldatum terug op de agenda.")),
    RouteKind(key=NONE, label=_("Geen verdere actie"), order=80,
              owner_kinds=frozenset(), default_due_working_days=0,
              start=_nothing_to_start,
              description=_("Het signaal wordt afgesloten met een reden die het overleg kiest.")),
)
del K

for _kind in BUILT_IN:
    register_route(_kind)
del _kind
