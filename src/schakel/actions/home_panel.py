"""The start-page panel 'Mijn acties' and the menu item (registered in ActionsConfig.ready)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.clock import today
from schakel.web.home import register_panel
from schakel.web.navigation import register_nav_item

from .permissions import WORK_ROLES
from .selectors import organisation_counts


def build_actions_panel(request, scope) -> dict | None:
    counts = organisation_counts(request.user, today=today())
    # A focal officer or care coordinator sees the panel only when their own organisation owns
    # something (a municipality's barrier, a care route); a partner member always.
    if not scope.has_role(Role.PARTNER_MEMBER) and not (counts["open"] or counts["in_progress"]):
        return None
    mine = reverse("actions:mine")
    return {
        "title": _("Mijn acties"),
        "template": "actions/home_panel.html",
        "counts": counts,
        "links": [
            {"label": _("Open, nog niet opgepakt"), "count": counts["open"], "url": f"{mine}?status=open"},
            {"label": _("Opgepakt"), "count": counts["in_progress"], "url": f"{mine}?status=opgepakt"},
            {"label": _("Te laat"), "count": counts["overdue"], "url": f"{mine}?status=te-laat", "urgent": True},
        ],
        "mine_url": mine,
    }


def register() -> None:
    register_panel("actions.mine", roles=set(WORK_ROLES), build=build_actions_panel)
    register_nav_item("actions.mine", label=_("Mijn acties"), url_name="actions:mine", roles={Role.PARTNER_MEMBER},
                      order=30)
