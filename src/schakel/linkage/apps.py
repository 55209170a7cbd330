from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "schakel.linkage"
    verbose_name = "Koppelingen"

    def ready(self) -> None:
        from . import wiring

        wiring.register()
