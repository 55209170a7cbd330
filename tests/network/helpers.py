"""Shared pieces of the network tests: a second focal officer of A1 (the backup)."""

from __future__ import annotations

import datetime

from schakel.accounts.roles import Role
from tests.factories import MembershipFactory, UserFactory

UTC = datetime.timezone.utc
MONDAY = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # Mon 2 March 2026


def second_officer(world, username="vervanger"):
    user = UserFactory(username=username, email=f"{username}@aadorp.example", first_name="Nadia",
                       last_name="Vervanger")
    MembershipFactory(user=user, organisation=world.organisations["a1"], role=Role.FOCAL_OFFICER)
    return user
