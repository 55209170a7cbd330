"""Start-page panels (registered at import): absence and cover for focal officers, and for every
reporter where to find what to look for and whom to call."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.clock import today
from schakel.web.home import register_panel

from .models import Absence
from .selectors import covering_now, staffing_municipalities, staffing_rows


def build_absence_panel(request, scope) -> dict | None:
    day = today()
    own = (Absence.objects.filter(officer=request.user, ended_at__isnull=True, ends_on__gte=day)
           .select_related("backup").order_by("starts_on").first())
    return {
        "title": _("Afwezigheid en vervanging"),
        "template": "network/home_panel.html",
        "own": own,
        "covering": covering_now(request.user, day),
        "today": day,
        "absence_url": reverse("network:absence"),
        "mine_url": reverse("signalling:inbox") + "?tab=mine",
    }


def build_guide_panel(request, scope) -> dict | None:
    return {
        "title": _("Twijfelt u?"),
        "template": "network/home_panel_guide.html",
        "guides_url": reverse("network:guides"),
        "partners_url": reverse("network:partners"),
    }


def build_staffing_panel(request, scope) -> dict | None:
    short = [row for row in staffing_rows(staffing_municipalities(request.user)) if row["short"]]
    if not short:
        return None
    return {"title": _("Te weinig aandachtsfunctionarissen"), "template": "network/home_panel_staffing.html",
            "short": short, "staffing_url": reverse("network:staffing")}


register_panel("network.staffing", roles={Role.ADMINISTRATOR, Role.CHAIN_DIRECTOR}, build=build_staffing_panel)
register_panel("network.absence", roles={Role.FOCAL_OFFICER}, build=build_absence_panel)
register_panel("network.guide", roles={Role.REPORTER}, build=build_guide_panel)
