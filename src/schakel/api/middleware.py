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


class ApiAnonymousRateMiddleware:
    """The settings' "anon" rate on every API view, for clients without a login or token.

    In `process_view`, so it runs once the URL has resolved: an unknown API path is a cheap 404
    that is not counted, and the path is not resolved a second time."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not (request.path.startswith(API_PREFIX) and _anonymous(request)):
            return None
        from .throttling import AnonRateThrottle

        throttle = AnonRateThrottle()
        if throttle.allow_request(request, None):
            return None
        from .problems import too_many_requests

        return too_many_requests(request, retry_after=int(throttle.wait()))
