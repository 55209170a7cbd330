from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "schakel.measures"
    verbose_name = "Bestuurlijke maatregelen"
