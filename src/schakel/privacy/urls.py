from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("toegangslog", views.access_log, name="access_log"),
    path("toegangslog/export", views.access_log_export, name="access_log_export"),
    path("bestanden/<uuid:file_id>", views.download, name="download"),
    path("noodtoegang/<int:grant_id>/beeindigen", views.emergency_access_end, name="emergency_access_end"),
    path("noodtoegang/<str:record_type>/<str:reference>", views.emergency_access, name="emergency_access"),
]
