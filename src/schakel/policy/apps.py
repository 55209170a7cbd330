from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "schakel.policy"
    label = "policy"
    verbose_name = "Beleid"

    def ready(self) -> None:
        from . import home_panel, permissions  # noqa: F401  (registrations)

        home_panel.register()
