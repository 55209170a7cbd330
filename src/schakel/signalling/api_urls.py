"""Signals under /api/v1/ (found by schakel.api.discovery)."""

from django.urls import path, re_path

from .api import SignalCollection, SignalItem

ROOT_LINKS = {"signals": "api:signal-collection"}

urlpatterns = [
    path("signals", SignalCollection.as_view(), name="signal-collection"),
    re_path(r"^signals/(?P<reference>[0-9]{4}-[0-9]{6,7})$", SignalItem.as_view(), name="signal-detail"),
]
