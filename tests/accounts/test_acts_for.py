"""The acts-for rule: a membership that acts for municipalities covers exactly those, not also its
organisation's own municipality (a regional officer for two villages is not the town's officer too)."""

import pytest

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import forget_scope, scope_for
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_acting_for_other_municipalities_replaces_the_organisations_own(world):
    officer = UserFactory(username="acts_for_a2")
    membership = MembershipFactory(user=officer, organisation=world.organisations["a1"], role=Role.FOCAL_OFFICER)
    membership.acts_for.set([world.a2])
    forget_scope(officer)
    assert scope_for(officer).municipalities_for(Role.FOCAL_OFFICER) == frozenset({world.a2.pk})


def test_without_acts_for_the_organisations_own_municipality_is_covered(world):
    assert scope_for(world.user("focal_officer")).municipalities_for(Role.FOCAL_OFFICER) == frozenset({world.a1.pk})


def test_a_region_office_officer_acting_for_two_municipalities_covers_just_those(world):
    officer = UserFactory(username="regional_officer")
    membership = MembershipFactory(user=officer, organisation=world.organisations["region_a"], role=Role.FOCAL_OFFICER)
    membership.acts_for.set([world.a1, world.a2])
    forget_scope(officer)
    assert scope_for(officer).municipalities_for(Role.FOCAL_OFFICER) == frozenset({world.a1.pk, world.a2.pk})
