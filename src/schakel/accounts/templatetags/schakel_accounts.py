"""Template helpers of the login pages."""

from __future__ import annotations

import datetime

from django import template
from django.conf import settings

register = template.Library()


@register.filter
def minutes(value: datetime.timedelta | None) -> int:
    """Whole minutes of a time span, rounded up (a lock of 29.5 minutes reads as 30)."""
    if not value:
        return 0
    return -(-int(value.total_seconds()) // 60)


@register.simple_tag
def demo_totp_code(user) -> str:
    """The current one-time code of a demo account, on a demo installation only; else ''.

    DEMO_MODE is forced off in production (settings/base.py), and is checked again here with
    the environment so that a settings mistake cannot show a code on a real installation.
    """
    if not getattr(settings, "DEMO_MODE", False) or getattr(settings, "PRODUCTION", True):
        return ""
    if user is None or not getattr(user, "is_demo", False):
        return ""
    from .. import totp

    return totp.current_code(user) or ""
