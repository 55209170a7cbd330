from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse

app_name = "api"


@api_view(["GET"])
@permission_classes([AllowAny])
def root(request):
    """Entry point of the API: links to the documentation and the collections."""
    return Response({
        "schema": reverse("api:schema", request=request),
        "docs": reverse("api:docs", request=request),
    })


urlpatterns = [
    path("", root, name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularRedocView.as_view(url_name="api:schema"), name="docs"),
]
