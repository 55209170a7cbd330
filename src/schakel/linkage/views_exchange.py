"""The endpoint another Schakel installation calls for the linkage exchange (machine to machine).

POST JSON with `Authorization: Installation <name>:<key>`. Not a user session, so no CSRF and
no login; an unknown installation or a wrong key is refused (403) and logged, too many
exchanges a day is 429, a malformed message 400; every answer is JSON, errors as
application/problem+json.
"""

from __future__ import annotations

import json

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .services import between


def _problem(status: int, detail: str) -> JsonResponse:
    response = JsonResponse({"type": "about:blank", "title": "Linkage exchange refused", "status": status,
                             "detail": detail}, status=status)
    response["Content-Type"] = "application/problem+json"
    return response


@csrf_exempt
@require_POST
def exchange_endpoint(request):
    header = request.headers.get("Authorization", "")
    scheme, _, credentials = header.partition(" ")
    name, _, key = credentials.partition(":")
    try:
        if scheme != "Installation":
            between.authenticate("", "")
        installation = between.authenticate(name, key)
        try:
            payload = json.loads(request.body or b"{}")
        except ValueError as bad:
            raise between.Refused(400, "body is not JSON") from bad
        if not isinstance(payload, dict):
            raise between.Refused(400, "body is not a JSON object")
        return JsonResponse(between.answer(installation, payload))
    except between.Refused as refused:
        return _problem(refused.status, refused.reason)
