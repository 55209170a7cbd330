from django.urls import path, re_path

from . import views_intake, views_triage

app_name = "signalling"

# A signal's reference: year, dash, six digits (2026-000123).
REFERENCE = r"(?P<reference>[0-9]{4}-[0-9]{6})"

urlpatterns: list = [
    # Intake by staff (any role) and by the focal officer for a phone call or a visit.
    path("melden", views_intake.report, name="intake-report"),
    path("telefonisch", views_intake.report_by_phone, name="intake-phone"),
    path("mijn-meldingen", views_intake.my_signals, name="intake-mine"),
    re_path(rf"^mijn-meldingen/{REFERENCE}/$", views_intake.my_signal, name="intake-mine-detail"),
    re_path(rf"^ontvangen/{REFERENCE}$", views_intake.received, name="intake-received"),
    # Triage by the focal officer.
    path("", views_triage.inbox, name="inbox"),
    re_path(rf"^{REFERENCE}/$", views_triage.detail, name="signal-detail"),
    re_path(rf"^{REFERENCE}/(?P<action>[a-z]+)/$", views_triage.action, name="signal-action"),
]
