"""The demo installation shows demo accounts their current code; no other installation ever does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from schakel.accounts.totp import current_code
from tests.accounts.conftest import give_totp, post_code, post_password
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo_user(world):
    user = UserFactory(username="demo-af", is_demo=True)
    MembershipFactory(user=user, organisation=world.organisations["a1"], role="focal_officer")
    give_totp(user)
    return user


def second_factor_page(client, user) -> str:
    post_password(client, user.username)
    return client.get("/account/2fa/authenticate/").content.decode()


def test_demo_mode_shows_the_current_code_of_a_demo_user(client, demo_user, settings, clock):
    settings.DEMO_MODE = True

    page = second_factor_page(client, demo_user)

    code = current_code(demo_user)
    assert f"Demo: de huidige code is <strong class=\"schakel-demo-code__value\">{code}</strong>" in page
    assert post_code(client, code)["Location"] == "/"


def test_demo_mode_shows_nothing_for_a_user_that_is_not_a_demo_user(client, world, settings, clock):
    settings.DEMO_MODE = True
    user = world.user("focal_officer")
    give_totp(user)

    page = second_factor_page(client, user)

    assert "Demo:" not in page
    assert current_code(user) not in page


@override_settings(DEMO_MODE=False)
def test_without_demo_mode_a_demo_user_sees_no_code(client, demo_user, clock):
    page = second_factor_page(client, demo_user)

    assert "Demo:" not in page
    assert current_code(demo_user) not in page


@override_settings(DEMO_MODE=True, PRODUCTION=True)
def test_production_shows_no_code_even_if_demo_mode_were_set(client, demo_user, clock):
    page = second_factor_page(client, demo_user)

    assert "Demo:" not in page


def test_production_settings_refuse_demo_mode_from_the_environment(tmp_path):
    environment = {
        **{key: value for key, value in os.environ.items() if not key.startswith("SCHAKEL_")},
        "SCHAKEL_ENVIRONMENT": "production",
        "SCHAKEL_DEMO": "true",
        "SCHAKEL_SECRET_KEY": "x" * 50,
        "SCHAKEL_ENCRYPTION_KEYS": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        "SCHAKEL_INDEX_KEY": "y" * 32,
        "SCHAKEL_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "schakel.settings",
        "PYTHONPATH": str(PROJECT / "src"),
    }
    environment.pop("DATABASE_URL", None)
    script = "import django; django.setup(); from django.conf import settings; " \
             "print(settings.PRODUCTION, settings.DEMO_MODE)"

    result = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True,
                            timeout=120, cwd=PROJECT)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False"]
