"""Who may do what with signals: named predicates, registered in the one permission table."""

from __future__ import annotations

import rules
from django.utils.translation import gettext_lazy as _

from schakel.accounts.permissions import has_permission, role_permission
from schakel.accounts.roles import Role
from schakel.accounts.tenancy import scope_for


@rules.predicate
def handles_signal(user, signal) -> bool:
    """The user is a focal officer of the signal's municipality (true without an object: role check only)."""
    if signal is None:
        return True
    return signal.municipality_id in scope_for(user).municipalities_for(Role.FOCAL_OFFICER)


triage_signals = role_permission(
    "signalling.triage", roles={Role.FOCAL_OFFICER}, predicate=handles_signal,
    description=_("Signalen van de eigen gemeente beoordelen: inbox, zoeken, signaal openen, toewijzen, "
                  "doorverwijzen, samenvoegen, aanvullen, op de agenda zetten en afsluiten"))

view_reporter_identity = role_permission(
    "signalling.view_reporter_identity", roles={Role.FOCAL_OFFICER}, predicate=handles_signal,
    description=_("De identiteit en contactgegevens van de melder zien (alleen de aandachtsfunctionaris)"))


def can_triage(user, signal=None) -> bool:
    return has_permission(user, "signalling.triage", signal)


def can_see_reporter(user, signal) -> bool:
    return has_permission(user, "signalling.view_reporter_identity", signal)
