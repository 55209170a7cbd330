"""Every API error as application/problem+json (RFC 9457), in the user's language (Dutch by default).

Three routes lead here, so that no API error ever leaves as HTML:

- errors raised inside DRF views go through `problem_exception_handler` (REST_FRAMEWORK setting);
  unexpected exceptions are logged with their traceback and answered as a 500 problem without
  any detail, so no stack trace or data leaks;
- unknown URLs and errors outside DRF views under /api/ reach Django's handler404/400/403/500,
  which `schakel.web.views` answers with `problem_response` for paths under /api/;
- validation errors carry `invalidParams` (NL API Design Rules' extension of RFC 9457).
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler, set_rollback

PROBLEM_CONTENT_TYPE = "application/problem+json"

logger = logging.getLogger("django.request")

TITLES = {
    400: lambda: _("Ongeldige invoer"),
    401: lambda: _("Niet ingelogd"),
    403: lambda: _("Geen toegang"),
    404: lambda: _("Niet gevonden"),
    405: lambda: _("Methode niet toegestaan"),
    406: lambda: _("Antwoordformaat niet beschikbaar"),
    409: lambda: _("Conflict"),
    413: lambda: _("Verzoek te groot"),
    415: lambda: _("Inhoudstype niet ondersteund"),
    429: lambda: _("Te veel verzoeken"),
    500: lambda: _("Interne fout"),
    503: lambda: _("Tijdelijk niet beschikbaar"),
}


class ProblemJSONRenderer(JSONRenderer):
    """Renders error bodies as JSON whatever renderer the client asked for (also the browsable API)."""

    media_type = PROBLEM_CONTENT_TYPE
    format = "problem+json"


def problem_body(status_code: int, detail: str | None = None, **extra) -> dict:
    body = {
        "type": "about:blank",
        "title": TITLES.get(status_code, TITLES[500])(),
        "status": status_code,
    }
    if detail:
        body["detail"] = detail
    body.update(extra)
    return body


def problem_response(*, status: int, detail: str | None = None, **extra) -> JsonResponse:
    return JsonResponse(problem_body(status, detail, **extra), status=status, content_type=PROBLEM_CONTENT_TYPE)


def _wait_sentence(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    return ngettext("Te veel verzoeken. Probeer het over %(minutes)s minuut opnieuw.",
                    "Te veel verzoeken. Probeer het over %(minutes)s minuten opnieuw.", minutes) % {"minutes": minutes}


def too_many_requests(request, *, retry_after: int) -> JsonResponse:
    """A 429 problem in the answer's language, with Retry-After in seconds."""
    response = problem_response(status=429, detail=_wait_sentence(retry_after))
    response["Retry-After"] = str(max(1, retry_after))
    return response


class Conflict(exceptions.APIException):
    """The request conflicts with the current state of the resource (e.g. a stale version)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflict"
    default_code = "conflict"

    def __init__(self, detail=None, code=None):
        super().__init__(detail if detail is not None else _("De gegevens zijn intussen gewijzigd."), code)


class RequestTooLarge(exceptions.APIException):
    """The request body is larger than the operation accepts; refused before it is read."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Request too large"
    default_code = "too_large"

    def __init__(self, detail=None, code=None):
        super().__init__(detail if detail is not None else _("Het verzoek is te groot."), code)


def problem_exception_handler(exc, context):
    request = context.get("request")
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):  # a body beyond DATA_UPLOAD_MAX_MEMORY_SIZE, met while parsing it
        exc = RequestTooLarge()
    response = exception_handler(exc, context)
    if response is None:
        # Unexpected: log it in full for the operator, answer without any detail for the client.
        set_rollback()
        logger.error("Internal Server Error: %s", getattr(request, "path", "?"), exc_info=exc,
                     extra={"status_code": 500, "request": getattr(request, "_request", None)})
        response = _problem(request, status.HTTP_500_INTERNAL_SERVER_ERROR, problem_body(500))
        return response
    data = response.data
    extra = {}
    if isinstance(exc, exceptions.ValidationError):
        detail = _("Een of meer velden zijn niet goed ingevuld.")
        extra["invalidParams"] = _invalid_params(exc.get_full_details())
    elif isinstance(exc, exceptions.Throttled):
        # DRF's own sentence is English ("Expected available in ... seconds") in a Dutch answer.
        detail = _wait_sentence(int(exc.wait or 1))
    elif isinstance(data, dict) and "detail" in data:
        detail = str(data["detail"])
    else:
        detail = None
    response.data = problem_body(response.status_code, detail, **extra)
    _as_problem(request, response)
    return response


def _problem(request, status_code: int, body: dict):
    from rest_framework.response import Response

    response = Response(body, status=status_code)
    _as_problem(request, response)
    return response


def _as_problem(request, response) -> None:
    response.content_type = PROBLEM_CONTENT_TYPE
    response["Content-Type"] = PROBLEM_CONTENT_TYPE
    if request is not None:
        # finalize_response copies these onto the response: the body is JSON even for a browser.
        request.accepted_renderer = ProblemJSONRenderer()
        request.accepted_media_type = PROBLEM_CONTENT_TYPE


def _invalid_params(details, prefix: str = "") -> list[dict]:
    """Flatten DRF's nested error details into [{name, code, reason}] (dotted names for nesting)."""
    params: list[dict] = []
    if isinstance(details, dict) and set(details) == {"message", "code"}:
        return [{"name": prefix or "nonFieldErrors", "code": str(details["code"]), "reason": str(details["message"])}]
    if isinstance(details, dict):
        for key, value in details.items():
            name = "nonFieldErrors" if key == "non_field_errors" else str(key)
            params += _invalid_params(value, f"{prefix}.{name}" if prefix else name)
    elif isinstance(details, list):
        nested = any(isinstance(item, list) or (isinstance(item, dict) and set(item) != {"message", "code"})
                     for item in details)
        for index, item in enumerate(details):
            params += _invalid_params(item, f"{prefix}.{index}" if nested else prefix)
    else:
        params.append({"name": prefix or "nonFieldErrors", "code": "invalid", "reason": str(details)})
    return params
