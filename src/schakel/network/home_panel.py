"""Start-page panel: the absences you cover, and your own absence (registered at import)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.clock import today
from schakel.web.home import register_panel

from .selectors import covering_now


def build_covering_panel(request, scope) -> dict | None:
    covering = covering_now(request.user, today())
    if not covering:
        return None
    return {
        "title": _("U vervangt"),
        "template": "network/home_panel.html",
        "covering": covering,
        "today": today(),
        "absence_url": reverse("network:absence"),
        "mine_url": reverse("signalling:inbox") + "?tab=mine",
    }


register_panel("network.covering", roles={Role.FOCAL_OFFICER}, build=build_covering_panel)
