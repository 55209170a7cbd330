"""Who may see linkage: focal officers their municipalities' matches; the chain director counts only."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from schakel.accounts.permissions import role_permission
from schakel.accounts.roles import Role

view_matches = role_permission(
    "linkage.view_matches", roles={Role.FOCAL_OFFICER},
    description=_("Koppelingen van signalen van de eigen gemeente zien (soort, andere gemeente, contactpersoon; "
                  "nooit de inhoud van het andere signaal), bevestigen, als geen match markeren en contact "
                  "aanvragen of beantwoorden"))

regional_picture = role_permission(
    "linkage.regional_picture", roles={Role.CHAIN_DIRECTOR},
    description=_("Het regionale beeld van koppelingen: aantallen per soort, zonder inhoud"))
