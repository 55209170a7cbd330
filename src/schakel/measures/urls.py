from django.urls import path, re_path

from . import views, views_actions, views_register

app_name = "measures"

REFERENCE = r"(?P<reference>BM-[0-9]{4}-[0-9]{4,6})"

urlpatterns: list = [
    path("", views.index, name="index"),
    path("nieuw", views.create, name="create"),
    path("termijnen", views_register.deadlines, name="deadlines"),
    path("cijfers", views_register.counts, name="counts"),
    path("register", views_register.register, name="register"),
    re_path(r"^register/(?P<kind>adres|bedrijf)/(?P<token>[a-z2-7]{1,32})$", views_register.register_subject,
            name="register-subject"),
    re_path(rf"^{REFERENCE}/$", views.detail, name="detail"),
    re_path(rf"^{REFERENCE}/wijzigen$", views.edit, name="edit"),
    re_path(rf"^{REFERENCE}/status/(?P<target>[a-z]+)$", views_actions.change_status, name="status"),
    re_path(rf"^{REFERENCE}/stappen/(?P<step>[a-z0-9_]+)$", views_actions.complete_step, name="step"),
    re_path(rf"^{REFERENCE}/medewerkers$", views_actions.add_person, name="person"),
    re_path(rf"^{REFERENCE}/adressen$", views_actions.add_subject, name="subject"),
    re_path(rf"^{REFERENCE}/documenten$", views_actions.add_document, name="document"),
]
