from django.urls import path

from . import views, views_capacity, views_comensha, views_hours, views_partner

app_name = "care"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("nieuw", views.case_new, name="case-new"),
    path("opvang", views_capacity.shelter_capacity, name="capacity"),
    path("uren", views_hours.caseload_hours, name="hours"),
    path("comensha", views_comensha.comensha, name="comensha"),
    path("comensha/<int:pk>/<str:fmt>", views_comensha.comensha_download, name="comensha-download"),
    path("verwijzingen/", views_partner.referral_inbox, name="referral-inbox"),
    path("verwijzingen/<int:pk>/", views_partner.referral_detail, name="referral-detail"),
    path("<str:number>/", views.case_detail, name="case-detail"),
    path("<str:number>/<slug:action>/", views.case_action, name="case-action"),
]
