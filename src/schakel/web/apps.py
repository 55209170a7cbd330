from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "schakel.web"

    def ready(self) -> None:
        from . import menu  # noqa: F401  (registers the shell's own menu items)
