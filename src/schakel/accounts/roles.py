"""The roles of DOMAIN.md, and which of them see personal data (and so need two factors)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REPORTER = "reporter", _("Melder")
    FOCAL_OFFICER = "focal_officer", _("Aandachtsfunctionaris")
    CARE_COORDINATOR = "care_coordinator", _("Zorgcoördinator")
    CHAIN_DIRECTOR = "chain_director", _("Ketenregisseur")
    PARTNER_MEMBER = "partner_member", _("Ketenpartner")
    POLICY_OFFICER = "policy_officer", _("Beleidsmedewerker")
    ADMINISTRATOR = "administrator", _("Functioneel beheerder")
    PRIVACY_OFFICER = "privacy_officer", _("Privacyfunctionaris")


# Roles that can open records with personal data about victims, suspects or crime.
# Every one of them must log in with a second factor (DOMAIN.md, "Strong login").
# The reporter only writes and sees arrival status; the policy officer sees aggregates;
# the administrator manages accounts, which are personal data too, so it is included.
PERSONAL_DATA_ROLES = frozenset({
    Role.FOCAL_OFFICER,
    Role.CARE_COORDINATOR,
    Role.CHAIN_DIRECTOR,
    Role.PARTNER_MEMBER,
    Role.ADMINISTRATOR,
    Role.PRIVACY_OFFICER,
})

# Roles whose scope is a whole region rather than the municipality of the organisation.
REGIONAL_ROLES = frozenset({Role.CARE_COORDINATOR, Role.CHAIN_DIRECTOR, Role.POLICY_OFFICER})
