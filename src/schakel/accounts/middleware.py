"""Session rules that hold on every page: a second factor for personal data, idle time-out."""

import time

from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from .roles import PERSONAL_DATA_ROLES
from .tenancy import scope_for

# Paths a user may reach before the second factor is done: login, MFA set-up, language, health.
OPEN_PREFIXES = ("/account/", "/static/", "/i18n/", "/health/", "/melden/", "/api/")


def needs_second_factor(user) -> bool:
    return bool(scope_for(user).roles & PERSONAL_DATA_ROLES)


def has_second_factor_in_session(request) -> bool:
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (user.is_authenticated and not request.path.startswith(OPEN_PREFIXES)
                and needs_second_factor(user) and not has_second_factor_in_session(request)):
            from allauth.mfa.models import Authenticator

            if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                # Logged in without the factor they have (e.g. a session from before): start again.
                logout(request)
                return redirect(settings.LOGIN_URL)
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class IdleSessionMiddleware:
    SESSION_KEY = "schakel_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            last_seen = request.session.get(self.SESSION_KEY)
            current = time.time()
            if last_seen is not None and current - last_seen > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
                return redirect(reverse("account_login") + "?idle=1")
            request.session[self.SESSION_KEY] = current
        return self.get_response(request)
