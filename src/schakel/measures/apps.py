"""Bestuurlijke maatregelen."""
from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "schakel.measures"
    verbose_name = "Bestuurlijke maatregelen"

    def ready(self) -> None:
        from schakel.privacy.files import register_file_owner

        from . import erasure, home_panel, permissions, route, signal_section  # noqa: F401
        from .catalogue import measure_types
        from .models import MeasureDocument

        measure_types()  # a types file that does not pass its schema stops the start, not a page later
        home_panel.register()
        signal_section.register()
        # A document is downloadable exactly when its measure is readable (Bibob: the people on it).
        register_file_owner(MeasureDocument)
        route.register()
        erasure.register()
