from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularJSONAPIView

from . import views
from .discovery import api_url_modules

app_name = "api"

urlpatterns = [
    path("", views.root, name="root"),
    path("me", views.me, name="me"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The OpenAPI document as JSON at the conventional address (NL API Design Rules API-51).
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
]
urlpatterns += [path("", include(module.urlpatterns)) for module in api_url_modules()]
