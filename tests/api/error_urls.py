"""URLs that fail on purpose, mounted before the real ones, to prove every error's shape."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from schakel.api.problems import Conflict
from schakel.urls import handler400, handler403, handler404, handler500, urlpatterns as real_urlpatterns  # noqa: F401

SECRET = "geheim-BSN-123456782"


class SignalIn(serializers.Serializer):
    description = serializers.CharField(max_length=10)
    municipality = serializers.RegexField(r"^GM\d{4}$")


@api_view(["POST"])
@permission_classes([AllowAny])
def validate(request):
    serializer = SignalIn(data=request.data)
    serializer.is_valid(raise_exception=True)
    return Response(serializer.validated_data)


@api_view(["GET"])
@permission_classes([AllowAny])
def forbidden(request):
    raise PermissionDenied


@api_view(["GET"])
@permission_classes([AllowAny])
def missing(request):
    raise Http404


@api_view(["PUT"])
@permission_classes([AllowAny])
def conflict(request):
    raise Conflict


class OnePerMinute(AnonRateThrottle):
    scope = "error-test"
    rate = "1/min"


@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([OnePerMinute])
def throttled(request):
    return Response({"ok": True})


@api_view(["GET"])
@permission_classes([AllowAny])
def crash(request):
    raise RuntimeError(f"database said: {SECRET}")


def plain_crash(request):
    """A Django view (not DRF) under /api/: Django's handler500 must still answer problem+json."""
    raise RuntimeError(f"database said: {SECRET}")


def page_crash(request):
    raise RuntimeError(f"database said: {SECRET}")


def page_forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("api/v1/test/validate", validate),
    path("api/v1/test/forbidden", forbidden),
    path("api/v1/test/missing", missing),
    path("api/v1/test/conflict", conflict),
    path("api/v1/test/throttled", throttled),
    path("api/v1/test/crash", crash),
    path("api/v1/test/plain-crash", plain_crash),
    path("test/page-crash", page_crash),
    path("test/page-forbidden", page_forbidden),
    *real_urlpatterns,
]
