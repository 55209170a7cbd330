from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("", views.my_actions, name="mine"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/oppakken", views.accept_action, name="accept"),
    path("<int:pk>/terugmelden", views.report_action, name="report"),
]
