"""Who may do what with measures: named predicates in the one permission table."""

from __future__ import annotations

import rules
from django.utils.translation import gettext_lazy as _

from schakel.accounts.permissions import has_permission, role_permission
from schakel.accounts.roles import Role
from schakel.accounts.tenancy import scope_for

from .models import NAMED_ROLES, local_municipalities


@rules.predicate
def works_in_municipality(user, measure) -> bool:
    """A focal officer of the measure's municipality, or someone on it who works there (no object: role only)."""
    if measure is None:
        return True
    scope = scope_for(user)
    if measure.municipality_id in scope.municipalities_for(Role.FOCAL_OFFICER) and not measure.secret:
        return True
    return (measure.municipality_id in local_municipalities(scope)
            and measure.people.filter(user_id=user.pk).exists())


# Named people on a measure hold a municipal role (models.NAMED_ROLES); the page itself decides by
# the tenancy scope (404 when not on it).
MUNICIPAL_ROLES = set(NAMED_ROLES)

work_on_measures = role_permission(
    "measures.work_on_measures", roles={Role.FOCAL_OFFICER},
    description=_("Bestuurlijke maatregelen van de eigen gemeente vastleggen, het register per adres en bedrijf "
                  "en het overzicht bekijken"))

edit_measure = role_permission(
    "measures.edit_measure", roles=MUNICIPAL_ROLES, predicate=works_in_municipality,
    description=_("Een maatregel bijwerken waarop men staat (ook een Bibob-toets, die alleen de betrokkenen lezen)"))

view_measure_counts = role_permission(
    "measures.view_measure_counts", roles={Role.CHAIN_DIRECTOR, Role.FOCAL_OFFICER, Role.POLICY_OFFICER},
    description=_("Aantallen maatregelen per gemeente, soort en jaar zien (zonder inhoud of namen)"))


def can_work_on_measures(user) -> bool:
    return has_permission(user, "measures.work_on_measures")


def can_edit(user, measure) -> bool:
    return has_permission(user, "measures.edit_measure", measure)


def can_view_counts(user) -> bool:
    return has_permission(user, "measures.view_measure_counts")
