"""E-mail of triage: assignment, a question to a staff reporter, the daily overdue list.

Mail leaves our control, so it carries references and links only, never case content. Each
function runs after the commit (or in the daily job) and never lets a mail-server failure undo
or stop the work: the failure is logged, the data is already stored and visible in the inbox.
"""

from __future__ import annotations

import datetime
from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from schakel.accounts.models import User
from schakel.web.mail import send_quietly

from ..models import Signal


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def signal_url(reference: str) -> str:
    return _absolute(reverse("signalling:signal-detail", kwargs={"reference": reference}))


def _reporter_url(reference: str) -> str:
    """Where a staff reporter reads the messages about their own signal ('Mijn meldingen')."""
    candidates = (("signalling:intake-mine-detail", {"reference": reference}), ("signalling:intake-mine", {}))
    for name, kwargs in candidates:
        try:
            return _absolute(reverse(name, kwargs=kwargs))
        except NoReverseMatch:
            continue
    return _absolute(reverse("web:home"))


def _send(messages: list[EmailMessage]) -> int:
    return send_quietly(messages, what="triage mail")


def _active_user(user_id: int) -> User | None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    return user if user is not None and user.email else None


def _backups_of_absent(user_ids) -> list[User]:
    """The backups of those among `user_ids` who are absent (issue 19): they receive the mail as well."""
    from ..selectors_officers import with_backups

    ids = set(user_ids)
    extra = with_backups(ids) - ids
    return list(User.objects.filter(pk__in=extra, is_active=True).exclude(email="").order_by("pk"))


def notify_assigned(*, signal_id: int, officer_id: int) -> int:
    officer = _active_user(officer_id)
    reference = Signal.objects.filter(pk=signal_id).values_list("reference", flat=True).first()
    if officer is None or reference is None:
        return 0
    recipients = [officer.email, *(backup.email for backup in _backups_of_absent([officer.pk]))]
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Signaal %(reference)s is aan u toegewezen") % {"reference": reference}
        body = _("Signaal %(reference)s is aan u toegewezen in Schakel.\n\n"
                 "Bekijk het hier:\n%(link)s\n\n"
                 "Deze e-mail bevat bewust geen inhoud van het signaal.") % {
            "reference": reference, "link": signal_url(reference)}
    return _send([EmailMessage(subject, body, None, [email]) for email in recipients])


def notify_backups_reporter_answered(*, signal_id: int) -> int:
    """The reporter answered a signal whose handler is absent: their backup is told as well.

    The handler (or, unassigned, the present officers) is mailed by tasks.notify_reporter_answered;
    this adds only the backups of absent officers who would otherwise be the only ones told.
    """
    from ..selectors_officers import focal_officers_for

    signal = Signal.objects.filter(pk=signal_id).only("id", "reference", "assigned_to_id", "municipality_id").first()
    if signal is None:
        return 0
    handlers = ([signal.assigned_to_id] if signal.assigned_to_id
                else [user.pk for user in focal_officers_for(signal.municipality_id)])
    backups = _backups_of_absent(handlers)
    if not backups:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Antwoord van de melder op signaal %(reference)s") % {"reference": signal.reference}
        body = _("De melder heeft een bericht gestuurd over signaal %(reference)s. U krijgt dit bericht als "
                 "vervanger van een afwezige aandachtsfunctionaris.\n\nLees het in Schakel:\n%(link)s\n\n"
                 "Deze e-mail bevat bewust geen inhoud van het bericht.") % {
            "reference": signal.reference, "link": signal_url(signal.reference)}
    return _send([EmailMessage(subject, body, None, [backup.email]) for backup in backups])


def notify_staff_reporter_question(*, signal_id: int, reporter_id: int) -> int:
    reporter = _active_user(reporter_id)
    reference = Signal.objects.filter(pk=signal_id).values_list("reference", flat=True).first()
    if reporter is None or reference is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Vraag over uw signaal %(reference)s") % {"reference": reference}
        body = _("De aandachtsfunctionaris mensenhandel heeft een vraag over het signaal dat u meldde "
                 "(%(reference)s).\n\nLees en beantwoord de vraag in Schakel:\n%(link)s\n\n"
                 "Deze e-mail bevat bewust geen inhoud.") % {
            "reference": reference, "link": _reporter_url(reference)}
    return _send([EmailMessage(subject, body, None, [reporter.email])])


def notify_acute_escalation(*, reference: str, user_ids: list[int]) -> int:
    """An acute signal's norm passed without a reaction: each recipient one e-mail with the link."""
    users = list(User.objects.filter(pk__in=user_ids, is_active=True).exclude(email="").order_by("pk"))
    if not users:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Acuut: signaal %(reference)s heeft nog geen reactie") % {"reference": reference}
        body = _("Signaal %(reference)s is gemeld met acuut gevaar. De termijn voor de eerste reactie is "
                 "verstreken zonder dat iemand het signaal heeft opgepakt.\n\n"
                 "U krijgt dit bericht als behandelaar, vervanger of ketenregisseur. "
                 "Bekijk het signaal direct:\n%(link)s\n\n"
                 "Deze e-mail bevat bewust geen inhoud van het signaal.") % {
            "reference": reference, "link": signal_url(reference)}
    return _send([EmailMessage(subject, body, None, [user.email]) for user in users])


def notify_staff_reporter_message(*, signal_id: int, reporter_id: int) -> int:
    """A focal officer sent a (standard) message to a staff reporter: a link to 'Mijn meldingen'."""
    reporter = _active_user(reporter_id)
    reference = Signal.objects.filter(pk=signal_id).values_list("reference", flat=True).first()
    if reporter is None or reference is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Bericht over uw signaal %(reference)s") % {"reference": reference}
        body = _("De aandachtsfunctionaris mensenhandel heeft u een bericht gestuurd over het signaal dat u "
                 "meldde (%(reference)s).\n\nLees het bericht in Schakel:\n%(link)s\n\n"
                 "Deze e-mail bevat bewust geen inhoud.") % {
            "reference": reference, "link": _reporter_url(reference)}
    return _send([EmailMessage(subject, body, None, [reporter.email])])


def send_overdue_lists(*, today: datetime.date) -> tuple[int, int]:
    """One e-mail per focal officer with their overdue signals (references and links).

    Returns (officers mailed, signals listed). Called once a day by the periodic job.
    """
    from ..selectors import overdue_by_officer

    by_officer = overdue_by_officer(today=today)
    officers = {u.pk: u for u in User.objects.filter(pk__in=list(by_officer), is_active=True).exclude(email="")}
    messages = []
    listed = 0
    with translation.override(settings.LANGUAGE_CODE):
        for officer_id, signals in sorted(by_officer.items()):
            officer = officers.get(officer_id)
            if officer is None:
                continue
            lines = [f"- {s.reference}: {signal_url(s.reference)}" for s in signals]
            listed += len(signals)
            subject = _("Schakel: %(count)s signalen over de termijn") % {"count": len(signals)}
            body = _("Deze signalen hebben hun termijn overschreden (stand %(today)s):\n\n%(lines)s\n\n"
                     "Uw inbox met alle signalen over de termijn:\n%(inbox)s\n\n"
                     "Deze e-mail bevat bewust geen inhoud van de signalen.") % {
                "today": today.strftime("%d-%m-%Y"), "lines": "\n".join(lines),
                "inbox": _absolute(reverse("signalling:inbox") + "?tab=overdue")}
            messages.append(EmailMessage(subject, body, None, [officer.email]))
    return _send(messages), listed
