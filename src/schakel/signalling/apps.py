from django.apps import AppConfig


class SignallingConfig(AppConfig):
    name = "schakel.signalling"

    def ready(self) -> None:
        from . import home_panel  # noqa: F401  (registers the focal officer's start-page panel)
        from . import intake_home  # noqa: F401  (registers everyone's 'report a signal' panel)
        from schakel.privacy.files import register_file_owner

        from .models import SignalAttachment

        # A signal's files are downloadable exactly when the signal is visible (pending: by nobody).
        register_file_owner(SignalAttachment)

        from .emergency_records import register as register_emergency_records

        register_emergency_records()

        from .retention import register as register_retention  # closed signals expire (decision 0073)

        register_retention()

        from django.db.models.signals import post_migrate

        from . import standard_messages  # noqa: F401  (registers the standard-message section of the signal page)
        from .schedules import ensure_escalation_schedule_after_migrate

        post_migrate.connect(ensure_escalation_schedule_after_migrate, sender=self,
                             dispatch_uid="signalling-acute-escalation-schedule")
