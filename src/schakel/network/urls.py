from django.urls import path

from . import views, views_continuity

app_name = "network"

urlpatterns = [
    path("", views.index, name="index"),
    path("afwezigheid/", views_continuity.absence, name="absence"),
    path("afwezigheid/<int:pk>/beeindigen", views_continuity.absence_end, name="absence-end"),
    path("overdracht/", views_continuity.handover, name="handover"),
    path("bezetting/", views_continuity.staffing_page, name="staffing"),
]
