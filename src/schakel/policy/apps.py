from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "schakel.policy"
    label = "policy"
    verbose_name = "Beleid"
