"""E-mail of care coordination: links and client numbers only, never what the case holds.

Referral mail is sent after the commit; the reflection-period reminders come from the daily job,
which marks each period as reminded as it goes. A failing mail server is logged, never undoes work.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from schakel.accounts.models import Membership
from schakel.accounts.roles import Role
from schakel.web.mail import send_quietly


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(messages: list[EmailMessage]) -> int:
    return send_quietly(messages, what="care mail")


def _addresses(*, organisation_id: int, role: str) -> list[str]:
    return sorted(set(Membership.objects.filter(organisation_id=organisation_id, role=role, active=True,
                                                user__is_active=True).exclude(user__email="")
                      .values_list("user__email", flat=True)))


def referral_requested(referral) -> None:
    referral_id, organisation_id = referral.pk, referral.organisation_id

    def send() -> None:
        recipients = _addresses(organisation_id=organisation_id, role=Role.PARTNER_MEMBER)
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Schakel: een verwijzing van de zorgcoördinator")
            body = _("De zorgcoördinator mensenhandel heeft uw organisatie een verwijzing gestuurd.\n\n"
                     "Bekijk en beantwoord die in Schakel:\n%(link)s\n\n"
                     "Deze e-mail bevat bewust geen inhoud.") % {
                "link": _absolute(reverse("care:referral-detail", kwargs={"pk": referral_id}))}
        _send([EmailMessage(subject, body, None, [address]) for address in recipients])

    transaction.on_commit(send)


def referral_answered(referral) -> None:
    number, coordinator = referral.case.client_number, referral.case.coordinator

    def send() -> None:
        if coordinator is None or not coordinator.is_active or not coordinator.email:
            return
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Schakel: antwoord op een verwijzing voor %(number)s") % {"number": number}
            body = _("Een partner heeft geantwoord op een verwijzing voor zorgtraject %(number)s.\n\n"
                     "Bekijk het in Schakel:\n%(link)s\n\nDeze e-mail bevat bewust geen inhoud.") % {
                "number": number, "link": _absolute(reverse("care:case-detail", kwargs={"number": number}))}
        _send([EmailMessage(subject, body, None, [coordinator.email])])

    transaction.on_commit(send)


def reflection_reminder(*, case, weeks: int, recipients: list[str]) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Schakel: bedenktijd %(number)s eindigt over %(weeks)s weken") % {
            "number": case.client_number, "weeks": weeks}
        body = _("De bedenktijd in zorgtraject %(number)s eindigt op %(end)s, over %(weeks)s weken. Bespreek met de "
                 "cliënt of hij of zij aangifte doet, en leg het besluit vast.\n\n%(link)s\n\n"
                 "Deze e-mail bevat bewust geen inhoud.") % {
            "number": case.client_number, "weeks": weeks, "end": case.reflection.effective_end.strftime("%d-%m-%Y"),
            "link": _absolute(reverse("care:case-detail", kwargs={"number": case.client_number}))}
    return _send([EmailMessage(subject, body, None, [address]) for address in recipients])
