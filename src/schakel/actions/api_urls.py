"""Actions under /api/v1/ (found by schakel.api.discovery): the list, and one action to read or to
pick up and report back on (PATCH of its status)."""

from django.urls import path

from .api import ActionCollection, ActionItem

ROOT_LINKS = {"actions": "api:action-collection"}

urlpatterns = [
    path("actions", ActionCollection.as_view(), name="action-collection"),
    path("actions/<int:pk>", ActionItem.as_view(), name="action-detail"),
]
