"""Telling focal officers about a new match: a link, the kind and the other municipality; no content.

Mail leaves our control, so it says only that a match of a kind exists and where to see it.
Runs after the commit; a failing mail server is logged and never undoes the match (it is
listed on the page 'Koppelingen' anyway).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from schakel.signalling.selectors_officers import focal_officers_for

from ..models import Match

logger = logging.getLogger(__name__)


def contacts_for(municipality_id: int) -> list:
    """Whom to call in a municipality about a match: its active focal officers."""
    return focal_officers_for(municipality_id)


def notify_new_matches(match_ids: list[int]) -> int:
    matches = list(Match.objects.filter(pk__in=match_ids).select_related("municipality_a", "municipality_b"))
    by_user: dict[int, tuple] = {}
    for match in matches:
        for own, other in ((match.municipality_a_id, match.municipality_b), (match.municipality_b_id,
                                                                              match.municipality_a)):
            for user in contacts_for(own):
                if user.email:
                    by_user.setdefault(user.pk, (user, []))[1].append((match, other))
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for user, items in by_user.values():
            lines = [_("Schakel heeft een nieuwe koppeling gevonden met een signaal elders."), ""]
            for match, other in items:
                lines.append(_("- %(kind)s, gemeente %(other)s: %(url)s") % {
                    "kind": match.get_kind_display(), "other": other.name,
                    "url": settings.SITE_URL.rstrip("/") + reverse("linkage:detail", kwargs={"pk": match.pk})})
            lines += ["", _("De inhoud van het andere signaal ziet u niet; "
                            "vraag zo nodig contact aan via de koppeling.")]
            messages.append(EmailMessage(subject=_("Nieuwe koppeling in Schakel"), body="\n".join(lines),
                                         to=[user.email]))
    if not messages:
        return 0
    try:
        with get_connection() as connection:
            return connection.send_messages(messages) or 0
    except OSError:
        logger.exception("linkage mail could not be sent (%d messages)", len(messages))
        return 0


def _send_one(users, subject: str, body: str) -> int:
    messages = [EmailMessage(subject=subject, body=body, to=[u.email]) for u in users if u.email]
    if not messages:
        return 0
    try:
        with get_connection() as connection:
            return connection.send_messages(messages) or 0
    except OSError:
        logger.exception("linkage mail could not be sent (%d messages)", len(messages))
        return 0


def notify_contact_request(contact_id: int) -> int:
    from ..models import ContactRequest

    contact = ContactRequest.objects.select_related("from_municipality").get(pk=contact_id)
    with translation.override(settings.LANGUAGE_CODE):
        url = settings.SITE_URL.rstrip("/") + reverse("linkage:detail", kwargs={"pk": contact.match_id})
        body = _("De gemeente %(other)s vraagt contact over een koppeling met een signaal van uw gemeente. "
                 "Bekijk het verzoek en keur het goed of af: %(url)s") % {"other": contact.from_municipality.name,
                                                                           "url": url}
        return _send_one(contacts_for(contact.to_municipality_id), _("Contactverzoek over een koppeling"), body)


def notify_contact_answer(contact_id: int) -> int:
    from ..models import ContactRequest

    contact = ContactRequest.objects.select_related("to_municipality", "requested_by").get(pk=contact_id)
    if contact.requested_by is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        url = settings.SITE_URL.rstrip("/") + reverse("linkage:detail", kwargs={"pk": contact.match_id})
        body = _("De gemeente %(other)s heeft uw contactverzoek over een koppeling beantwoord: %(url)s") % {
            "other": contact.to_municipality.name, "url": url}
        return _send_one([contact.requested_by], _("Antwoord op uw contactverzoek"), body)


def notify_remote_matches(match_ids: list[int]) -> int:
    """Tell a municipality's focal officers that another installation holds one of their identifiers."""
    from ..models import RemoteMatch

    matches = list(RemoteMatch.objects.filter(pk__in=match_ids).select_related("installation"))
    by_municipality: dict[int, list] = {}
    for match in matches:
        by_municipality.setdefault(match.municipality_id, []).append(match)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for municipality_id, items in by_municipality.items():
            lines = [_("Een andere Schakel-installatie kent een kenmerk uit een signaal van uw gemeente."), ""]
            for match in items:
                contact = match.installation.contact_email or _("(geen contactpersoon opgegeven)")
                lines.append(_("- %(kind)s, installatie %(name)s, contact: %(contact)s") % {
                    "kind": match.get_kind_display(), "name": match.installation.name, "contact": contact})
            lines += ["", _("U ziet niet wat de andere installatie weet; neem zo nodig contact op.")]
            sent += _send_one(contacts_for(municipality_id), _("Koppeling met een andere installatie"),
                              "\n".join(lines))
    return sent
