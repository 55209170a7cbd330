"""A registry of home-page panels: each app registers what needs a role's attention."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from schakel.accounts.tenancy import Scope


@dataclass(frozen=True)
class Panel:
    key: str
    roles: frozenset[str]
    build: Callable  # (request, scope) -> dict with "title", "template" and context


_PANELS: dict[str, Panel] = {}


def register_panel(key: str, *, roles: set[str], build: Callable) -> None:
    if key in _PANELS:
        raise ValueError(f"home panel {key!r} registered twice")
    _PANELS[key] = Panel(key=key, roles=frozenset(roles), build=build)


def panels_for(request, scope: Scope) -> list[dict]:
    return [panel.build(request, scope) for panel in _PANELS.values() if panel.roles & scope.roles]
