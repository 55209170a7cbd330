"""The focal officer's start-page panel 'Koppelingen': new matches and contact requests to answer."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role

from .models import ContactRequest, ContactStatus, MatchStatus
from .selectors import visible_matches


def build(request, scope) -> dict | None:
    own = sorted(scope.municipalities_for(Role.FOCAL_OFFICER))
    new = visible_matches(request.user).filter(status=MatchStatus.NEW).count()
    waiting = ContactRequest.objects.filter(to_municipality_id__in=own, status=ContactStatus.PENDING).count()
    if not new and not waiting:
        return None
    url = reverse("linkage:list")
    return {"title": _("Koppelingen"), "template": "linkage/home_panel.html", "url": url,
            "links": [{"label": _("Nieuwe koppelingen"), "count": new, "url": f"{url}?status=new"},
                      {"label": _("Contactverzoeken om te beantwoorden"), "count": waiting, "url": url}]}


def register() -> None:
    from schakel.web.home import register_panel

    register_panel("linkage.matches", roles={Role.FOCAL_OFFICER}, build=build)
