from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "schakel.screening"
    verbose_name = "Screeningsoverleg"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from schakel.actions.sources import register_action_source
        from schakel.signalling.extensions import register_next_due_provider

        from . import erasure, home_panel, selectors, signal_section
        from .routes import ACTION_SOURCE
        from .services import route_action_finished

        register_action_source(ACTION_SOURCE, label=_("Route van het screeningsoverleg"),
                               on_finished=route_action_finished)
        # The inbox's deadline column: a signal on an agenda shows the meeting's date.
        register_next_due_provider("screening", selectors.next_meeting_by_signal)
        signal_section.register()
        erasure.register()
        home_panel.register()
