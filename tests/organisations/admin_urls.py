"""URLs for admin tests: the project mounts the Django admin only with DEBUG on."""

from django.contrib import admin
from django.urls import path

urlpatterns = [path("django-admin/", admin.site.urls)]
