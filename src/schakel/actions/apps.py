from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "schakel.actions"
    verbose_name = "Acties"

    def ready(self) -> None:
        from schakel.signalling.extensions import register_next_due_provider

        from . import erasure, home_panel, referral, signal_section
        from .selectors import next_due_by_signal

        # The inbox deadline column: the next due action of a signal outside triage.
        register_next_due_provider("actions", next_due_by_signal)
        referral.register()
        signal_section.register()
        home_panel.register()
        erasure.register()
