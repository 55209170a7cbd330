"""Who may do what with actions: named predicates in the one permission table.

An action is worked on (accepted, reported back) by the members of its owner organisation: a
partner member (police, labour inspectorate, ...), or a focal officer or care coordinator when
their own organisation owns it (a municipality's barrier, a care route). Following an action
(seeing it on the signal page) is the focal officer's of the signal's municipality.
"""

from __future__ import annotations

import rules
from django.utils.translation import gettext_lazy as _

from schakel.accounts.permissions import has_permission, role_permission
from schakel.accounts.roles import Role
from schakel.accounts.tenancy import scope_for

from .models import OWNER_ROLES

# The roles whose own organisation can own an action and act on it.
WORK_ROLES = frozenset(OWNER_ROLES)


def working_organisations(user) -> frozenset[int]:
    """The organisations through which the user works on actions."""
    scope = scope_for(user)
    return frozenset().union(*(scope.organisations_for(role) for role in WORK_ROLES))


@rules.predicate
def member_of_owner(user, action) -> bool:
    """The user works for the action's owner organisation (true without an object: role check only)."""
    if action is None:
        return True
    return action.owner_organisation_id in working_organisations(user)


@rules.predicate
def follows_signal_of(user, action) -> bool:
    if action is None:
        return True
    return action.municipality_id in scope_for(user).municipalities_for(Role.FOCAL_OFFICER)


work_on_actions = role_permission(
    "actions.work_on", roles=WORK_ROLES, predicate=member_of_owner,
    description=_("Acties van de eigen organisatie zien ('Mijn acties'), oppakken en terugmelden "
                  "met een uitkomst, ook via de API"))

follow_actions = role_permission(
    "actions.follow", roles={Role.FOCAL_OFFICER}, predicate=follows_signal_of,
    description=_("De acties van een signaal van de eigen gemeente volgen: wie, status, opgepakt, uitkomst"))


def can_work_on(user, action=None) -> bool:
    return has_permission(user, "actions.work_on", action)


def can_follow(user, action=None) -> bool:
    return has_permission(user, "actions.follow", action)
