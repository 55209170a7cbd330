"""Intake: every channel (staff form, public form, phone or visit, partner API) ends here.

`submit_signal` validates the payload once more (forms and serializers validate first, with the
same validators, so the reporter sees messages next to the fields), encrypts, stores the
signal with its entities and search tokens, computes the deadlines in working days, writes
the history and the access log, and queues the e-mails for the background worker (with the
transaction, see `tasks`).

The payload is a plain dict (see `IntakePayload` for its keys); values are plaintext, this
module is where they are normalised into tokens and sealed by the encrypted fields.

Split by topic, every name still importable from here: `intake_validation` (limits, validators,
`clean_payload`), `intake_storage` (idempotency, deadlines, reference numbers, bulk rows) and
`intake_notify` (the e-mails the worker sends).
"""

from __future__ import annotations

import datetime
from typing import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from schakel.clock import now as clock_now
from schakel.organisations.models import Municipality, Organisation
from schakel.privacy.audit import record_access
from schakel.privacy.crypto import blind_index

from ..models import Channel, EventKind, SearchToken, Signal, SignalEntity, SignalEvent, SignalStatus
from ..rules import received_date

# The parts of intake (split by topic); their names stay importable from here as before.
from .intake_notify import (  # noqa: F401
    focal_officer_memberships,
    notify_new_signal,
    notify_reporter_answered,
    signal_link,
)
from .intake_storage import (  # noqa: F401
    INSERT_BATCH,
    IdempotencyConflict,
    _count_up,
    _insert_rows,
    _replay,
    _returning_supported,
    deadlines_for,
    idempotency_hash,
    next_reference,
    payload_fingerprint,
    region_of,
)
from .intake_validation import (  # noqa: F401
    CHOICES,
    FORMS,
    GENDERS,
    MAX_DESCRIPTION,
    MAX_ENTITIES_PER_KIND,
    MAX_LENGTHS,
    MAX_SHORT_TEXT,
    NO_NULL_CHARACTERS,
    PERSON_ROLES,
    IntakePayload,
    IntakeValidationError,
    _Clean,
    _text,
    clean_payload,
    says_something,
    validate_email,
    validate_house_number,
    validate_house_number_addition,
    validate_kvk,
    validate_not_future,
    validate_phone,
    validate_plate,
    validate_postcode,
    validate_website,
)


# --- the use case ------------------------------------------------------------------------------

def submit_signal(
    *,
    channel: str,
    municipality: Municipality,
    payload: dict,
    reporter=None,
    files: Iterable = (),
    idempotency_key: str | None = None,
    now: datetime.datetime | None = None,
    receipt_seed: str | None = None,
    recorded_by=None,
    notify: bool = True,
    look_up_replay: bool = True,
    reporter_organisation: Organisation | None = None,
) -> Signal:
    """Create a signal from any channel; return it (`created_now` False for an idempotent replay).

    `idempotency_key` must already be namespaced by the caller (e.g. 'api:<user id>:<header>'):
    the same key with the same content returns the first signal; with other content raises
    `IdempotencyConflict`. For the public channel the returned signal carries `receipt_code`
    (shown once); `receipt_seed` makes that code reproducible for a double submit.
    `recorded_by` is the user who typed it in for someone else (a focal officer taking a call);
    the history and the access log name them, while `reporter` stays empty.
    The e-mail to the focal officers is queued for the background worker when the transaction
    commits; `notify=False` leaves it out (loading synthetic demo records).
    `look_up_replay=False` skips the look-up of the key before storing (not for the public
    channel, whose storing hashes a receipt code): a replay is then caught by the key's unique
    constraint and answered the same way. For form pages, where a double submit is rare and the
    look-up would cost every submit a query; files of a replay would be stored in vain, so keep
    the default when there are new files.
    `reporter_organisation`: the reporting organisation, already read and found active by the
    caller (instead of the payload's `reporter_organisation` id, which is then looked up).
    """
    from . import mailbox

    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    files = list(files)
    moment = now or clock_now()
    key_hash = idempotency_hash(idempotency_key) if idempotency_key else None
    fingerprint = payload_fingerprint(payload, municipality.pk, channel) if key_hash else ""
    # A public replay is looked up first all the same: storing would hash a receipt code (Argon2).
    if key_hash and (look_up_replay or channel == Channel.PUBLIC):
        replay = _replay(key_hash, fingerprint)
        if replay is not None:
            _restore_receipt(replay, receipt_seed, moment)
            return replay

    errors: dict[str, list[str]] = {}
    region = region_of(municipality) if municipality.active else None
    if region is None:
        errors["municipality"] = [_("Voor deze gemeente kunnen (nog) geen signalen worden ontvangen.")]
    try:
        clean = clean_payload(payload, today=received_date(moment), reporter_organisation=reporter_organisation)
    except IntakeValidationError as exc:
        errors.update(exc.errors)
    if errors:
        raise IntakeValidationError(errors)

    first_reaction_due, triage_due = deadlines_for(region, moment)
    receipt = None
    if channel == Channel.PUBLIC:
        receipt = mailbox.new_receipt(seed=receipt_seed)
    try:
        with transaction.atomic():
            signal = _store(
                clean, channel=channel, municipality=municipality, region=region, reporter=reporter,
                moment=moment, first_reaction_due=first_reaction_due, triage_due=triage_due,
                key_hash=key_hash, fingerprint=fingerprint, receipt=receipt, files=files,
                recorded_by=recorded_by, notify=notify)
    except IntegrityError:
        if key_hash:
            replay = _replay(key_hash, fingerprint)
            if replay is not None:
                _restore_receipt(replay, receipt_seed, moment)
                return replay
        raise
    signal.created_now = True
    signal.receipt_code = receipt.display if receipt else None
    return signal


def _restore_receipt(signal: Signal, seed: str | None, moment: datetime.datetime) -> None:
    from . import mailbox

    signal.receipt_code = None
    if signal.channel == Channel.PUBLIC and seed and moment - signal.received_at <= mailbox.REDISPLAY_WINDOW:
        receipt = mailbox.new_receipt(seed=seed)
        if receipt.mailbox_id == signal.mailbox_id:
            signal.receipt_code = receipt.display


def _store(clean: _Clean, *, channel, municipality, region, reporter, moment, first_reaction_due, triage_due,
           key_hash, fingerprint, receipt, files, recorded_by=None, notify=True) -> Signal:
    year = received_date(moment).year
    signal = Signal(
        reference=next_reference(year),
        municipality=municipality,
        region=region,
        channel=channel,
        reporter=reporter if reporter is not None and reporter.is_authenticated else None,
        reporter_department=clean.reporter_department,
        reporter_organisation=clean.reporter_organisation,
        reporter_contact=clean.reporter_contact,
        reporter_language=clean.language,
        observed_on=clean.observed_on,
        location_address=clean.address,
        location_type=clean.location_type,
        forms=clean.forms,
        sector=clean.sector,
        description=clean.description,
        minors_involved=clean.minors_involved,
        acute_danger=clean.acute_danger,
        status=SignalStatus.RECEIVED,
        received_at=moment,
        first_reaction_due=first_reaction_due,
        triage_due=triage_due,
        idempotency_key=key_hash,
        idempotency_fingerprint=fingerprint,
        mailbox_id=receipt.mailbox_id if receipt else None,
        receipt_hash=receipt.secret_hash if receipt else "",
    )
    if clean.acute_danger:
        from ..acute import apply_acute_norm

        apply_acute_norm(signal, region)  # the region's much shorter first-reaction norm (issue 12)
    signal.save(force_insert=True)
    # The signal's rows are written without a model instance per row: one INSERT per table.
    through = Signal.indicators.through
    _insert_rows(through, ("signal_id", "indicator_id"), [(signal.pk, pk) for pk in clean.indicators])
    tokens = [(kind, blind_index(kind, value)) for kind, value in sorted(clean.tokens)]
    _insert_rows(SearchToken, SearchToken.ROW_COLUMNS, SearchToken.rows_of(signal, tokens))
    actor = recorded_by if recorded_by is not None else signal.reporter
    actor_id = actor.pk if actor is not None else None
    _insert_rows(SignalEntity, ("signal_id", "kind", "person_role", "data", "created_at", "created_by_id"),
                 [(signal.pk, kind, role, data, moment, actor_id) for kind, role, data in clean.entities])
    if files:
        from . import attachments

        attachments.attach_files(signal=signal, files=files, by=actor)
    _insert_rows(SignalEvent, ("signal_id", "at", "actor_id", "kind", "from_status", "to_status", "reason", "text",
                               "data"),
                 [(signal.pk, moment, actor_id, EventKind.RECEIVED, "", SignalStatus.RECEIVED, "", "",
                   {"channel": channel, "acute_danger": clean.acute_danger, "files": len(files)})])
    record_access(user=actor, action="create", record=signal,
                  reason=f"intake via {channel}")
    if notify:
        from ..tasks import queue_new_signal_notification

        queue_new_signal_notification(signal.pk)
    return signal
