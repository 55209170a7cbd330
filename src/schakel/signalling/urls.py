from django.urls import path, re_path

from . import views_inbox_tools, views_intake, views_triage

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
    # Before signal-action, whose pattern would take 'standaardbericht' for an action.
    re_path(rf"^{REFERENCE}/standaardbericht/$", views_inbox_tools.standard_message,
            name="signal-standard-message"),
    re_path(rf"^{REFERENCE}/(?P<action>[a-z]+)/$", views_triage.action, name="signal-action"),
    # The inbox's tools (issue 12): export, 'Mijn filters', the region's standard texts.
    path("export", views_inbox_tools.inbox_export, name="inbox-export"),
    path("filters", views_inbox_tools.saved_filter_create, name="saved-filter-create"),
    path("filters/<int:pk>/verwijderen", views_inbox_tools.saved_filter_delete, name="saved-filter-delete"),
    path("standaardteksten", views_inbox_tools.standard_texts, name="standard-texts"),
    path("standaardteksten/<int:pk>/", views_inbox_tools.standard_text_edit, name="standard-text-edit"),
]
