from django.urls import path, re_path

from . import views_triage

app_name = "signalling"

# A signal's reference: year, dash, six digits (2026-000123).
REFERENCE = r"(?P<reference>[0-9]{4}-[0-9]{6})"

urlpatterns: list = [
    # Triage by the focal officer.
    path("", views_triage.inbox, name="inbox"),
    re_path(rf"^{REFERENCE}/$", views_triage.detail, name="signal-detail"),
    re_path(rf"^{REFERENCE}/(?P<action>[a-z]+)/$", views_triage.action, name="signal-action"),
]
