from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sessie/status", views.session_status, name="session_status"),
    path("sessie/verlengen", views.session_keep_alive, name="session_keep_alive"),
]
