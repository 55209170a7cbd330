"""The focal officer's start-page panel (open measures, overdue steps) and the menu item."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.clock import today
from schakel.web.home import register_panel
from schakel.web.navigation import register_nav_item

from .selectors import open_count, overdue_count


def build_measures_panel(request, scope) -> dict:
    overdue = overdue_count(user=request.user, today=today())
    return {
        "title": _("Bestuurlijke maatregelen"),
        "template": "measures/home_panel.html",
        "links": [
            {"label": _("Open maatregelen"), "count": open_count(user=request.user),
             "url": reverse("measures:index") + "?status=open"},
            {"label": _("Stappen te laat"), "count": overdue, "url": reverse("measures:deadlines") + "?alleen=te-laat",
             "urgent": True},
        ],
        "index_url": reverse("measures:index"),
    }


def register() -> None:
    register_panel("measures.open", roles={Role.FOCAL_OFFICER}, build=build_measures_panel)
    register_nav_item("measures.index", label=_("Maatregelen"), url_name="measures:index",
                      roles={Role.FOCAL_OFFICER}, order=40)
    register_nav_item("measures.counts", label=_("Maatregelen in cijfers"), url_name="measures:counts",
                      roles={Role.CHAIN_DIRECTOR, Role.POLICY_OFFICER}, order=80)
