"""Start-page panels of the screening table and the menu item (registered in ScreeningConfig.ready).

The chain director sees the next meeting, its agenda status and the region's overdue actions; a
focal officer their own items on coming agendas; a partner member the items their organisation
will discuss (their open actions are the actions app's panel).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.clock import now, today
from schakel.web.home import register_panel
from schakel.web.navigation import register_nav_item

from . import selectors


def build_chair_panel(request, scope) -> dict | None:
    regions = scope.regions_for(Role.CHAIN_DIRECTOR)
    if not regions:
        return None
    meeting = selectors.next_meeting(regions, now=now())
    overview = selectors.region_overview(regions, today=today())
    return {"title": _("Screeningsoverleg"), "template": "screening/home_chair.html", "meeting": meeting,
            "overview": overview, "calendar_url": reverse("screening:calendar"),
            "settings_url": reverse("screening:series")}


def build_participant_panel(request, scope) -> dict | None:
    items = selectors.partner_items(request.user)
    if scope.has_role(Role.FOCAL_OFFICER):
        items = items.filter(municipality_id__in=sorted(scope.municipalities_for(Role.FOCAL_OFFICER)))
    rows = list(items[:6])
    if not rows:
        return None
    return {"title": _("Op de agenda van het screeningsoverleg"), "template": "screening/home_items.html",
            "items": rows[:5], "more": len(rows) > 5, "calendar_url": reverse("screening:calendar")}


def register() -> None:
    register_panel("screening.chair", roles={Role.CHAIN_DIRECTOR}, build=build_chair_panel)
    register_panel("screening.items", roles={Role.FOCAL_OFFICER, Role.PARTNER_MEMBER}, build=build_participant_panel)
    register_nav_item("screening.calendar", label=_("Screeningsoverleg"), url_name="screening:calendar",
                      roles={Role.CHAIN_DIRECTOR, Role.FOCAL_OFFICER, Role.PARTNER_MEMBER}, order=25)
