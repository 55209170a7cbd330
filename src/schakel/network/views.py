"""The network's start page: what the network offers the user's role."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from schakel.accounts.permissions import has_permission

from .permissions import allowed, permission_or_user_admin

PAGES = (
    ("network.record_absence", "network:absence", _("Afwezigheid en vervanging"),
     _("Leg vast wanneer u weg bent en wie u vervangt.")),
    ("network.hand_over", "network:handover", _("Werk overdragen"),
     _("Al het open werk in één stap naar een opvolger.")),
    ("network.view_staffing", "network:staffing", _("Bezetting"),
     _("Heeft elke gemeente genoeg aandachtsfunctionarissen?")),
    ("network.read", "network:partners", _("Sociale kaart"),
     _("Wie belt u waarvoor: politie, opvang, Veilig Thuis en andere partners in de regio.")),
    ("network.read", "network:guides", _("Signaalwijzers"),
     _("Per afdeling: waar let u op, wat doet u en hoe loopt een signaal.")),
    ("network.read_bulletins", "network:bulletins", _("Trendbulletins"),
     _("Maandelijks overzicht van de soorten signalen in de regio.")),
    ("network.read_knowledge", "network:documents", _("Kennisbank"),
     _("Werkinstructies, sjablonen, privacyprotocol, convenant en regionaal plan.")),
    ("network.meetings", "network:meetings", _("Netwerkbijeenkomsten en intervisie"),
     _("Planning, aanwezigheid en verslagen van het netwerk van aandachtsfunctionarissen.")),
)


@permission_or_user_admin("network.read")
def index(request):
    pages = []
    for permission, url_name, title, text in PAGES:
        # The administrator reaches the continuity pages through managing users; the rest not.
        continuity = url_name in {"network:absence", "network:handover", "network:staffing"}
        if not (allowed(request.user, permission) if continuity else has_permission(request.user, permission)):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        pages.append({"url": url, "title": title, "text": text})
    return render(request, "network/index.html", {"pages": pages})
