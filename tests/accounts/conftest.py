"""Helpers for login tests: a fixed clock, TOTP authenticators, and the two login steps."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from schakel.accounts.totp import code_for
from tests.fixtures.people import PASSWORD

# A Tuesday morning in Amsterdam; well inside one 30-second TOTP period.
FIXED_NOW = datetime.datetime(2026, 3, 10, 9, 0, 5, tzinfo=datetime.timezone.utc)


@pytest.fixture
def clock():
    with time_machine.travel(FIXED_NOW, tick=False) as traveller:
        yield traveller


def give_totp(user) -> str:
    """Set up TOTP (and recovery codes) for `user` as the set-up page would; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def recovery_codes_of(user) -> list[str]:
    from allauth.mfa.models import Authenticator

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return RecoveryCodes(authenticator).get_unused_codes()


def current_code(secret: str) -> str:
    import time

    return code_for(secret, at=time.time())


def post_password(client, login: str, password: str = PASSWORD, **extra):
    return client.post("/account/login/", {"login": login, "password": password}, **extra)


def post_code(client, code: str):
    return client.post("/account/2fa/authenticate/", {"code": code})
