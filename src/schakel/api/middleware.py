"""API-Version on every API answer (NL API Design Rules API-57), errors and unknown URLs included."""

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
