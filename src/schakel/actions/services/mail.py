"""E-mail about actions: a new action for an organisation, a finished one, an overdue one.

Mail leaves our control, so it carries a signal reference, a due date and a link, never the
action's instructions, its outcome or anything of the signal. Each function runs after the
commit (or in the daily job) and never lets a mail-server failure undo the work: the failure is
logged, the action is stored and visible in Schakel.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from schakel.accounts.models import Membership, User
from schakel.web.mail import send_quietly

from ..models import Action
from ..permissions import WORK_ROLES


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def action_url(action_id: int) -> str:
    return _absolute(reverse("actions:detail", kwargs={"pk": action_id}))


def signal_url(reference: str) -> str:
    return _absolute(reverse("signalling:signal-detail", kwargs={"reference": reference}))


def send(messages: list[EmailMessage]) -> int:
    return send_quietly(messages, what="action mail")


def owner_members(organisation_id: int) -> list[User]:
    """The active people of an organisation who work on its actions, with an e-mail address."""
    user_ids = (Membership.objects.filter(organisation_id=organisation_id, active=True, role__in=WORK_ROLES,
                                          organisation__active=True)
                .values("user_id"))
    return list(User.objects.filter(pk__in=user_ids, is_active=True).exclude(email="").order_by("pk"))


def _action(action_id: int) -> Action | None:
    return (Action.objects.filter(pk=action_id).select_related("signal", "owner_organisation")
            .only("id", "due_on", "status", "created_by_id", "owner_organisation__id", "owner_organisation__name",
                  "signal__id", "signal__reference").first())


def notify_owner(*, action_id: int) -> int:
    """Tell the owner organisation's members there is a new action (one e-mail each)."""
    action = _action(action_id)
    if action is None:
        return 0
    recipients = owner_members(action.owner_organisation_id)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Nieuwe actie voor %(organisation)s in Schakel") % {"organisation": action.owner_organisation.name}
        body = _("Er staat een nieuwe actie voor %(organisation)s klaar in Schakel, uiterlijk klaar op %(due)s "
                 "(signaal %(reference)s).\n\nBekijk en pak de actie op:\n%(link)s\n\n"
                 "Deze e-mail bevat bewust geen inhoud van de actie of het signaal.") % {
            "organisation": action.owner_organisation.name, "due": action.due_on.strftime("%d-%m-%Y"),
            "reference": action.signal.reference, "link": action_url(action.pk)}
    return send([EmailMessage(subject, body, None, [user.email]) for user in recipients])


def notify_finished(*, action_id: int) -> int:
    """Tell whoever created the action that it was reported back on (a link to the signal)."""
    action = _action(action_id)
    if action is None or action.created_by_id is None:
        return 0
    creator = User.objects.filter(pk=action.created_by_id, is_active=True).exclude(email="").first()
    if creator is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Actie bij signaal %(reference)s is teruggemeld") % {"reference": action.signal.reference}
        body = _("%(organisation)s heeft een actie bij signaal %(reference)s teruggemeld (%(status)s).\n\n"
                 "Bekijk de uitkomst in Schakel:\n%(link)s\n\n"
                 "Deze e-mail bevat bewust geen inhoud van de actie of het signaal.") % {
            "organisation": action.owner_organisation.name, "reference": action.signal.reference,
            "status": action.get_status_display().lower(), "link": signal_url(action.signal.reference)}
    return send([EmailMessage(subject, body, None, [creator.email])])
