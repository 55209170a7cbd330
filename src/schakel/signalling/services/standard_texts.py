"""The region's standard texts for reporters, and sending one to a signal's reporter.

A focal officer of a municipality in the region keeps the texts (one per title, Dutch required,
other languages optional). Sending picks the text in the reporter's language (the language the
public form was filled in; Dutch when the region has no text in it), writes it to the public
mailbox, or for a staff reporter to 'Mijn meldingen' with an e-mail link. Sending counts as the
first reaction and does not put the signal on 'wacht op melder' (it asks nothing).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import scope_for
from schakel.clock import now as clock_now
from schakel.organisations.models import Region
from schakel.privacy.audit import record_access

from ..models import Channel, EventKind, MailboxMessage, MessageDirection, Signal, SignalEvent, StandardText
from ..permissions import can_triage
from ..transitions import SignalDomainError
from . import triage_mail
from .mailbox import MAX_MESSAGE, MailboxError, send_to_reporter

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


class StandardTextError(SignalDomainError):
    """A refusal shown as it is (Dutch)."""

    def __init__(self, message, field: str | None = None):
        self.message = message
        self.field = field
        super().__init__(message)


class StaleStandardText(StandardTextError):
    def __init__(self):
        super().__init__(_("Iemand anders heeft deze standaardtekst intussen gewijzigd. Uw wijziging is niet "
                           "opgeslagen; uw invoer staat nog in het formulier. Bekijk de actuele tekst en probeer "
                           "het opnieuw."))


def regions_kept_by(user) -> list[Region]:
    """The regions whose standard texts `user` keeps: those of the municipalities they are focal officer for."""
    municipalities = scope_for(user).municipalities_for(Role.FOCAL_OFFICER)
    return list(Region.objects.filter(members__municipality_id__in=sorted(municipalities)).distinct().order_by("name"))


def _clean_texts(texts: dict) -> dict:
    cleaned = {code: (texts.get(code) or "").strip() for code in LANGUAGE_CODES}
    if not cleaned["nl"]:
        raise StandardTextError(_("Vul de Nederlandse tekst in: die krijgt een melder in een taal zonder eigen "
                                  "tekst."), field="text_nl")
    for code, text in cleaned.items():
        if len(text) > MAX_MESSAGE:
            raise StandardTextError(_("Een tekst is hoogstens 5.000 tekens."), field=f"text_{code}")
    return {code: text for code, text in cleaned.items() if text}


@transaction.atomic
def save_standard_text(*, actor, region: Region, title: str, texts: dict, active: bool = True, order: int = 0,
                       standard_text: StandardText | None = None, expected_version: int | None = None,
                       now: datetime.datetime | None = None) -> StandardText:
    """Create (standard_text None) or change a standard text of a region the actor keeps texts for."""
    if region.pk not in {r.pk for r in regions_kept_by(actor)}:
        raise PermissionDenied
    title = (title or "").strip()
    if not title:
        raise StandardTextError(_("Vul de titel in."), field="title")
    cleaned = _clean_texts(texts)
    duplicate = StandardText.objects.filter(region=region, title=title)
    if standard_text is not None:
        duplicate = duplicate.exclude(pk=standard_text.pk)
    if duplicate.exists():
        raise StandardTextError(_("Deze regio heeft al een standaardtekst met deze titel. Kies een andere titel."),
                                field="title")
    moment = now or clock_now()
    if standard_text is None:
        created = StandardText.objects.create(region=region, title=title, texts=cleaned, active=active, order=order,
                                              updated_at=moment, updated_by=actor)
        record_access(user=actor, action="create", record=created, reason="standaardtekst toegevoegd")
        return created
    written = StandardText.objects.filter(pk=standard_text.pk, region=region, version=expected_version).update(
        title=title, texts=cleaned, active=active, order=order, updated_at=moment, updated_by=actor,
        version=(expected_version or 0) + 1)
    if written != 1:
        raise StaleStandardText()
    standard_text.refresh_from_db()
    record_access(user=actor, action="change", record=standard_text, reason="standaardtekst gewijzigd")
    return standard_text


def texts_for_signal(signal: Signal) -> list[StandardText]:
    return list(StandardText.objects.filter(region_id=signal.region_id, active=True).order_by("order", "title", "id"))


def reporter_language(signal: Signal) -> str:
    """The language a message to this reporter is written in: the public form's language, else Dutch."""
    if signal.channel == Channel.PUBLIC and signal.reporter_language in LANGUAGE_CODES:
        return signal.reporter_language
    return "nl"


@transaction.atomic
def send_standard_message(*, actor, signal: Signal, standard_text_id: int, expected_version: int,
                          now: datetime.datetime | None = None) -> MailboxMessage:
    """Send a standard text of the signal's region to its reporter, in the reporter's language."""
    from .triage import ReporterNotReachable, StaleVersion

    moment = now or clock_now()
    current = Signal.objects.select_for_update(of=("self",)).select_related("reporter").get(pk=signal.pk)
    if not can_triage(actor, current):
        raise PermissionDenied
    if current.version != expected_version:
        raise StaleVersion()
    standard_text = StandardText.objects.filter(pk=standard_text_id, region_id=current.region_id, active=True).first()
    if standard_text is None:
        raise StandardTextError(_("Kies een standaardtekst van de regio van dit signaal."), field="standard_text")
    language, text = standard_text.text_for(reporter_language(current))
    if current.channel == Channel.PUBLIC and current.mailbox_id:
        try:
            message = send_to_reporter(signal=current, text=text, sender=actor, wait_for_answer=False, now=moment,
                                       event_kind=EventKind.STANDARD_MESSAGE, event_reason=standard_text.title[:200],
                                       event_data={"standard_text": standard_text.pk, "language": language})
        except MailboxError as refused:
            raise StandardTextError(refused.message) from refused
    elif current.reporter_id and current.reporter.is_active and current.reporter.email:
        message = MailboxMessage.objects.create(signal=current, at=moment, direction=MessageDirection.TO_REPORTER,
                                                text=text, sender=actor)
        record_access(user=actor, action="create", record=message, reason="standaardbericht aan melder")
        signal_id, reporter_id = current.pk, current.reporter_id
        transaction.on_commit(lambda: triage_mail.notify_staff_reporter_message(
            signal_id=signal_id, reporter_id=reporter_id))
        SignalEvent.objects.create(signal=current, at=moment, actor=actor, kind=EventKind.STANDARD_MESSAGE,
                                   reason=standard_text.title[:200],
                                   data={"message": message.pk, "standard_text": standard_text.pk,
                                         "language": language})
    else:
        raise ReporterNotReachable()
    changes = {"version": expected_version + 1, "updated_at": moment}
    if current.first_reaction_at is None:
        changes["first_reaction_at"] = moment
    if Signal.objects.filter(pk=current.pk, version=expected_version).update(**changes) != 1:
        raise StaleVersion()
    record_access(user=actor, action="change", record=current, reason="triage: standaardbericht aan melder")
    return message
