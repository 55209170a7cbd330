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


WIDGET_CLASSES = {
    "checkbox": "utrecht-checkbox utrecht-checkbox--html-input",
    "select": "utrecht-select utrecht-select--html-select",
    "selectmultiple": "utrecht-select utrecht-select--html-select",
    "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
}


@register.filter
def utrecht_widget(field):
    """Render a BoundField's widget with NL Design System classes and accessible error links."""
    widget_type = field.widget_type
    classes = WIDGET_CLASSES.get(widget_type, "utrecht-textbox utrecht-textbox--html-input")
    attrs = {"class": classes}
    described_by = []
    if field.errors:
        attrs["aria-invalid"] = "true"
        attrs["class"] += " utrecht-textbox--invalid" if "textbox" in classes else " utrecht-select--invalid"
        described_by.append(f"{field.auto_id}-error")
    if field.help_text:
        described_by.append(f"{field.auto_id}-help")
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.simple_tag
def translate_optional() -> str:
    from django.utils.translation import gettext

    return gettext("niet verplicht")


@register.simple_tag
def sso_buttons() -> list:
    """"Inloggen met <organisatie>" buttons for the login page."""
    from ..sso import login_buttons

    return login_buttons()


@register.simple_tag
def idle_seconds() -> int:
    return settings.SESSION_IDLE_MINUTES * 60


@register.simple_tag
def idle_warning_seconds() -> int:
    from ..views import WARNING_SECONDS

    return WARNING_SECONDS


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (pagination and sort links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"
