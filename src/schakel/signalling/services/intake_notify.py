"""Intake, part three: the e-mails about a new signal and a reporter's answer (run by the worker).

Split from intake.py, which still exports these names.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from schakel.accounts.models import Membership
from schakel.accounts.roles import Role

from ..models import Signal

logger = logging.getLogger("schakel.signalling.services.intake")


def focal_officer_memberships(municipality_id: int):
    """Active focal-officer memberships that work for this municipality."""
    return (Membership.objects
            .filter(role=Role.FOCAL_OFFICER, active=True, organisation__active=True, user__is_active=True)
            .filter(Q(acts_for=municipality_id) | Q(acts_for__isnull=True, organisation__municipality=municipality_id))
            .select_related("user", "backup").distinct())


def signal_link(signal: Signal) -> str:
    path = reverse("signalling:signal-detail", kwargs={"reference": signal.reference})
    return settings.SITE_URL.rstrip("/") + path


def notify_new_signal(signal_id: int) -> None:
    """E-mail the focal officers: a link, never case content (mail leaves our control).

    Acute danger goes to every focal officer of the municipality and every backup, at once;
    an ordinary new signal to every focal officer, and to the backup of one absent as well
    (issue 19: what would reach the absent officer reaches the backup too, not instead).
    """
    signal = Signal.objects.for_list().select_related("municipality").get(pk=signal_id)
    memberships = list(focal_officer_memberships(signal.municipality_id))
    recipients: set[str] = set()
    for membership in memberships:
        if signal.acute_danger:
            recipients.add(membership.user.email)
            if membership.backup and membership.backup.is_active:
                recipients.add(membership.backup.email)
        else:
            recipients.add(membership.user.email)
            if membership.absent and membership.backup and membership.backup.is_active:
                recipients.add(membership.backup.email)
    recipients.discard("")
    if not recipients:
        logger.warning("signal %s: no focal officer to notify in municipality %s",
                       signal.reference, signal.municipality_id)
        return
    link = signal_link(signal)
    if signal.acute_danger:
        subject = _("ACUUT: nieuw signaal %(reference)s met acuut gevaar") % {"reference": signal.reference}
        body = _(
            "Er is zojuist een signaal met ACUUT GEVAAR binnengekomen voor gemeente %(municipality)s.\n\n"
            "Bekijk het direct in Schakel:\n%(link)s\n\n"
            "Deze e-mail bevat bewust geen inhoud van het signaal."
        ) % {"municipality": signal.municipality.name, "link": link}
    else:
        subject = _("Nieuw signaal %(reference)s") % {"reference": signal.reference}
        body = _(
            "Er is een nieuw signaal binnengekomen voor gemeente %(municipality)s.\n\n"
            "Bekijk het in Schakel:\n%(link)s\n\n"
            "Deze e-mail bevat bewust geen inhoud van het signaal."
        ) % {"municipality": signal.municipality.name, "link": link}
    # Runs in the background worker (schakel.signalling.tasks): a mail server failure fails the
    # task, which the worker logs and records; the signal itself is stored and in the inbox.
    send_mail(subject, body, None, sorted(recipients))


def notify_reporter_answered(signal_id: int) -> None:
    """Tell the handling focal officer (or, unassigned, the municipality's) that the reporter answered."""
    signal = Signal.objects.for_list().select_related("assigned_to").get(pk=signal_id)
    if signal.assigned_to is not None and signal.assigned_to.is_active:
        recipients = {signal.assigned_to.email}
    else:
        # Absent officers too: their backups are told as well (triage_mail.notify_backups_reporter_answered).
        recipients = {m.user.email for m in focal_officer_memberships(signal.municipality_id)}
    recipients.discard("")
    if not recipients:
        return
    subject = _("Antwoord van de melder op signaal %(reference)s") % {"reference": signal.reference}
    body = _(
        "De melder heeft een bericht gestuurd over signaal %(reference)s.\n\n"
        "Lees het in Schakel:\n%(link)s\n\n"
        "Deze e-mail bevat bewust geen inhoud van het bericht."
    ) % {"reference": signal.reference, "link": signal_link(signal)}
    send_mail(subject, body, None, sorted(recipients))  # in the worker, like notify_new_signal
