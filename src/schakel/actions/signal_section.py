"""The section 'Acties' on the focal officer's signal page: every action of the signal.

Who owns it, its status, whether and by whom it was picked up, its due date and its outcome.
Registered with the signals app (signalling/extensions.py); shown only to the signal's own
focal officers (someone with an emergency grant sees the signal, not its partners' work).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from schakel.clock import today
from schakel.privacy.audit import record_access

from .models import Action
from .permissions import can_follow
from .selectors import actions_for_signal


def build(request, signal) -> dict | None:
    user = request.user
    if not can_follow(user, Action(municipality_id=signal.municipality_id)):
        return None
    actions = list(actions_for_signal(signal.pk))
    if not actions:
        return None
    for action in actions:
        record_access(user=user, action="view", record=action, reason="signaalpagina: acties van het signaal")
    return {
        "template": "actions/signal_section.html",
        "title": _("Acties"),
        "actions": actions,
        "today": today(),
        "overdue_count": sum(1 for action in actions if action.is_overdue(today())),
    }


def register() -> None:
    from schakel.signalling.extensions import register_signal_section

    register_signal_section("actions", build=build, order=50)
