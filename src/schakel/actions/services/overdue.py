"""Telling the focal officer once when an action of their signal is overdue (the daily job).

Per overdue action, once (`Action.overdue_notified_on`): the focal officer who created it, if
they still work for the signal's municipality; else the signal's assigned focal officer; else
every focal officer of the municipality. One e-mail per officer lists their actions' signal
references with links, never content. Marked before the mail goes out: a failing mail server
is logged and not retried (the action stays visible, marked 'te laat', on the signal page).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from schakel.accounts.models import User
from schakel.signalling.selectors import focal_officers_for
from schakel.signalling.selectors_officers import with_backups

from ..models import Action, ActionEvent, ActionEventKind
from . import mail


def _recipients(action: Action, officers_by_municipality: dict[int, set[int]]) -> set[int]:
    if action.municipality_id not in officers_by_municipality:
        officers_by_municipality[action.municipality_id] = {
            user.pk for user in focal_officers_for(action.municipality_id)}
    officers = officers_by_municipality[action.municipality_id]
    for candidate in (action.created_by_id, action.signal.assigned_to_id):
        if candidate in officers:
            return with_backups({candidate})  # an absent officer's backup is told as well (issue 19)
    return set(officers)


def notify_overdue(*, today: datetime.date, now: datetime.datetime) -> tuple[int, int]:
    """Mail focal officers about newly overdue actions; returns (officers mailed, actions marked)."""
    with transaction.atomic():
        overdue = list(Action.objects.overdue(today).filter(overdue_notified_on__isnull=True)
                       .select_for_update(of=("self",))
                       .select_related("signal", "owner_organisation")
                       .only("id", "due_on", "municipality_id", "created_by_id", "signal__id", "signal__reference",
                             "signal__assigned_to_id", "owner_organisation__id", "owner_organisation__name")
                       .order_by("municipality_id", "due_on", "id"))
        if not overdue:
            return 0, 0
        by_officer: dict[int, list[Action]] = {}
        officers_by_municipality: dict[int, set[int]] = {}
        for action in overdue:
            for officer_id in _recipients(action, officers_by_municipality):
                by_officer.setdefault(officer_id, []).append(action)
        Action.objects.filter(pk__in=[a.pk for a in overdue]).update(overdue_notified_on=today)
        ActionEvent.objects.bulk_create([ActionEvent(action=a, at=now, kind=ActionEventKind.OVERDUE_NOTIFIED)
                                         for a in overdue])
    officers = {u.pk: u for u in User.objects.filter(pk__in=list(by_officer), is_active=True).exclude(email="")}
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for officer_id, actions in sorted(by_officer.items()):
            officer = officers.get(officer_id)
            if officer is None:
                continue
            lines = "\n".join(
                f"- {a.signal.reference} ({a.owner_organisation.name}, uiterlijk {a.due_on:%d-%m-%Y}): "
                f"{mail.signal_url(a.signal.reference)}" for a in actions)
            subject = _("Schakel: %(count)s acties over de termijn") % {"count": len(actions)}
            body = _("Deze acties bij uw signalen zijn niet op tijd afgerond (stand %(today)s):\n\n%(lines)s\n\n"
                     "Op de signaalpagina ziet u wie de actie heeft en of die is opgepakt.\n\n"
                     "Deze e-mail bevat bewust geen inhoud van de acties of de signalen.") % {
                "today": today.strftime("%d-%m-%Y"), "lines": lines}
            messages.append(EmailMessage(subject, body, None, [officer.email]))
    return mail.send(messages), len(overdue)
