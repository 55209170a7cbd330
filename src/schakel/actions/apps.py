from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "schakel.actions"
    verbose_name = "Acties"
