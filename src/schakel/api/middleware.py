"""API-Version on every API answer (NL API Design Rules API-57), errors and unknown URLs included;
and the anonymous rate limit, counted before DRF would refuse an unauthenticated call (DRF checks
throttles only after permissions, so without this an anonymous client was never counted)."""

from django.conf import settings

API_PREFIX = "/api/"


def api_version() -> str:
    """The full version, the same as the OpenAPI document's info.version."""
    return settings.SPECTACULAR_SETTINGS["VERSION"]


class ApiVersionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            response["API-Version"] = api_version()
        return response


def _anonymous(request) -> bool:
    if request.META.get("HTTP_AUTHORIZATION"):
        return False  # a token: DRF authenticates it and counts it under its user
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def _exists(path: str) -> bool:
    """An unknown API path is a cheap 404 without a database: it is not counted."""
    from django.urls import Resolver404, resolve

    try:
        resolve(path)
    except Resolver404:
        return False
    return True


class ApiAnonymousRateMiddleware:
    """The settings' "anon" rate on every API path, for clients without a login or token."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(API_PREFIX) and _anonymous(request) and _exists(request.path_info):
            from .throttling import AnonRateThrottle

            throttle = AnonRateThrottle()
            if not throttle.allow_request(request, None):
                from .problems import too_many_requests

                return too_many_requests(request, retry_after=int(throttle.wait()))
        return self.get_response(request)
