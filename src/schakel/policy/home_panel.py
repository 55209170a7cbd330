"""Start-page panels and menu items of the policy instruments (registered in PolicyConfig.ready)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.clock import today
from schakel.web.home import register_panel
from schakel.web.navigation import register_nav_item

from . import attention


def _build(request, scope) -> dict:
    return {
        "title": _("Beleid: wat aandacht vraagt"),
        "template": "policy/home_panel.html",
        "attention": attention.summary(request.user, today()),
        "index_url": reverse("policy:index"),
    }


def build_policy_officer_panel(request, scope) -> dict:
    return _build(request, scope)


def build_chain_director_panel(request, scope) -> dict | None:
    if scope.has_role(Role.POLICY_OFFICER):
        return None  # the policy officer's panel already says it
    return _build(request, scope)


def register() -> None:
    register_panel("policy.policy_officer", roles={Role.POLICY_OFFICER}, build=build_policy_officer_panel)
    register_panel("policy.chain_director", roles={Role.CHAIN_DIRECTOR}, build=build_chain_director_panel)
    register_nav_item("policy.index", label=_("Beleid"), url_name="policy:index",
                      roles={Role.POLICY_OFFICER, Role.CHAIN_DIRECTOR}, order=60)
    register_nav_item("policy.profiles", label=_("Regioprofielen"), url_name="policy:profile-list",
                      roles={Role.ADMINISTRATOR}, order=95)
