from django.apps import AppConfig


class SignallingConfig(AppConfig):
    name = "schakel.signalling"

    def ready(self) -> None:
        from . import home_panel  # noqa: F401  (registers the focal officer's start-page panel)
