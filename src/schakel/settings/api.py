from .base import SITE_URL
from .mail import DEFAULT_FROM_EMAIL

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "schakel.api.authentication.ActiveUserTokenAuthentication",
        "schakel.api.authentication.SecondFactorSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "schakel.api.pagination.LinkedPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "schakel.api.problems.problem_exception_handler",
    # Fixed windows in the database every worker shares; the anonymous rate counts a pseudonym (decision 0082).
    # (The "anon" rate is applied by schakel.api.middleware.ApiAnonymousRateMiddleware, before DRF's
    # permission check would refuse the call uncounted.)
    "DEFAULT_THROTTLE_CLASSES": ["schakel.api.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": "6000/hour", "anon": "60/hour"},
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # Deep nesting, duplicate keys and undecodable bodies are a 400 problem (schakel/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "schakel.api.parsers.StrictJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DATETIME_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Schakel API",
    "DESCRIPTION": "API of Schakel, the municipal approach to human trafficking. "
                   "Errors are application/problem+json (RFC 9457).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Paths carry /api/v1 themselves: the server is the site root.
    "SERVERS": [{"url": SITE_URL, "description": "Schakel"}],
    "CONTACT": {"name": "Beheer Schakel", "email": DEFAULT_FROM_EMAIL},
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and Redoc from our own static files: no CDN, works under script-src 'self'.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Enums of the same field name in several apps get names, not hashes (actions API, decision 0080).
    "ENUM_NAME_OVERRIDES": {
        "SignalStatusEnum": "schakel.signalling.models.SignalStatus",
        "ActionStatusEnum": "schakel.actions.models.ActionStatus",
        "ActionChangeStatusEnum": ["in_progress", "done", "not_done"],
        "CareCaseStatusEnum": "schakel.care.models.CaseStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "schakel.api.schema.add_problem_responses",
    ],
}
