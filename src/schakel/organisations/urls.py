"""The administration pages under /beheer/ (namespace "administration"): users and rights from
accounts, organisations and regions from here."""

from django.urls import include, path

from . import views

app_name = "administration"
urlpatterns = [
    path("", include("schakel.accounts.administration_urls")),
    path("organisaties", views.organisation_list, name="organisation_list"),
    path("organisaties/nieuw", views.organisation_create, name="organisation_create"),
    path("organisaties/<int:pk>", views.organisation_edit, name="organisation_edit"),
    path("regios", views.region_list, name="region_list"),
    path("regios/<int:pk>", views.region_detail, name="region_detail"),
    path("regios/<int:pk>/sluitingsdagen", views.closing_day_add, name="closing_day_add"),
    path("regios/<int:pk>/sluitingsdagen/<int:day_pk>/verwijderen", views.closing_day_remove,
         name="closing_day_remove"),
    path("regios/<int:pk>/gemeenten", views.region_place_municipality, name="region_place_municipality"),
]
