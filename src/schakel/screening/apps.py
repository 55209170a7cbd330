from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "schakel.screening"
    verbose_name = "Screeningsoverleg"
