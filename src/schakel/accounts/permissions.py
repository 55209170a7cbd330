"""Named permissions: one registry, shown to administrators as a permission x role matrix.

Every app declares what a role may do in its own `permissions.py`:

    from schakel.accounts.permissions import role_permission
    view_signal = role_permission("signalling.view_signal", roles={Role.FOCAL_OFFICER},
                                  description=_("Signalen van de eigen gemeente bekijken"))

`role_permission` registers a `rules` permission (a predicate on the user's roles, optionally
combined with an object predicate) and one row of PERMISSION_TABLE, which the overview page
/beheer/rechten renders. Code asks `has_permission(user, name, obj)`; that goes through
`rules` directly, so a superuser flag grants nothing here (no bypass in domain code), and an
unknown permission name is an error rather than a silent refusal or grant.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils.translation import gettext_lazy as _

from .roles import Role
from .tenancy import scope_for


@dataclass(frozen=True)
class PermissionEntry:
    name: str
    roles: frozenset[str]
    description: str
    predicate: rules.Predicate

    @property
    def app_label(self) -> str:
        return self.name.split(".", 1)[0]

    def granted_to(self, role: str) -> bool:
        return role in self.roles


PERMISSION_TABLE: dict[str, PermissionEntry] = {}

# Headings of the overview page per app label; an app without one is shown by its label.
APP_HEADINGS: dict[str, str] = {
    "accounts": _("Gebruikers en rechten"),
    "organisations": _("Organisaties en regio's"),
    "privacy": _("Privacy en toegangslog"),
    "signalling": _("Signalen"),
    "screening": _("Screeningsoverleg"),
    "care": _("Zorgcoördinatie"),
    "measures": _("Bestuurlijke maatregelen"),
    "linkage": _("Koppelen van signalen"),
    "insights": _("Cijfers en evaluatie"),
    "policy": _("Beleid"),
    "api": _("API"),
}


def has_any_role(*roles: str) -> rules.Predicate:
    """A predicate true for a user holding at least one of `roles` through an active membership."""
    wanted = frozenset(roles)
    unknown = wanted - set(Role.values)
    if unknown:
        raise ImproperlyConfigured(f"unknown roles {sorted(unknown)}")

    def check(user) -> bool:
        return bool(scope_for(user).roles & wanted)

    return rules.predicate(check, name=f"has_any_role({', '.join(sorted(wanted))})")


def role_permission(
    name: str,
    *,
    roles: set[str] | frozenset[str],
    description: str,
    predicate: rules.Predicate | None = None,
) -> rules.Predicate:
    """Register permission `name` for `roles` (and `predicate`, if given, on the object)."""
    if "." not in name:
        raise ImproperlyConfigured(f"permission {name!r} must be named '<app>.<action>'")
    if name in PERMISSION_TABLE:
        raise ImproperlyConfigured(f"permission {name!r} registered twice")
    if not roles:
        raise ImproperlyConfigured(f"permission {name!r} must name at least one role")
    combined = has_any_role(*roles)
    if predicate is not None:
        combined = combined & predicate
    rules.add_perm(name, combined)
    PERMISSION_TABLE[name] = PermissionEntry(name=name, roles=frozenset(roles), description=description,
                                             predicate=combined)
    return combined


def has_permission(user, name: str, obj=None) -> bool:
    if name not in PERMISSION_TABLE:
        raise ImproperlyConfigured(f"permission {name!r} is not registered")
    return PERMISSION_TABLE[name].predicate.test(user, obj)


def permission_required(name: str, *, refusal: type[Exception] = PermissionDenied):
    """View decorator: anonymous users go to the login page, users without `name` get `refusal`.

    403 (PermissionDenied) for a page that is not for the role at all; Http404 where even the
    page's existence should not be confirmed.
    """
    if name not in PERMISSION_TABLE:
        raise ImproperlyConfigured(f"permission {name!r} is not registered")

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_permission(request.user, name):
                raise refusal
            return view(request, *args, **kwargs)

        wrapper.required_permission = name
        return wrapper

    return decorator


def permission_matrix() -> list[dict]:
    """The overview: per app a heading and rows of (entry, [granted per role in Role order])."""
    groups: dict[str, list[PermissionEntry]] = {}
    for entry in sorted(PERMISSION_TABLE.values(), key=lambda e: e.name):
        groups.setdefault(entry.app_label, []).append(entry)
    return [
        {
            "app_label": label,
            "heading": APP_HEADINGS.get(label, label),
            "rows": [{"entry": entry, "cells": [entry.granted_to(role) for role in Role.values]} for entry in entries],
        }
        for label, entries in groups.items()
    ]


# The permissions of this app and of the administration pages.
manage_users = role_permission(
    "accounts.manage_users", roles={Role.ADMINISTRATOR},
    description=_("Gebruikers aanmaken, wijzigen en deactiveren en hun rollen toekennen (binnen de eigen regio)"))
issue_api_tokens = role_permission(
    "accounts.issue_api_tokens", roles={Role.ADMINISTRATOR},
    description=_("API-sleutels uitgeven aan servicekoppelingen van ketenpartners"))
view_permission_overview = role_permission(
    "accounts.view_permission_overview", roles={Role.ADMINISTRATOR, Role.PRIVACY_OFFICER},
    description=_("Dit overzicht van rechten per rol bekijken"))
decide_membership_requests = role_permission(
    "accounts.decide_membership_requests", roles={Role.ADMINISTRATOR, Role.PRIVACY_OFFICER},
    description=_("Rolaanvragen met toegang tot persoonsgegevens goedkeuren of afwijzen (niet de eigen)"))
