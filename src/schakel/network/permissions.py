"""Who may do what in the regional network: named predicates in the one permission table."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from schakel.accounts.permissions import has_permission, role_permission
from schakel.accounts.roles import Role

ALL_ROLES = frozenset(Role.values)
NETWORK_ROLES = frozenset({Role.FOCAL_OFFICER, Role.CARE_COORDINATOR, Role.CHAIN_DIRECTOR, Role.PARTNER_MEMBER,
                           Role.POLICY_OFFICER})

role_permission("network.record_absence", roles={Role.FOCAL_OFFICER, Role.ADMINISTRATOR},
                description=_("Afwezigheid vastleggen met een vervanger (de eigen, of als beheerder die van een "
                              "aandachtsfunctionaris)"))
role_permission("network.hand_over", roles={Role.FOCAL_OFFICER, Role.ADMINISTRATOR},
                description=_("Al het open werk van een aandachtsfunctionaris in één stap overdragen aan een opvolger"))
role_permission("network.view_staffing", roles={Role.FOCAL_OFFICER, Role.ADMINISTRATOR, Role.CHAIN_DIRECTOR},
                description=_("De bezetting van aandachtsfunctionarissen per gemeente zien, met waarschuwingen"))
role_permission("network.read", roles=ALL_ROLES,
                description=_("De sociale kaart en de signaalwijzers van de eigen regio lezen"))
role_permission("network.edit_partners", roles={Role.CHAIN_DIRECTOR, Role.ADMINISTRATOR},
                description=_("De sociale kaart van de regio bijhouden en vermeldingen bevestigen"))
role_permission("network.edit_guides", roles={Role.CHAIN_DIRECTOR},
                description=_("De signaalwijzers per afdeling bewerken (elke wijziging is een nieuwe versie)"))
role_permission("network.read_bulletins", roles=NETWORK_ROLES,
                description=_("De trendbulletins van de regio lezen"))
role_permission("network.publish_bulletins", roles={Role.CHAIN_DIRECTOR},
                description=_("Het trendbulletin van de regio opstellen en versturen"))


def can(user, name: str, obj=None) -> bool:
    return has_permission(user, f"network.{name}", obj)

role_permission("network.read_knowledge", roles=ALL_ROLES,
                description=_("De kennisbank van de regio lezen (wat voor de eigen rol bedoeld is)"))
role_permission("network.edit_knowledge", roles={Role.CHAIN_DIRECTOR},
                description=_("Documenten in de kennisbank zetten en nieuwe versies publiceren"))
role_permission("network.meetings", roles={Role.FOCAL_OFFICER, Role.CHAIN_DIRECTOR, Role.CARE_COORDINATOR},
                description=_("Netwerkbijeenkomsten en intervisie van de regio zien"))
role_permission("network.plan_meetings", roles={Role.FOCAL_OFFICER, Role.CHAIN_DIRECTOR},
                description=_("Netwerkbijeenkomsten plannen, aanwezigheid en verslag vastleggen (zonder casusgegevens)"))
