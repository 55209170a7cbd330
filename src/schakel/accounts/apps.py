from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "schakel.accounts"
    verbose_name = _("Accounts en rollen")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the login signals)

        # Every app's permissions.py registers its named permissions in one table.
        autodiscover_modules("permissions")

        from schakel.web.home import register_panel

        from .panels import build_membership_requests_panel
        from .roles import Role

        register_panel("accounts.membership_requests", roles={Role.ADMINISTRATOR, Role.PRIVACY_OFFICER},
                       build=build_membership_requests_panel)
