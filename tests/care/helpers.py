"""Building blocks for the care tests: a case opened through the service, a shelter, a coordinator elsewhere."""

from __future__ import annotations

import datetime

from schakel.accounts.roles import Role
from schakel.care.models import Residence
from schakel.care.services.cases import ClientData, open_case
from schakel.organisations.models import OrganisationKind
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # Monday 2 March 2026
TODAY = datetime.date(2026, 3, 2)


def coordinator(world):
    return world.user("care_coordinator")


def client(**overrides) -> ClientData:
    values = {"name": "Ana Popescu-Test", "date_of_birth": datetime.date(2001, 6, 15), "gender": "female",
              "nationality": "NG", "languages": "Engels", "interpreter_needed": True,
              "residence": Residence.THIRD_COUNTRY_UNLAWFUL, "forms": ["sexual"]}
    values.update(overrides)
    return ClientData(**values)


def new_case(world, *, actor=None, opened_on=TODAY, now=NOW, **overrides):
    return open_case(actor=actor or coordinator(world), client=client(**overrides), municipality=world.a1,
                     referrer="police", opened_on=opened_on, now=now)


def shelter_member(world, *, name="Opvang A (COSM)"):
    shelter = OrganisationFactory(name=name, kind=OrganisationKind.SHELTER, region=world.region_a)
    user = UserFactory(username=f"opvang-{shelter.pk}")
    MembershipFactory(user=user, organisation=shelter, role=Role.PARTNER_MEMBER)
    return shelter, user


def coordinator_of_region_b(world):
    office = OrganisationFactory(name="Regiobureau B", kind=OrganisationKind.REGION_OFFICE, region=world.region_b)
    user = UserFactory(username="care_coordinator_b")
    MembershipFactory(user=user, organisation=office, role=Role.CARE_COORDINATOR)
    return user
