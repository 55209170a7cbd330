from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "schakel.screening"
    verbose_name = "Screeningsoverleg"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from schakel.actions.sources import register_action_source

        from . import home_panel, signal_section
        from .routes import ACTION_SOURCE
        from .services import route_action_finished

        register_action_source(ACTION_SOURCE, label=_("Route van het screeningsoverleg"),
                               on_finished=route_action_finished)
        signal_section.register()
        home_panel.register()
