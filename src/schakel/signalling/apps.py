from django.apps import AppConfig


class SignallingConfig(AppConfig):
    name = "schakel.signalling"
