"""What django-axes counts failed logins against (docs/decisions/0061-login-lock-out-and-passwords.md).

People log in with their user name or their e-mail address; both must count against the same
account, or an attacker doubles their guesses by alternating. Unknown names are counted and
locked exactly like known ones, so the lock-out page says nothing about who exists.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model


def attempted_login(request, credentials: dict | None) -> str:
    """What the person typed as their login, as sent to `authenticate()` or posted by the form."""
    credentials = credentials or {}
    typed = credentials.get("username") or credentials.get("email")
    if not typed and request is not None:
        data = getattr(request, "POST", {})
        typed = data.get("login") or data.get("username") or ""
    return str(typed or "").strip()


def lockout_username(request, credentials: dict | None) -> str | None:
    typed = attempted_login(request, credentials).lower()
    if not typed:
        return None
    if "@" in typed:
        username = (get_user_model().objects.filter(email__iexact=typed)
                    .values_list("username", flat=True).first())
        if username:
            return username.lower()
    return typed
