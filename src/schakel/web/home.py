"""A registry of home-page panels: each app registers what needs a role's attention.

`register_panel("signalling.inbox", roles={Role.FOCAL_OFFICER}, build=build)` in an app's
`AppConfig.ready()`. `build(request, scope)` returns a dict with "title" (shown as the panel's
heading by the home page), "template" (the panel's body, without that heading) and any context
the template needs, or None to show nothing now; the panel is shown to users holding at least one of `roles`.
Panels appear in registration order; a duplicate key fails at start-up.
"""

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
    built = []
    for panel in _PANELS.values():
        if panel.roles & scope.roles:
            content = panel.build(request, scope)
            if content is not None:  # a panel may have nothing to say right now
                built.append({"key": panel.key.replace(".", "-"), **content})
    return built


def roles_without_work(scope: Scope) -> list[str]:
    """The user's roles for which no app offers a start-page panel of that role's own work (a
    panel for every role, such as "Signaal melden", does not count): for those the start page
    says honestly that their work is not in Schakel yet, instead of promising it."""
    from schakel.accounts.roles import Role

    every_role = frozenset(role.value for role in Role)
    served = set()
    for panel in _PANELS.values():
        if panel.roles != every_role:
            served |= panel.roles
    return [Role(role).label for role in Role if role in scope.roles and role not in served]
