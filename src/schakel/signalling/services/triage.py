"""Triage by the focal officer: every change to a signal after intake goes through here.

Each use case is keyword-only and atomic: it checks that the actor handles the signal, locks the
row, refuses a stale `expected_version` (optimistic locking: two officers editing the same
signal, the second is refused, not overwritten), validates the move against the transition
table, writes a history row (`SignalEvent`) and an access-log entry, bumps the version, records
the first reaction, and queues e-mail for after the commit (links only, never content).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.clock import now as clock_now
from schakel.organisations.models import Organisation
from schakel.privacy.audit import record_access
from schakel.privacy.crypto import blind_index

from .. import normalise
from ..extensions import notify_referral
from ..models import (
    Channel,
    CloseReason,
    EntityKind,
    EventKind,
    MailboxMessage,
    MessageDirection,
    PersonRole,
    Referral,
    ReferralTarget,
    SearchToken,
    Signal,
    SignalEntity,
    SignalEvent,
    SignalStatus,
)
from ..permissions import can_triage
from ..referral_targets import organisation_fits
from ..selectors import focal_officer_membership, focal_officers_for, referral_organisations
from ..transitions import SignalDomainError, TransitionNotAllowed, check_transition
from . import triage_mail

MAX_TEXT = 5000


class StaleVersion(SignalDomainError):
    message = _("Iemand anders heeft dit signaal intussen gewijzigd. Uw wijziging is niet opgeslagen; "
                "uw invoer staat nog in het formulier. Bekijk de actuele gegevens en probeer het opnieuw.")


class AlreadyYours(SignalDomainError):
    message = _("U behandelt dit signaal al.")


class NotAFocalOfficer(SignalDomainError):
    message = _("Deze persoon is geen aandachtsfunctionaris van de gemeente van dit signaal.")


class NobodyAvailable(SignalDomainError):
    message = _("Deze aandachtsfunctionaris is afwezig en heeft geen beschikbare vervanger. Kies iemand anders.")


class MergeNotAllowed(SignalDomainError):
    pass


class ReporterNotReachable(SignalDomainError):
    message = _("De melder is niet via Schakel bereikbaar (anoniem zonder postvak, of zonder e-mailadres). "
                "Leg contact via de gegevens van de melder, of noteer dat dat niet kan.")


class TextRequired(SignalDomainError):
    message = _("Vul de tekst in.")


class TextTooLong(SignalDomainError):
    message = _("Deze tekst is te lang: hoogstens 5.000 tekens.")


class InvalidEntity(SignalDomainError):
    """One or more fields of a new person, company, address, ... are not valid."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(_("Controleer de gegevens: niet alles is goed ingevuld."))


class InvalidReferral(SignalDomainError):
    message = _("Kies naar wie u het signaal doorverwijst.")


class OrganisationDoesNotFit(InvalidReferral):
    """The chosen organisation is inactive, outside the signal's region, or of another kind than the target."""

    field = "to_organisation"
    message = _("Deze organisatie past niet bij de gekozen ontvanger of niet bij de regio van dit signaal. "
                "Kies een andere organisatie, of laat dit veld leeg.")


# --- the shared steps -----------------------------------------------------------------------

def _lock(*, actor, signal: Signal, expected_version: int) -> Signal:
    """The current row, locked for this transaction; refused when not the actor's or changed since."""
    current = Signal.objects.select_for_update().get(pk=signal.pk)
    if not can_triage(actor, current):
        raise PermissionDenied
    if current.version != expected_version:
        raise StaleVersion()
    return current


def _save(signal: Signal, *, expected_version: int, moment: datetime.datetime, changes: dict[str, Any]) -> Signal:
    """Write `changes` with the version bump, only if nobody wrote in between (compare-and-set)."""
    if signal.first_reaction_at is None:
        changes["first_reaction_at"] = moment
    written = Signal.objects.filter(pk=signal.pk, version=expected_version).update(
        **changes, version=expected_version + 1, updated_at=moment)
    if written != 1:
        raise StaleVersion()
    for name, value in changes.items():
        setattr(signal, name, value)
    signal.version = expected_version + 1
    signal.updated_at = moment
    return signal


def _event(signal: Signal, *, actor, moment, kind: str, from_status: str = "", to_status: str = "",
           reason: str = "", text: str = "", data: dict | None = None) -> SignalEvent:
    return SignalEvent.objects.create(signal=signal, at=moment, actor=actor, kind=kind, from_status=from_status,
                                      to_status=to_status, reason=reason, text=text, data=data or {})


def _log(actor, signal: Signal, what: str) -> None:
    record_access(user=actor, action="change", record=signal, reason=f"triage: {what}")


def _text(value: str, *, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise TextRequired()
    if len(text) > MAX_TEXT:
        raise TextTooLong()
    return text


# --- assignment --------------------------------------------------------------------------------

def available_officer(user, municipality_id: int):
    """`user` when present; their backup (a present focal officer of the municipality) when absent."""
    membership = focal_officer_membership(user, municipality_id)
    if membership is None:
        raise NotAFocalOfficer()
    if not membership.absent:
        return user
    backup = membership.backup
    if backup is not None and backup.is_active:
        backup_membership = focal_officer_membership(backup, municipality_id)
        if backup_membership is not None and not backup_membership.absent:
            return backup
    raise NobodyAvailable()


@transaction.atomic
def pick_up(*, actor, signal: Signal, expected_version: int, now: datetime.datetime | None = None) -> Signal:
    """The focal officer takes the signal on: assigned to them, and in triage if it was new."""
    moment = now or clock_now()
    current = _lock(actor=actor, signal=signal, expected_version=expected_version)
    if current.assigned_to_id == actor.pk and current.status != SignalStatus.RECEIVED:
        raise AlreadyYours()
    changes: dict[str, Any] = {"assigned_to": actor}
    previous = current.status
    if previous == SignalStatus.RECEIVED:
        check_transition(previous, SignalStatus.IN_TRIAGE, role=Role.FOCAL_OFFICER)
        changes["status"] = SignalStatus.IN_TRIAGE
    _save(current, expected_version=expected_version, moment=moment, changes=changes)
    _event(current, actor=actor, moment=moment, kind=EventKind.ASSIGNMENT,
           data={"assigned_to": actor.pk, "assigned_to_name": str(actor), "picked_up": True})
    if previous != current.status:
        _event(current, actor=actor, moment=moment, kind=EventKind.TRANSITION,
               from_status=previous, to_status=current.status)
    _log(actor, current, "opgepakt")
    return current


@transaction.atomic
def assign(*, actor, signal: Signal, assignee, expected_version: int,
           now: datetime.datetime | None = None) -> Signal:
    """Assign to a focal officer of the municipality; to their backup while they are absent."""
    moment = now or clock_now()
    current = _lock(actor=actor, signal=signal, expected_version=expected_version)
    if assignee is None or assignee.pk not in {u.pk for u in focal_officers_for(current.municipality_id)}:
        raise NotAFocalOfficer()
    effective = available_officer(assignee, current.municipality_id)
    _save(current, expected_version=expected_version, moment=moment, changes={"assigned_to": effective})
    data = {"assigned_to": effective.pk, "assigned_to_name": str(effective)}
    if effective.pk != assignee.pk:
        data.update(requested=assignee.pk, requested_name=str(assignee), backup_because_absent=True)
    _event(current, actor=actor, moment=moment, kind=EventKind.ASSIGNMENT, data=data)
    _log(actor, current, "toegewezen")
    if effective.pk != actor.pk:
        signal_id, officer_id = current.pk, effective.pk
        transaction.on_commit(lambda: triage_mail.notify_assigned(signal_id=signal_id, officer_id=officer_id))
    return current


# --- status ------------------------------------------------------------------------------------

@transaction.atomic
def change_status(*, actor, signal: Signal, target: str, expected_version: int, reason: str = "",
                  close_reason: str = "", now: datetime.datetime | None = None) -> Signal:
    """Move the signal along the transition table: in triage, on the screening agenda, close, reopen."""
    moment = now or clock_now()
    current = _lock(actor=actor, signal=signal, expected_version=expected_version)
    reason = _text(reason, required=False)
    previous = current.status
    check_transition(previous, target, reason=reason, close_reason=close_reason, role=Role.FOCAL_OFFICER)
    changes: dict[str, Any] = {"status": target}
    if target == SignalStatus.CLOSED:
        changes.update(close_reason=close_reason, closed_at=moment, waiting_for_reporter=False)
    if previous == SignalStatus.CLOSED:
        changes.update(close_reason="", closed_at=None, merged_into=None)
    if target == SignalStatus.IN_TRIAGE and current.assigned_to_id is None:
        changes["assigned_to"] = actor
    _save(current, expected_version=expected_version, moment=moment, changes=changes)
    kind = EventKind.REOPEN if previous == SignalStatus.CLOSED else EventKind.TRANSITION
    data = {"close_reason": close_reason} if close_reason else {}
    _event(current, actor=actor, moment=moment, kind=kind, from_status=previous, to_status=target,
           reason=reason, data=data)
    _log(actor, current, f"status {previous} -> {target}")
    return current


# --- referral ----------------------------------------------------------------------------------

@transaction.atomic
def refer(*, actor, signal: Signal, to_kind: str, expected_version: int, to_organisation: Organisation | None = None,
          to_description: str = "", note: str = "", now: datetime.datetime | None = None) -> Referral:
    """Refer directly (police when acute, Veilig Thuis, wijkteam, handhaving): to whom and when."""
    moment = now or clock_now()
    current = _lock(actor=actor, signal=signal, expected_version=expected_version)
    if to_kind not in ReferralTarget.values:
        raise InvalidReferral()
    to_description = (to_description or "").strip()[:200]
    if to_kind == ReferralTarget.OTHER and not (to_description or to_organisation):
        raise InvalidReferral(_("Vul in naar wie u doorverwijst."))
    if to_organisation is not None and not (
            organisation_fits(to_kind, to_organisation.kind)
            and referral_organisations(current).filter(pk=to_organisation.pk).exists()):
        raise OrganisationDoesNotFit()
    note = _text(note, required=False)
    previous = current.status
    changes: dict[str, Any] = {}
    if previous != SignalStatus.REFERRED:
        check_transition(previous, SignalStatus.REFERRED, role=Role.FOCAL_OFFICER)
        changes["status"] = SignalStatus.REFERRED
    _save(current, expected_version=expected_version, moment=moment, changes=changes)
    referral = Referral.objects.create(signal=current, at=moment, by=actor, to_kind=to_kind,
                                       to_organisation=to_organisation, to_description=to_description, note=note)
    _event(current, actor=actor, moment=moment, kind=EventKind.REFERRAL, from_status=previous,
           to_status=current.status if changes else "",
           data={"referral": referral.pk, "to_kind": to_kind,
                 "to_organisation": to_organisation.name if to_organisation else "",
                 "to_description": to_description})
    _log(actor, current, f"doorverwezen naar {to_kind}")
    notify_referral(referral, actor=actor, now=moment)
    return referral


# --- merge -------------------------------------------------------------------------------------

@transaction.atomic
def merge(*, actor, duplicate: Signal, into_reference: str, expected_version: int, reason: str = "",
          now: datetime.datetime | None = None) -> Signal:
    """Close `duplicate` as merged into the signal with `into_reference`; both histories are kept."""
    moment = now or clock_now()
    current = _lock(actor=actor, signal=duplicate, expected_version=expected_version)
    reference = (into_reference or "").strip()
    into = (Signal.objects.visible_to(actor).handled_by_focal_officer(actor)
            .filter(reference=reference, municipality_id=current.municipality_id).first())
    if into is None:
        raise MergeNotAllowed(_("Er is geen signaal met kenmerk %(reference)s in deze gemeente.")
                              % {"reference": reference or "–"})
    if into.pk == current.pk:
        raise MergeNotAllowed(_("Een signaal kan niet met zichzelf worden samengevoegd."))
    if into.status == SignalStatus.CLOSED:
        raise MergeNotAllowed(_("Signaal %(reference)s is afgesloten. Heropen het eerst, of voeg andersom samen.")
                              % {"reference": into.reference})
    reason = _text(reason, required=False)
    previous = current.status
    check_transition(previous, SignalStatus.CLOSED, reason=reason, close_reason=CloseReason.DUPLICATE,
                     role=Role.FOCAL_OFFICER, merging=True)
    _save(current, expected_version=expected_version, moment=moment, changes={
        "status": SignalStatus.CLOSED, "close_reason": CloseReason.DUPLICATE, "closed_at": moment,
        "merged_into": into, "waiting_for_reporter": False})
    _event(current, actor=actor, moment=moment, kind=EventKind.MERGE, from_status=previous,
           to_status=SignalStatus.CLOSED, reason=reason,
           data={"merged_into": into.reference, "close_reason": CloseReason.DUPLICATE})
    _event(into, actor=actor, moment=moment, kind=EventKind.MERGE, reason=reason,
           data={"merged_from": current.reference})
    _log(actor, current, f"samengevoegd met {into.reference}")
    _log(actor, into, f"{current.reference} samengevoegd hiermee")
    return into


# --- enrichment --------------------------------------------------------------------------------

@transaction.atomic
def add_note(*, actor, signal: Signal, text: str, expected_version: int,
             now: datetime.datetime | None = None) -> SignalEvent:
    moment = now or clock_now()
    current = _lock(actor=actor, signal=signal, expected_version=expected_version)
    text = _text(text)
    _save(current, expected_version=expected_version, moment=moment, changes={})
    event = _event(current, actor=actor, moment=moment, kind=EventKind.NOTE, text=text)
    _log(actor, current, "notitie")
    return event


def clean_entity(kind: str, data: dict, person_role: str = "") -> tuple[dict, str]:
    """Validate a new entity's fields; raise InvalidEntity with a Dutch message per field."""
    data = {key: (str(value).strip() if value is not None else "") for key, value in (data or {}).items()}
    errors: dict[str, str] = {}
    if kind not in EntityKind.values:
        raise InvalidEntity({"kind": _("Kies wat u toevoegt.")})
    if kind == EntityKind.PERSON:
        if person_role not in PersonRole.values:
            errors["person_role"] = _("Kies de rol van deze persoon.")
        if not (data.get("name") or data.get("description")):
            errors["name"] = _("Vul een naam of een omschrijving in.")
    else:
        person_role = ""
    required = {
        EntityKind.COMPANY: ("name", _("Vul de naam van het bedrijf in.")),
        EntityKind.VEHICLE: ("plate", _("Vul het kenteken in.")),
        EntityKind.PHONE: ("number", _("Vul het telefoonnummer in.")),
        EntityKind.EMAIL: ("address", _("Vul het e-mailadres in.")),
        EntityKind.WEBSITE: ("url", _("Vul de website of de link naar de advertentie in.")),
        EntityKind.ADDRESS: ("postcode", _("Vul de postcode in.")),
    }
    if kind in required and not data.get(required[kind][0]):
        errors[required[kind][0]] = required[kind][1]
    if kind == EntityKind.COMPANY and data.get("kvk") and not normalise.normalise_kvk(data["kvk"]):
        errors["kvk"] = _("Een KvK-nummer heeft 8 cijfers.")
    if kind == EntityKind.VEHICLE and data.get("plate") and not normalise.normalise_plate(data["plate"]):
        errors["plate"] = _("Dit is geen kenteken.")
    if kind == EntityKind.PHONE and data.get("number") and not normalise.normalise_phone(data["number"]):
        errors["number"] = _("Dit is geen geldig telefoonnummer. Een buitenlands nummer begint met + en de landcode.")
    if kind == EntityKind.EMAIL and data.get("address") and not normalise.normalise_email(data["address"]):
        errors["address"] = _("Dit is geen geldig e-mailadres.")
    if kind == EntityKind.WEBSITE and data.get("url") and not normalise.normalise_host(data["url"]):
        errors["url"] = _("Dit is geen geldige website of link.")
    if kind == EntityKind.ADDRESS and data.get("postcode"):
        if not normalise.normalise_postcode(data["postcode"]):
            errors["postcode"] = _("Een postcode is vier cijfers en twee letters, bijvoorbeeld 1234 AB.")
        elif not normalise.normalise_postcode_house(data["postcode"], data.get("house_number"),
                                                    data.get("house_number_addition", "")):
            errors["house_number"] = _("Vul een geldig huisnummer in (en eventueel een toevoeging).")
    if any(len(value) > 200 for key, value in data.items() if key != "description"):
        errors["__all__"] = _("Een veld is te lang: hoogstens 200 tekens.")
    if len(data.get("description", "")) > MAX_TEXT:
        errors["description"] = _("Deze tekst is te lang: hoogstens 5.000 tekens.")
    if errors:
        raise InvalidEntity(errors)
    return {key: value for key, value in data.items() if value}, person_role


@transaction.atomic
def add_entity(*, actor, signal: Signal, kind: str, data: dict, expected_version: int, person_role: str = "",
               now: datetime.datetime | None = None) -> SignalEntity:
    """Record an extra person, company, vehicle, phone, e-mail, website or address, and index it."""
    moment = now or clock_now()
    current = _lock(actor=actor, signal=signal, expected_version=expected_version)
    data, person_role = clean_entity(kind, data, person_role)
    _save(current, expected_version=expected_version, moment=moment, changes={})
    entity = SignalEntity.objects.create(signal=current, kind=kind, person_role=person_role, data=data,
                                         created_at=moment, created_by=actor)
    existing = set(SearchToken.objects.filter(signal=current).values_list("kind", "token"))
    new_tokens = {(term.kind, blind_index(term.kind, term.value)) for term in normalise.entity_terms(kind, data)}
    SearchToken.objects.bulk_create([SearchToken.of(current, k, t)
                                     for k, t in sorted(new_tokens - existing)])
    _event(current, actor=actor, moment=moment, kind=EventKind.EDIT,
           data={"entity": entity.pk, "entity_kind": kind})
    _log(actor, current, f"aangevuld: {kind}")
    from ..entity_hooks import entities_changed

    entities_changed(current.pk)  # linkage recomputes the signal's tokens after the commit
    return entity


@transaction.atomic
def ask_reporter(*, actor, signal: Signal, text: str, expected_version: int,
                 now: datetime.datetime | None = None) -> MailboxMessage:
    """A question to the reporter: in the public mailbox, or for a staff reporter by e-mail (a link only)."""
    from .mailbox import MailboxError, send_to_reporter

    moment = now or clock_now()
    current = _lock(actor=actor, signal=signal, expected_version=expected_version)
    text = _text(text)
    if current.channel == Channel.PUBLIC and current.mailbox_id:
        try:
            message = send_to_reporter(signal=current, text=text, sender=actor, now=moment)
        except MailboxError as refused:
            raise SignalDomainError(refused.message) from refused
    elif current.reporter_id and current.reporter.is_active and current.reporter.email:
        message = MailboxMessage.objects.create(signal=current, at=moment, direction=MessageDirection.TO_REPORTER,
                                                text=text, sender=actor)
        _event(current, actor=actor, moment=moment, kind=EventKind.QUESTION, data={"message": message.pk})
        signal_id, reporter_id = current.pk, current.reporter_id
        transaction.on_commit(lambda: triage_mail.notify_staff_reporter_question(
            signal_id=signal_id, reporter_id=reporter_id))
    else:
        raise ReporterNotReachable()
    _save(current, expected_version=expected_version, moment=moment, changes={"waiting_for_reporter": True})
    _log(actor, current, "vraag aan melder")
    return message


__all__ = [
    "AlreadyYours", "InvalidEntity", "InvalidReferral", "MergeNotAllowed", "NobodyAvailable", "NotAFocalOfficer",
    "OrganisationDoesNotFit",
    "ReporterNotReachable", "StaleVersion", "TextRequired", "TextTooLong", "TransitionNotAllowed",
    "add_entity", "add_note", "ask_reporter", "assign", "available_officer", "change_status", "clean_entity",
    "merge", "pick_up", "refer",
]
