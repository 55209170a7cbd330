"""Named permissions of organisations and regions (shown on /beheer/rechten)."""

from django.utils.translation import gettext_lazy as _

from schakel.accounts.permissions import role_permission
from schakel.accounts.roles import Role

manage_organisations = role_permission(
    "organisations.manage_organisations", roles={Role.ADMINISTRATOR},
    description=_("Organisaties aanmaken en wijzigen, met hun inlogkoppeling (binnen de eigen regio)"))
manage_regions = role_permission(
    "organisations.manage_regions", roles={Role.ADMINISTRATOR},
    description=_("Normtermijnen en extra sluitingsdagen van de eigen regio beheren; landelijk ook de indeling "
                  "van gemeenten in regio's"))
