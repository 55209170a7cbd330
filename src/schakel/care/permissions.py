"""Who may do what in care coordination: named predicates in the one permission table.

The care coordinator works on the care cases of their region; a partner member answers the
referrals addressed to their organisation while those are open. Everyone else: 403 on the pages,
and a case outside your region is a 404 (tenancy).
"""

from __future__ import annotations

import rules
from django.utils.translation import gettext_lazy as _

from schakel.accounts.permissions import has_permission, role_permission
from schakel.accounts.roles import Role
from schakel.accounts.tenancy import scope_for


@rules.predicate
def coordinates_case(user, case) -> bool:
    """A care coordinator of the case's region (true without an object: role check only)."""
    if case is None:
        return True
    return case.region_id in scope_for(user).regions_for(Role.CARE_COORDINATOR)


@rules.predicate
def receives_referral(user, referral) -> bool:
    if referral is None:
        return True
    return referral.is_open and referral.organisation_id in scope_for(user).organisations_for(Role.PARTNER_MEMBER)


work_on_cases = role_permission(
    "care.work_on_cases", roles={Role.CARE_COORDINATOR}, predicate=coordinates_case,
    description=_("Zorgtrajecten van de eigen regio: caseload, cliënt aanmelden, hulpvragen, opvang, bedenktijd, "
                  "verwijzingen, contacten, afsluiten en de CoMensha-registratie"))

answer_referrals = role_permission(
    "care.answer_referrals", roles={Role.PARTNER_MEMBER}, predicate=receives_referral,
    description=_("Verwijzingen van de zorgcoördinator aan de eigen organisatie zien (alleen wat gedeeld is) en "
                  "beantwoorden, zolang ze open zijn"))


def can_work_on(user, case=None) -> bool:
    return has_permission(user, "care.work_on_cases", case)


def can_answer(user, referral=None) -> bool:
    return has_permission(user, "care.answer_referrals", referral)


see_caseload_hours = role_permission(
    "care.see_caseload_hours", roles={Role.CARE_COORDINATOR, Role.CHAIN_DIRECTOR},
    description=_("Caseload en contacturen van de regio per maand naast de gecontracteerde uren zien (alleen "
                  "aantallen)"))

set_contracted_hours = role_permission(
    "care.set_contracted_hours", roles={Role.CHAIN_DIRECTOR},
    description=_("De gecontracteerde uren zorgcoördinatie van de eigen regio vastleggen"))


def hours_regions(user) -> list[int]:
    """The regions whose caseload and hours the user sees: as care coordinator or as chain director."""
    scope = scope_for(user)
    return sorted(scope.regions_for(Role.CARE_COORDINATOR) | scope.regions_for(Role.CHAIN_DIRECTOR))
