"""Session rules that hold on every page: a second factor for personal data, idle time-out."""

from __future__ import annotations

from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

from schakel.clock import now

from .roles import PERSONAL_DATA_ROLES
from .tenancy import scope_for

# Reachable without a second factor: static files, language choice, health checks, the public
# form (no account), and the API, whose session authentication does its own second-factor check
# (schakel.api.authentication.SecondFactorSessionAuthentication) and whose tokens are machine
# credentials (docs/decisions/0062-api-tokens-for-service-accounts.md).
OPEN_PREFIXES = ("/static/", "/i18n/", "/health/", "/melden/", "/api/")

# Pages a logged-in user still needs while setting up the second factor.
SET_UP_VIEW_NAMES = frozenset({
    "account_login",
    "account_logout",
    "account_reauthenticate",
    "mfa_activate_totp",
    "mfa_reauthenticate",
    "accounts:session_status",
    "accounts:session_keep_alive",
})
SESSION_STATUS_VIEW = "accounts:session_status"
KEEP_ALIVE_VIEW = "accounts:session_keep_alive"
# The last-seen time is written to the session at most once a minute: a request within a minute
# of the recorded time changes nothing, so the session is not saved (one UPDATE less per request).
# The idle limit may therefore end a session up to this much earlier than the very last request.
ACTIVITY_RESOLUTION_SECONDS = 60


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return ""
    return match.view_name


def needs_second_factor(user) -> bool:
    return bool(scope_for(user).roles & PERSONAL_DATA_ROLES)


def has_second_factor_in_session(request) -> bool:
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def _client_redirect(request, url: str):
    if getattr(request, "htmx", False):
        from django_htmx.http import HttpResponseClientRedirect

        return HttpResponseClientRedirect(url)
    return redirect(url)


class SecondFactorRequiredMiddleware:
    """A user whose roles see personal data gets nothing until the second factor is done.

    Without a TOTP authenticator they are sent to set one up, and can reach only that page
    (plus log-out and re-authentication). With one, a session that lacks the second factor is
    ended and they log in again, which asks for the code.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if (user.is_authenticated and not request.path.startswith(OPEN_PREFIXES)
                and _view_name(request) not in SET_UP_VIEW_NAMES
                and needs_second_factor(user) and not has_second_factor_in_session(request)):
            if has_totp(user):
                logout(request)
                return _client_redirect(request, reverse("account_login"))
            return _client_redirect(request, reverse("mfa_activate_totp"))
        return None


class IdleSessionMiddleware:
    """Ends a session after SESSION_IDLE_MINUTES without a request (the page warns two minutes ahead).

    The status endpoint reports the time left without counting as activity, so several open
    tabs can agree on when the session really ends.
    """

    SESSION_KEY = "schakel_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and self._expired(request):
            logout(request)
            if not request.path.startswith("/api/") and _view_name(request) != SESSION_STATUS_VIEW:
                return _client_redirect(request, reverse("account_login") + "?" + urlencode({"idle": "1"}))
            # The API and the status endpoint answer as for anyone logged out (401, "session ended").
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Every request to a page counts as activity, except asking how much time is left. It is
        # recorded when the recorded time is older than ACTIVITY_RESOLUTION_SECONDS, and always
        # for "Blijf ingelogd", whose answer reports the full time left.
        if not request.user.is_authenticated:
            return None
        view_name = _view_name(request)
        if view_name == SESSION_STATUS_VIEW:
            return None
        moment = now().timestamp()
        last_seen = request.session.get(self.SESSION_KEY)
        if last_seen is None or view_name == KEEP_ALIVE_VIEW or moment - last_seen >= ACTIVITY_RESOLUTION_SECONDS:
            request.session[self.SESSION_KEY] = moment
        return None

    def _expired(self, request) -> bool:
        last_seen = request.session.get(self.SESSION_KEY)
        return last_seen is not None and now().timestamp() - last_seen > settings.SESSION_IDLE_MINUTES * 60


def seconds_left(request) -> int:
    """Seconds until the idle limit ends this session (0 when it has ended)."""
    if not request.user.is_authenticated:
        return 0
    last_seen = request.session.get(IdleSessionMiddleware.SESSION_KEY)
    limit = settings.SESSION_IDLE_MINUTES * 60
    if last_seen is None:
        return limit
    return max(0, int(last_seen + limit - now().timestamp()))
