"""Administrators for the administration tests: region A's administrator from the world, and a national one."""

from __future__ import annotations

import pytest

from schakel.accounts.roles import Role
from schakel.organisations.models import OrganisationKind
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def admin_a(world):
    """The administrator of region office A: manages region A's organisations and people only."""
    return world.user(Role.ADMINISTRATOR)


@pytest.fixture
def national_admin(world):
    organisation = OrganisationFactory(name="Landelijk beheer", kind=OrganisationKind.OTHER)
    user = UserFactory(username="landelijk")
    MembershipFactory(user=user, organisation=organisation, role=Role.ADMINISTRATOR)
    return user


@pytest.fixture
def admin_client(login, admin_a):
    return login(admin_a)
