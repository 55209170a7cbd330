from django.urls import path

from . import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    # Browsers ask for /favicon.ico on pages that name no icon (e.g. the browsable API).
    path("favicon.ico", views.favicon),
]
