"""Who may do what in the regional network: named predicates in the one permission table."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from schakel.accounts.permissions import has_permission, role_permission
from schakel.accounts.roles import Role

# The administrator holds no network permission of its own (accounts and organisations only, see
# tests/accounts/test_permissions.py): recording an officer's absence, handing over their work and
# seeing staffing follow from managing that officer's account (accounts.manage_users), checked by
# `permission_or_user_admin` and, per officer, by the services (users_administered_by).
ALL_ROLES = frozenset(Role.values) - {Role.ADMINISTRATOR}
USER_ADMIN = "accounts.manage_users"
NETWORK_ROLES = frozenset({Role.FOCAL_OFFICER, Role.CARE_COORDINATOR, Role.CHAIN_DIRECTOR, Role.PARTNER_MEMBER,
                           Role.POLICY_OFFICER})

role_permission("network.record_absence", roles={Role.FOCAL_OFFICER},
                description=_("Afwezigheid vastleggen met een vervanger (de eigen, of als beheerder die van een "
                              "aandachtsfunctionaris)"))
role_permission("network.hand_over", roles={Role.FOCAL_OFFICER},
                description=_("Al het open werk van een aandachtsfunctionaris in één stap overdragen aan een opvolger"))
role_permission("network.view_staffing", roles={Role.FOCAL_OFFICER, Role.CHAIN_DIRECTOR},
                description=_("De bezetting van aandachtsfunctionarissen per gemeente zien, met waarschuwingen"))
role_permission("network.read", roles=ALL_ROLES,
                description=_("De sociale kaart en de signaalwijzers van de eigen regio lezen"))
role_permission("network.edit_partners", roles={Role.CHAIN_DIRECTOR},
                description=_("De sociale kaart van de regio bijhouden en vermeldingen bevestigen"))
role_permission("network.edit_guides", roles={Role.CHAIN_DIRECTOR},
                description=_("De signaalwijzers per afdeling bewerken (elke wijziging is een nieuwe versie)"))
role_permission("network.read_bulletins", roles=NETWORK_ROLES,
                description=_("De trendbulletins van de regio lezen"))
role_permission("network.publish_bulletins", roles={Role.CHAIN_DIRECTOR},
                description=_("Het trendbulletin van de regio opstellen en versturen"))


def can(user, name: str, obj=None) -> bool:
    return has_permission(user, f"network.{name}", obj)


def allowed(user, name: str) -> bool:
    """`name`, or managing users (the administrator's way into the continuity pages)."""
    return has_permission(user, name) or has_permission(user, USER_ADMIN)


def permission_or_user_admin(name: str):
    """Like permission_required(name), also letting in an administrator who manages users."""
    from functools import wraps

    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request.user, name):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_permission = name
        return wrapper

    return decorator

role_permission("network.read_knowledge", roles=ALL_ROLES,
                description=_("De kennisbank van de regio lezen (wat voor de eigen rol bedoeld is)"))
role_permission("network.edit_knowledge", roles={Role.CHAIN_DIRECTOR},
                description=_("Documenten in de kennisbank zetten en nieuwe versies publiceren"))
role_permission("network.meetings", roles={Role.FOCAL_OFFICER, Role.CHAIN_DIRECTOR, Role.CARE_COORDINATOR},
                description=_("Netwerkbijeenkomsten en intervisie van de regio zien"))
role_permission("network.plan_meetings", roles={Role.FOCAL_OFFICER, Role.CHAIN_DIRECTOR},
                description=_("Netwerkbijeenkomsten plannen, aanwezigheid en verslag vastleggen (zonder casusgegevens)"))
