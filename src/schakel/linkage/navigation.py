"""The menu items of linkage."""

from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role


def register() -> None:
    from schakel.web.navigation import register_nav_item

    register_nav_item("linkage.matches", label=_("Koppelingen"), url_name="linkage:list",
                      roles={Role.FOCAL_OFFICER}, order=45)
    register_nav_item("linkage.region", label=_("Koppelingen in de regio"), url_name="linkage:region",
                      roles={Role.CHAIN_DIRECTOR}, order=46)
