from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "schakel.care"
    verbose_name = "Zorgcoördinatie"
