"""The session pages of the account: how long is left, and staying logged in."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .middleware import seconds_left

WARNING_SECONDS = 120


@never_cache
@require_GET
def session_status(request):
    """Seconds left before the idle limit; reading this does not count as activity."""
    return JsonResponse({
        "loggedIn": request.user.is_authenticated,
        "secondsLeft": seconds_left(request),
        "warningSeconds": WARNING_SECONDS,
        "idleMinutes": settings.SESSION_IDLE_MINUTES,
    })


@never_cache
@require_POST
def session_keep_alive(request):
    """"Blijf ingelogd": the request itself refreshed the last-seen time (IdleSessionMiddleware)."""
    if not request.user.is_authenticated:
        return JsonResponse({"loggedIn": False, "secondsLeft": 0}, status=401)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"loggedIn": True, "secondsLeft": seconds_left(request),
                             "warningSeconds": WARNING_SECONDS})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = settings.LOGIN_REDIRECT_URL
    return redirect(target) if target else HttpResponse(status=204)
