from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "schakel.privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from schakel.accounts.roles import Role
        from schakel.web.home import register_panel

        from . import checks, permissions, triggers  # noqa: F401  (registers checks and permissions)
        from schakel.web.navigation import register_nav_item

        from .panels import build_desk_panel, build_flagged_panel
        from .schedules import ensure_seal_schedule_after_migrate

        # SQLite drops a table's triggers when a migration rebuilds it: put them back after migrate.
        post_migrate.connect(triggers.ensure_installed, sender=self, dispatch_uid="privacy-append-only-triggers")
        # The worker seals the access log every minute (decision 0068).
        post_migrate.connect(ensure_seal_schedule_after_migrate, sender=self,
                             dispatch_uid="privacy-seal-access-log-schedule")
        register_panel("privacy.flagged", roles={Role.PRIVACY_OFFICER}, build=build_flagged_panel)
        register_panel("privacy.desk", roles={Role.PRIVACY_OFFICER}, build=build_desk_panel)
        register_nav_item("privacy.desk", label=_("Privacybureau"), url_name="privacy:desk",
                          roles={Role.PRIVACY_OFFICER}, order=80)
