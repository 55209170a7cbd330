"""The menu item 'Netwerk' and the start-page panel for a backup (registered in NetworkConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.web.navigation import register_nav_item

register_nav_item("network.index", label=_("Netwerk"), url_name="network:index", roles=set(Role.values), order=80)
