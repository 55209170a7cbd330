"""The benchmark's logged-in clients: Amsterdam's focal officer and a staff reporter, and an API token;
the chain director of Amsterdam's region (with the next meeting of its screening table) and a member
of that region's police (the organisation whose 'Mijn acties' is measured).

Sessions are made the way a login leaves them: Django's auth keys plus allauth's authentication
records with a second factor (as tests/fixtures/people.py `with_second_factor` does), so the
second-factor middleware lets the requests through without a login round trip per run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
    # The screening figures (issue 13); empty when the dataset has no screening table.
    chain_director_cookies: dict = field(default_factory=dict)
    partner_cookies: dict = field(default_factory=dict)
    meeting_id: int | None = None
    police_organisation_id: int | None = None


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
    from schakel.accounts.models import User
    from schakel.organisations.models import Municipality, RegionMember

    municipality = Municipality.objects.get(cbs_code=LARGEST_MUNICIPALITY)
    region_id = RegionMember.objects.get(municipality=municipality).region_id
    officer = User.objects.get(username=f"bench-af-{LARGEST_MUNICIPALITY}-0")
    reporter = User.objects.get(username=f"bench-melder-{LARGEST_MUNICIPALITY}-0")
    api_key = _api_key(officer)
    csrf = secrets.token_hex(16)  # 32 characters: a well-formed CSRF secret, as the cookie holds
    bench = BenchPeople(
        municipality_id=municipality.pk,
        region_id=region_id,
        focal_officer_id=officer.pk,
        reporter_id=reporter.pk,
        officer_cookies={settings.SESSION_COOKIE_NAME: _session_cookie(officer), settings.CSRF_COOKIE_NAME: csrf},
        reporter_cookies={settings.SESSION_COOKIE_NAME: _session_cookie(reporter), settings.CSRF_COOKIE_NAME: csrf},
        api_token=api_key,
    )
    add_screening_people(bench, csrf)
    return bench


def _api_key(user) -> str:
    """A fresh personal API key of `user` (schakel.api: stored hashed; DRF's own tokens before that)."""
    try:
        from schakel.api.services import issue_token, revoke_tokens
    except ImportError:
        from rest_framework.authtoken.models import Token

        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user).key
    revoke_tokens(user)
    return issue_token(user)


def add_screening_people(bench: BenchPeople, csrf: str) -> None:
    """The chain director of Amsterdam's region, its first planned meeting, and a police member."""
    from django.conf import settings

    from schakel.accounts.models import User
    from schakel.organisations.models import Organisation, OrganisationKind, Region
    from schakel.screening.models import Meeting, MeetingStatus

    region = Region.objects.get(pk=bench.region_id)
    chair = User.objects.filter(username=f"bench-kr-{region.slug}").first()
    police_user = User.objects.filter(username=f"bench-politie-{region.slug}-0").first()
    meeting = (Meeting.objects.filter(region=region, status=MeetingStatus.PLANNED).order_by("starts_at", "id")
               .first())
    if chair is None or police_user is None or meeting is None:
        return
    bench.meeting_id = meeting.pk
    bench.police_organisation_id = (Organisation.objects.filter(kind=OrganisationKind.POLICE, region=region)
                                    .values_list("pk", flat=True).first())
    bench.chain_director_cookies = {settings.SESSION_COOKIE_NAME: _session_cookie(chair),
                                    settings.CSRF_COOKIE_NAME: csrf}
    bench.partner_cookies = {settings.SESSION_COOKIE_NAME: _session_cookie(police_user),
                             settings.CSRF_COOKIE_NAME: csrf}


def csrf_token(cookies: dict) -> str:
    from django.conf import settings

    return cookies[settings.CSRF_COOKIE_NAME]
