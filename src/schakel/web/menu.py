"""Menu items of the shell itself: administration and the access log, so the administrator and
the privacy officer find their work from every page (not only from the start page)."""

from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role

from .navigation import register_nav_item

register_nav_item("web.administration", label=_("Beheer"), url_name="administration:index",
                  roles={Role.ADMINISTRATOR, Role.PRIVACY_OFFICER}, order=80)
register_nav_item("web.access_log", label=_("Toegangslog"), url_name="privacy:access_log",
                  roles={Role.PRIVACY_OFFICER}, order=85)
