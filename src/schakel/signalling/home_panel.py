"""The focal officer's panel on the start page: new, mine, overdue, with links to the inbox."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.clock import now, today
from schakel.web.home import register_panel
from schakel.web.navigation import register_nav_item

from .selectors import inbox_counts


def build_triage_panel(request, scope) -> dict:
    counts = inbox_counts(user=request.user, today=today(), now=now())
    inbox = reverse("signalling:inbox")
    return {
        "title": _("Signalen"),
        "template": "signalling/triage/home_panel.html",
        "counts": counts,
        "links": [
            # Acute signals stand first in the open list (sorted above every other open signal).
            {"label": _("Acuut gevaar"), "count": counts["acute"], "url": f"{inbox}?tab=open", "urgent": True},
            {"label": _("Nieuw"), "count": counts["new"], "url": f"{inbox}?tab=new"},
            {"label": _("Mijn signalen"), "count": counts["mine"], "url": f"{inbox}?tab=mine"},
            {"label": _("Te laat"), "count": counts["overdue"], "url": f"{inbox}?tab=overdue", "urgent": True},
        ],
        "inbox_url": inbox,
    }


register_panel("signalling.triage", roles={Role.FOCAL_OFFICER}, build=build_triage_panel)
register_nav_item("signalling.inbox", label=_("Signalen"), url_name="signalling:inbox", roles={Role.FOCAL_OFFICER},
                  order=20)
