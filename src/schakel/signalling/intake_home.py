"""For everyone: the start-page panel and menu items to report a signal and see my reports."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.web.home import register_panel
from schakel.web.navigation import register_nav_item


def build_report_panel(request, scope) -> dict:
    links = [
        {"label": _("Signaal melden"), "url": reverse("signalling:intake-report")},
        {"label": _("Mijn meldingen"), "url": reverse("signalling:intake-mine")},
    ]
    if scope.municipalities_for(Role.FOCAL_OFFICER):
        links.append({"label": _("Telefonische melding of baliebezoek vastleggen"),
                      "url": reverse("signalling:intake-phone")})
    return {"title": _("Melden"), "template": "signalling/intake/home_panel.html", "links": links}


# Every role may report a signal (DOMAIN.md: a reporter is anyone who notices something).
register_panel("signalling.report", roles={role.value for role in Role}, build=build_report_panel)
register_nav_item("signalling.report", label=_("Signaal melden"), url_name="signalling:intake-report",
                  roles={role.value for role in Role}, order=10)
register_nav_item("signalling.mine", label=_("Mijn meldingen"), url_name="signalling:intake-mine",
                  roles={role.value for role in Role}, order=90)
