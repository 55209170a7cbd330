"""Care cases under /api/v1/ (found by schakel.api.discovery): read-only, for the care coordinator."""

from django.urls import re_path

from .api import CLIENT_NUMBER, CareCaseCollection, CareCaseItem

ROOT_LINKS = {"careCases": "api:care-case-collection"}

urlpatterns = [
    re_path(r"^care-cases$", CareCaseCollection.as_view(), name="care-case-collection"),
    re_path(rf"^care-cases/(?P<number>{CLIENT_NUMBER})$", CareCaseItem.as_view(), name="care-case-detail"),
]
