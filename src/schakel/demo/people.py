"""The synthetic demo region: fictional municipalities, organisations and people.

Nothing here describes a real person or place. The municipalities have CBS-style codes in the
GM99xx range, which CBS does not use; the people have made-up names and example.org addresses.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from schakel.accounts.roles import Role
from schakel.organisations.models import OrganisationKind

# Documented in README.md and printed by `make run`; long enough for the validators (12+).
DEMO_PASSWORD = "demo-wachtwoord-2026"
EMAIL_DOMAIN = "example.org"

REGION_NAME = "Demoregio Oost"
REGION_SLUG = "demoregio-oost"
PROVINCE = "Demoprovincie"
POPULATION_DATE = datetime.date(2026, 1, 1)
POPULATION_SOURCE = "Fictief (demogegevens)"


@dataclass(frozen=True)
class DemoMunicipality:
    cbs_code: str
    name: str
    inhabitants: int


MUNICIPALITIES = (
    DemoMunicipality("GM9901", "Demodorp", 24_310),
    DemoMunicipality("GM9902", "Voorbeeldstad", 61_845),
    DemoMunicipality("GM9903", "Proefwijk", 17_492),
    DemoMunicipality("GM9904", "Oefenveen", 33_078),
)


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    kind: str


# Regional organisations; each municipality also gets "Gemeente <name>", keyed by its CBS code.
ORGANISATIONS = (
    DemoOrganisation("region_office", "Regiobureau Demoregio Oost", OrganisationKind.REGION_OFFICE),
    DemoOrganisation("police", "Politie Demoregio Oost – AVIM", OrganisationKind.POLICE),
    DemoOrganisation("labour_inspectorate", "Nederlandse Arbeidsinspectie – team Demoregio Oost",
                     OrganisationKind.LABOUR_INSPECTORATE),
    DemoOrganisation("veilig_thuis", "Veilig Thuis Demoregio Oost", OrganisationKind.VEILIG_THUIS),
    DemoOrganisation("shelter", "Opvang De Schuilhaven (demo)", OrganisationKind.SHELTER),
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    organisation: str  # an ORGANISATIONS key or a municipality's CBS code
    backup: str = ""  # username of the backup officer
    acts_for: tuple[str, ...] = ()  # CBS codes, for a regional focal officer


# One user for every role, in the order they are printed; names are invented.
DEMO_USERS = (
    DemoUser("demo-melder", "Iris", "Vosselman", Role.REPORTER, "GM9901"),
    DemoUser("demo-af", "Ruben", "Hoekstra-Bal", Role.FOCAL_OFFICER, "GM9901", backup="demo-af-vervanger"),
    DemoUser("demo-af-vervanger", "Nadia", "El Morabiti-Post", Role.FOCAL_OFFICER, "GM9901", backup="demo-af"),
    DemoUser("demo-af-voorbeeldstad", "Joost", "van Dalfsen-Kroeze", Role.FOCAL_OFFICER, "GM9902"),
    DemoUser("demo-af-regionaal", "Marieke", "Stoelinga", Role.FOCAL_OFFICER, "region_office",
             acts_for=("GM9903", "GM9904")),
    DemoUser("demo-zorgcoordinator", "Esther", "Wijnbergen", Role.CARE_COORDINATOR, "region_office"),
    DemoUser("demo-ketenregisseur", "Bas", "Kortenhoeve", Role.CHAIN_DIRECTOR, "region_office"),
    DemoUser("demo-ketenpartner", "Sander", "Lubbinge", Role.PARTNER_MEMBER, "police"),
    DemoUser("demo-arbeidsinspectie", "Fatma", "Yildirim-Berends", Role.PARTNER_MEMBER, "labour_inspectorate"),
    DemoUser("demo-opvang", "Linda", "Oudemolen", Role.PARTNER_MEMBER, "shelter"),
    DemoUser("demo-beleid", "Pieter", "Zandbergen", Role.POLICY_OFFICER, "GM9901"),
    DemoUser("demo-beheerder", "Anouk", "Terpstra-Vliet", Role.ADMINISTRATOR, "region_office"),
    DemoUser("demo-privacy", "Hanneke", "Dijkgraaf-Smit", Role.PRIVACY_OFFICER, "GM9901"),
)


def email_for(username: str) -> str:
    return f"{username}@{EMAIL_DOMAIN}"
