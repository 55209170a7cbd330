"""The public intake pages under /melden/ (no account; exempt from the second-factor middleware)."""

from django.urls import path

from . import views_public

app_name = "public"

urlpatterns = [
    path("postvak", views_public.mailbox, name="mailbox"),
    path("<slug:region_slug>/", views_public.public_form, name="form-region"),
    path("<slug:region_slug>/<str:cbs_code>/", views_public.public_form, name="form-municipality"),
]
