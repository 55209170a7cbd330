"""The benchmark's logged-in clients: Amsterdam's focal officer and a staff reporter, and an API token.

Sessions are made the way a login leaves them: Django's auth keys plus allauth's authentication
records with a second factor (as tests/fixtures/people.py `with_second_factor` does), so the
second-factor middleware lets the requests through without a login round trip per run.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from bench.config import LARGEST_MUNICIPALITY


@dataclass
class BenchPeople:
    municipality_id: int
    region_id: int
    focal_officer_id: int
    reporter_id: int
    officer_cookies: dict
    reporter_cookies: dict
    api_token: str


def _session_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    engine = import_module(settings.SESSION_ENGINE)
    session = engine.SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session["account_authentication_methods"] = [
        {"method": "password", "at": 0, "username": user.username},
        {"method": "mfa", "at": 0, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.create()
    session.save()
    return session.session_key


def prepare() -> BenchPeople:
    import secrets

    from django.conf import settings
    from rest_framework.authtoken.models import Token

    from schakel.accounts.models import User
    from schakel.organisations.models import Municipality, RegionMember

    municipality = Municipality.objects.get(cbs_code=LARGEST_MUNICIPALITY)
    region_id = RegionMember.objects.get(municipality=municipality).region_id
    officer = User.objects.get(username=f"bench-af-{LARGEST_MUNICIPALITY}-0")
    reporter = User.objects.get(username=f"bench-melder-{LARGEST_MUNICIPALITY}-0")
    Token.objects.filter(user=officer).delete()
    token = Token.objects.create(user=officer)
    csrf = secrets.token_hex(16)  # 32 characters: a well-formed CSRF secret, as the cookie holds
    return BenchPeople(
        municipality_id=municipality.pk,
        region_id=region_id,
        focal_officer_id=officer.pk,
        reporter_id=reporter.pk,
        officer_cookies={settings.SESSION_COOKIE_NAME: _session_cookie(officer), settings.CSRF_COOKIE_NAME: csrf},
        reporter_cookies={settings.SESSION_COOKIE_NAME: _session_cookie(reporter), settings.CSRF_COOKIE_NAME: csrf},
        api_token=token.key,
    )


def csrf_token(cookies: dict) -> str:
    from django.conf import settings

    return cookies[settings.CSRF_COOKIE_NAME]
