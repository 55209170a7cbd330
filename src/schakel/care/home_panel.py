"""The care coordinator's and the partner's start-page panels and menu items."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.clock import today
from schakel.web.home import register_panel
from schakel.web.navigation import register_nav_item

from . import hours, selectors


def build_coordinator_panel(request, scope) -> dict:
    day = today()
    caseload = reverse("care:caseload")
    figures = selectors.month_figures(request.user, today=day)
    return {
        "title": _("Zorgcoördinatie"),
        "template": "care/home_panel.html",
        "figures": figures,
        "deadlines": selectors.reflection_deadlines(request.user, today=day),
        "waiting": selectors.waiting_for_first_contact(request.user),
        "caseload_url": caseload,
        "due_url": f"{caseload}?termijn=due_soon&sortering=deadline",
        "new_url": reverse("care:case-new"),
        "loads": hours.this_month(request.user, today=day),
        "hours_url": reverse("care:hours"),
    }


def build_chain_director_panel(request, scope):
    loads = hours.this_month(request.user, today=today())
    if not loads:
        return None
    return {
        "title": _("Zorgcoördinatie: caseload en uren"),
        "template": "care/hours_panel.html",
        "loads": loads,
        "hours_url": reverse("care:hours"),
    }


def build_partner_panel(request, scope):
    referrals = list(selectors.open_referrals_for_partner(request.user)[:5])
    if not referrals:
        return None
    return {
        "title": _("Verwijzingen van de zorgcoördinator"),
        "template": "care/partner_panel.html",
        "referrals": referrals,
        "inbox_url": reverse("care:referral-inbox"),
    }


register_panel("care.caseload", roles={Role.CARE_COORDINATOR}, build=build_coordinator_panel)
register_panel("care.hours", roles={Role.CHAIN_DIRECTOR}, build=build_chain_director_panel)
register_panel("care.referrals", roles={Role.PARTNER_MEMBER}, build=build_partner_panel)
register_nav_item("care.caseload", label=_("Zorgtrajecten"), url_name="care:caseload",
                  roles={Role.CARE_COORDINATOR}, order=30)
register_nav_item("care.hours", label=_("Caseload en uren"), url_name="care:hours",
                  roles={Role.CHAIN_DIRECTOR}, order=60)
register_nav_item("care.referrals", label=_("Zorgverwijzingen"), url_name="care:referral-inbox",
                  roles={Role.PARTNER_MEMBER}, order=45)
