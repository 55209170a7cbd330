"""Every API error as application/problem+json (RFC 9457), in Dutch."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: lambda: _("Ongeldige invoer"),
    401: lambda: _("Niet ingelogd"),
    403: lambda: _("Geen toegang"),
    404: lambda: _("Niet gevonden"),
    405: lambda: _("Methode niet toegestaan"),
    406: lambda: _("Antwoordformaat niet beschikbaar"),
    409: lambda: _("Conflict"),
    415: lambda: _("Inhoudstype niet ondersteund"),
    429: lambda: _("Te veel verzoeken"),
    500: lambda: _("Interne fout"),
    503: lambda: _("Tijdelijk niet beschikbaar"),
}


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


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflict"
    default_code = "conflict"


def problem_exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None  # unexpected errors become a 500 problem via handler500
    data = response.data
    extra = {}
    if isinstance(exc, exceptions.ValidationError):
        detail = _("Een of meer velden zijn niet goed ingevuld.")
        extra["invalid_params"] = _flatten(data)
    elif isinstance(data, dict) and "detail" in data:
        detail = str(data["detail"])
    else:
        detail = None
    response.data = problem_body(response.status_code, detail, **extra)
    response["Content-Type"] = PROBLEM_CONTENT_TYPE
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def _flatten(data, prefix: str = "") -> list[dict]:
    params = []
    if isinstance(data, dict):
        for key, value in data.items():
            params += _flatten(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(data, list):
        if all(not isinstance(item, (dict, list)) for item in data):
            params += [{"name": prefix or "non_field_errors", "reason": str(item)} for item in data]
        else:
            for index, item in enumerate(data):
                params += _flatten(item, f"{prefix}.{index}")
    else:
        params.append({"name": prefix or "non_field_errors", "reason": str(data)})
    return params
