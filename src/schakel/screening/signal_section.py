"""The section 'Screeningsoverleg' on the focal officer's signal page: the signal's agenda items,
the table's decisions and routes, and the way to put it forward or withdraw it."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from schakel.signalling.models import SignalStatus
from schakel.signalling.permissions import can_triage

from .models import AgendaItem, ItemStatus, Route


def build(request, signal) -> dict | None:
    user = request.user
    if not can_triage(user, signal):
        return None
    items = list(AgendaItem.objects.filter(signal=signal).exclude(status=ItemStatus.WITHDRAWN)
                 .select_related("meeting").order_by("-meeting__starts_at", "-id"))
    routes = list(Route.objects.filter(signal=signal).select_related("owner_organisation").order_by("id"))
    pending = next((item for item in items if item.status == ItemStatus.PENDING), None)
    can_put_forward = pending is None and signal.status in (SignalStatus.IN_TRIAGE, SignalStatus.ON_AGENDA)
    if not items and not can_put_forward:
        return None
    return {
        "template": "screening/signal_section.html",
        "title": _("Screeningsoverleg"),
        "items": items,
        "routes": routes,
        "pending": pending,
        "can_withdraw": pending is not None and pending.meeting.is_open_for_agenda,
        # Put 'op de agenda' from the status buttons: the next agenda build picks it up.
        "waiting": pending is None and signal.status == SignalStatus.ON_AGENDA and not any(
            route.status == "open" for route in routes),
        "put_forward_url": reverse("screening:put-forward", kwargs={"reference": signal.reference})
        if can_put_forward else "",
    }


def register() -> None:
    from schakel.signalling.extensions import register_signal_section

    register_signal_section("screening", build=build, order=40)
