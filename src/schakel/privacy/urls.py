from django.urls import path

from . import views, views_desk, views_requests

app_name = "privacy"
urlpatterns = [
    path("toegangslog", views.access_log, name="access_log"),
    path("toegangslog/export", views.access_log_export, name="access_log_export"),
    path("bestanden/<uuid:file_id>", views.download, name="download"),
    path("noodtoegang/<int:grant_id>/beeindigen", views.emergency_access_end, name="emergency_access_end"),
    path("noodtoegang/<str:record_type>/<str:reference>", views.emergency_access, name="emergency_access"),
    # The privacy officer's desk (issue 18).
    path("bureau", views_desk.desk, name="desk"),
    path("bureau/noodtoegang", views_desk.grants, name="grants"),
    path("bureau/noodtoegang/<int:grant_id>/beeindigen", views_desk.grant_revoke, name="grant_revoke"),
    path("bureau/opvallend", views_desk.flags, name="flags"),
    path("bureau/opvallend/nalopen", views_desk.flags_detect, name="flags_detect"),
    path("bureau/opvallend/<int:flag_id>/gecontroleerd", views_desk.flag_review, name="flag_review"),
    path("bureau/bewaartermijnen", views_desk.retention_page, name="retention"),
    path("bureau/bewaartermijnen/opschonen", views_desk.retention_purge, name="retention_purge"),
    path("bureau/bewaartermijnen/wijzigen", views_desk.retention_period, name="retention_period"),
    path("bureau/bewaarplicht", views_desk.holds, name="holds"),
    path("bureau/bewaarplicht/<int:hold_id>/opheffen", views_desk.hold_lift, name="hold_lift"),
    path("verwerkingsregister", views_desk.register, name="register"),
    path("verwerkingsregister/export", views_desk.register_export, name="register_export"),
    path("verzoeken", views_requests.requests_list, name="requests"),
    path("verzoeken/<int:request_id>", views_requests.request_detail, name="request_detail"),
    path("verzoeken/<int:request_id>/overzicht", views_requests.request_overview, name="request_overview"),
    path("verzoeken/<int:request_id>/wissen", views_requests.request_erase, name="request_erase"),
    path("verzoeken/<int:request_id>/corrigeren", views_requests.request_correct, name="request_correct"),
    path("verzoeken/<int:request_id>/export.pdf", views_requests.request_export_pdf, name="request_export_pdf"),
    path("verzoeken/<int:request_id>/export", views_requests.request_export, name="request_export"),
    path("verzoeken/<int:request_id>/verlengen", views_requests.request_extend, name="request_extend"),
    path("verzoeken/<int:request_id>/beantwoorden", views_requests.request_answer, name="request_answer"),
]
