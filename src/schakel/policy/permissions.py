"""Who may use the policy instruments, and for which municipalities and regions.

The policy officer (beleidsmedewerker) keeps the instruments of their own municipality: the
municipality of their organisation, or those it acts for; a policy officer of a regional
organisation (a region office) keeps those of every municipality of the region. The chain
director (ketenregisseur) keeps the region's. Both see the region's aggregates (the matrix, the
funding table). Nothing here shows a person: aggregates only (DOMAIN.md).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from schakel.accounts.permissions import has_permission, role_permission
from schakel.accounts.roles import Role
from schakel.accounts.tenancy import active_memberships, scope_for

POLICY_ROLES = frozenset({Role.POLICY_OFFICER, Role.CHAIN_DIRECTOR})

use_policy = role_permission(
    "policy.use", roles=POLICY_ROLES,
    description=_("Beleidsinstrumenten gebruiken: uitvoeringsplan, trainingen, zelfevaluatie VNG Kader en "
                  "financiering zorgcoördinatie (alleen geaggregeerde gegevens)"))

apply_profiles = role_permission(
    "policy.apply_profiles", roles={Role.ADMINISTRATOR},
    description=_("Een regioprofiel toepassen (aandachtsfunctionarissen, overleg, uren en tarieven "
                  "zorgcoördinatie, sjabloon uitvoeringsplan)"))


def can_use(user) -> bool:
    return has_permission(user, "policy.use")


def region_ids(user) -> frozenset[int]:
    """The regions whose aggregates the user sees and whose regional records they keep."""
    scope = scope_for(user)
    return frozenset().union(*(scope.regions_for(role) for role in POLICY_ROLES))


def municipality_ids(user) -> frozenset[int]:
    """The municipalities whose plans, trainings and self-assessments the user keeps."""
    scope = scope_for(user)
    ids = set(scope.municipalities_for(Role.CHAIN_DIRECTOR))
    for membership in active_memberships(user):
        if membership.role != Role.POLICY_OFFICER or not membership.organisation.active:
            continue
        acting = {m.pk for m in membership.acting_municipalities}
        if acting:
            ids |= acting
        elif membership.organisation.municipality_id:
            ids.add(membership.organisation.municipality_id)
        else:  # a regional organisation: the whole region
            ids |= scope.municipalities_for(Role.POLICY_OFFICER)
    return frozenset(ids)
