from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "schakel.network"
    label = "network"
    verbose_name = "Netwerk en continuïteit"

    def ready(self) -> None:
        from . import home_panel, navigation, permissions  # noqa: F401  (registrations)
