"""The API's own endpoints: the entry point, who am I, and the documentation under a strict CSP."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse

from .discovery import root_links


@extend_schema(
    summary="Ingang van de API",
    responses=inline_serializer("ApiRoot", {
        "schema": serializers.URLField(),
        "docs": serializers.URLField(),
        "me": serializers.URLField(),
        "collections": serializers.DictField(child=serializers.URLField()),
    }),
)
@api_view(["GET"])
@permission_classes([AllowAny])
def root(request):
    """Entry point of the API: links to the documentation and the collections."""
    return Response({
        "schema": reverse("api:schema", request=request),
        "docs": reverse("api:docs", request=request),
        "me": reverse("api:me", request=request),
        "collections": {name: reverse(url_name, request=request) for name, url_name in root_links().items()},
    })


class MembershipOut(serializers.Serializer):
    role = serializers.CharField()
    roleLabel = serializers.CharField()
    organisation = inline_serializer("MembershipOrganisation", {
        "id": serializers.IntegerField(),
        "name": serializers.CharField(),
    })


class MeOut(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    memberships = MembershipOut(many=True)


@extend_schema(
    summary="De ingelogde gebruiker en zijn of haar rollen",
    description=("Enkelvoudige resource (NL API Design Rules API-54): er is per verzoek precies één ingelogde "
                 "gebruiker, dus geen verzameling en geen identificatie in het pad."),
    responses=MeOut)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def me(request):
    """The authenticated user with the active roles the API acts under."""
    user = request.user
    memberships = (user.memberships.filter(active=True, organisation__active=True)
                   .select_related("organisation").order_by("organisation__name", "role"))
    return Response(MeOut({
        "username": user.get_username(),
        "name": user.get_full_name(),
        "memberships": [
            {"role": m.role, "roleLabel": str(m.get_role_display()),
             "organisation": {"id": m.organisation_id, "name": m.organisation.name}}
            for m in memberships
        ],
    }).data)


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from our own static files (sidecar), its start script a separate request: no inline code."""

    template_name = "api/swagger_ui.html"
    title = "Schakel API"
