"""Who may read the access log, export it, and use emergency access (break the glass).

Registered in the one permission table (shown on the permission overview page). The privacy
pages answer 404, not 403, to everyone else: their existence is no business of other roles.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from schakel.accounts.permissions import has_permission, permission_required, role_permission
from schakel.accounts.roles import Role

BREAK_GLASS_ROLES = frozenset({Role.FOCAL_OFFICER, Role.CARE_COORDINATOR, Role.CHAIN_DIRECTOR})

view_access_log = role_permission(
    "privacy.view_access_log", roles={Role.PRIVACY_OFFICER},
    description=_("Het toegangslog van de eigen organisatie, gemeente of regio doorzoeken en bekijken"))
export_access_log = role_permission(
    "privacy.export_access_log", roles={Role.PRIVACY_OFFICER},
    description=_("Het toegangslog als CSV exporteren (de export wordt zelf gelogd)"))
use_break_glass = role_permission(
    "privacy.break_glass", roles=set(BREAK_GLASS_ROLES),
    description=_("Noodtoegang: met opgave van reden twee uur een gegeven buiten de eigen bevoegdheid openen "
                  "(gemeld aan de privacyfunctionaris)"))


def can_read_access_log(user) -> bool:
    return has_permission(user, "privacy.view_access_log")


def can_export_access_log(user) -> bool:
    return has_permission(user, "privacy.export_access_log")


def can_break_glass(user) -> bool:
    return has_permission(user, "privacy.break_glass")


def permission_or_404(name: str):
    """View decorator: anonymous users go to the login page, users without `name` get 404."""
    return permission_required(name, refusal=Http404)


use_desk = role_permission(
    "privacy.desk", roles={Role.PRIVACY_OFFICER},
    description=_("Het privacybureau: noodtoegang van anderen beëindigen, opvallende toegang controleren, "
                  "bewaartermijnen, bewaarplicht, verwerkingsregister en verzoeken van betrokkenen"))
