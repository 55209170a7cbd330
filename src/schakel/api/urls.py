"""The API's routes. Included at /api/ (schakel/urls.py) so that /api/v1 itself is the entry point:
no path ends in a slash and none answers with a redirect (NL API Design Rules API-48)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularJSONAPIView

from . import views
from .discovery import api_url_modules

app_name = "api"

urlpatterns = [
    path("v1", views.root, name="root"),
    path("v1/me", views.me, name="me"),
    path("v1/schema", SpectacularAPIView.as_view(), name="schema"),
    # The OpenAPI document as JSON at the conventional address (NL API Design Rules API-51).
    path("v1/openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("v1/docs", views.DocsView.as_view(url_name="api:schema"), name="docs"),
]
urlpatterns += [path("v1/", include(module.urlpatterns)) for module in api_url_modules()]
