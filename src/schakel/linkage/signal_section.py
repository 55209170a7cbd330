"""The section 'Koppelingen' on the focal officer's signal page: the signal's matches, no content.

Each match says its kind, band and the other municipality, with a link to the match page (to
confirm it, mark it false or ask for contact). Fields that could not be read as their kind are
listed too ('kept as typed, not linked'). Only for the signal's own focal officers.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from schakel.accounts.permissions import has_permission
from schakel.accounts.roles import Role
from schakel.accounts.tenancy import scope_for
from schakel.privacy.audit import record_access

from . import selectors


def build(request, signal) -> dict | None:
    user = request.user
    if not has_permission(user, "linkage.view_matches"):
        return None
    if signal.municipality_id not in scope_for(user).municipalities_for(Role.FOCAL_OFFICER):
        return None
    matches = selectors.signal_matches(user, signal.pk)
    unreadable = selectors.unreadable_fields(signal.pk)
    remote = selectors.signal_remote_matches(user, signal.pk)
    for match in matches:
        record_access(user=user, action="view", record=match, reason="signaalpagina: koppelingen van het signaal")
    return {"template": "linkage/signal_section.html", "title": _("Koppelingen"), "matches": matches,
            "remote": remote, "unreadable": unreadable}


def register() -> None:
    from schakel.signalling.extensions import register_signal_section

    register_signal_section("linkage", build=build, order=60)
