"""Zorgcoördinatie."""
from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "schakel.care"
    verbose_name = "Zorgcoördinatie"

    def ready(self) -> None:
        from . import home_panel  # noqa: F401  (start-page panels and menu items)
        from . import permissions  # noqa: F401  (registers the care permissions)
        from .retention import register as register_retention
        from .services.route import register as register_care_route

        register_retention()  # closed cases expire (decision 0075)

        # After screening in INSTALLED_APPS: replaces the built-in care route (decision 0072).
        register_care_route()
