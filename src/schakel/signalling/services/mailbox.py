"""The anonymous two-way mailbox of a public signal, opened with its receipt code.

A receipt code is 20 characters of Crockford base32 (100 bits), shown as four groups of five:
the first two groups are the mailbox id (public, unique, stored as is), the last two the secret
(stored only as an Argon2id hash). Opening a mailbox always runs one Argon2 verification, also
for a mailbox id that does not exist (against a dummy hash), so a wrong code takes as long
and answers the same whether or not the id exists. See docs/decisions/0035-intake-channels-and-public-anonymity.md.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from schakel.clock import now as clock_now
from schakel.privacy.audit import record_access

from schakel.privacy.crypto import blind_index

from .. import normalise
from ..models import Channel, EventKind, MailboxMessage, MessageDirection, SearchToken, Signal, SignalEvent

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
GROUP = 5
GROUPS = 4
ID_LENGTH = 10
CODE_LENGTH = GROUP * GROUPS
# A double submit of the public form may show the same code again, but only this soon after.
REDISPLAY_WINDOW = datetime.timedelta(minutes=15)
# The same answer sent again this soon, with nothing in between, is one answer (a double submit).
REPEAT_WINDOW = datetime.timedelta(minutes=15)
MAX_MESSAGE = 5000

# OWASP's Argon2id profile (19 MiB, 2 passes, 1 lane): slow for an attacker, light for a web worker.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


class MailboxError(Exception):
    """A refusal the page shows as it is."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


@dataclass(frozen=True)
class Receipt:
    mailbox_id: str
    secret: str
    secret_hash: str

    @property
    def display(self) -> str:
        code = self.mailbox_id + self.secret
        return "-".join(code[i:i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def _encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    chars = []
    for _index in range(CODE_LENGTH):
        chars.append(ALPHABET[number & 31])
        number >>= 5
    return "".join(reversed(chars))


def new_receipt(*, seed: str | None = None) -> Receipt:
    """A fresh receipt code; with `seed` (the form's one-time token) the same seed gives the same code."""
    if seed:
        raw = salted_hmac("schakel.signalling.receipt", seed, algorithm="sha256").digest()[:13]
    else:
        raw = secrets.token_bytes(13)
    code = _encode(raw)  # 100 of the 104 bits
    mailbox_id, secret = code[:ID_LENGTH], code[ID_LENGTH:]
    return Receipt(mailbox_id=mailbox_id, secret=secret, secret_hash=_hasher.hash(secret))


def parse_code(text: str) -> tuple[str, str] | None:
    """Read what a person typed: case, spaces and dashes do not matter; O/I/L read as 0/1/1."""
    compact = "".join(ch for ch in (text or "").upper() if ch not in " -\t\n")
    compact = compact.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    if len(compact) != CODE_LENGTH or any(ch not in ALPHABET for ch in compact):
        return None
    return compact[:ID_LENGTH], compact[ID_LENGTH:]


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_hex(8))


def open_mailbox(code: str) -> Signal | None:
    """The public signal this receipt code belongs to, or None. One Argon2 verification either way."""
    parsed = parse_code(code)
    mailbox_id, secret = parsed if parsed else ("", "x" * (CODE_LENGTH - ID_LENGTH))
    signal = None
    if mailbox_id:
        signal = (Signal.objects.filter(mailbox_id=mailbox_id, channel=Channel.PUBLIC)
                  .only("id", "reference", "mailbox_id", "receipt_hash", "status", "municipality_id",
                        "received_at", "reporter_language").first())
    stored = signal.receipt_hash if signal is not None and signal.receipt_hash else _dummy_hash()
    try:
        valid = _hasher.verify(stored, secret)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        valid = False
    if signal is None or not valid:
        return None
    return signal


def messages_for_reporter(signal: Signal) -> list[MailboxMessage]:
    """The conversation of this mailbox only; nothing else of the signal."""
    return list(MailboxMessage.objects.filter(signal=signal).only("at", "direction", "text").order_by("at", "id"))


@transaction.atomic
def answer_from_reporter(*, signal: Signal, text: str, reporter=None,
                         now: datetime.datetime | None = None) -> MailboxMessage:
    """The reporter writes: stored, logged in the history, the focal officers told (on commit).

    `reporter` is None for the anonymous reporter of the public mailbox, and the logged-in staff
    reporter who answers on 'Mijn meldingen' (only the one who reported the signal). The same
    text again with nothing in between, within a few minutes, is a double submit: the message
    already stored is returned and nothing is written twice.
    """
    from ..tasks import queue_reporter_answered_notification

    text = (text or "").strip()
    if not text:
        raise MailboxError(_("Schrijf eerst uw bericht."))
    if len(text) > MAX_MESSAGE:
        raise MailboxError(_("Een bericht is hoogstens %(max)s tekens.") % {"max": "5.000"})
    moment = now or clock_now()
    # Lock the signal: two submits of one answer are handled one after the other.
    locked = Signal.objects.select_for_update().only("id", "reporter_id").get(pk=signal.pk)
    if reporter is not None and locked.reporter_id != reporter.pk:
        raise PermissionDenied
    last = MailboxMessage.objects.filter(signal=signal).order_by("-at", "-id").first()
    if (last is not None and last.direction == MessageDirection.FROM_REPORTER and last.text == text
            and last.sender_id == (reporter.pk if reporter is not None else None)
            and moment - last.at < REPEAT_WINDOW):
        return last
    message = MailboxMessage.objects.create(signal=signal, at=moment, direction=MessageDirection.FROM_REPORTER,
                                            text=text, sender=reporter)
    Signal.objects.filter(pk=signal.pk).update(waiting_for_reporter=False)
    SignalEvent.objects.create(signal=signal, at=moment, actor=reporter, kind=EventKind.ANSWER,
                               data={"message": message.pk})
    _index_answer(signal, text)
    record_access(user=reporter, action="create", record=message,
                  reason="antwoord melder via postvak" if reporter is None else "antwoord melder in Mijn meldingen")
    queue_reporter_answered_notification(signal.pk)
    # An absent handler's backup is told as well (issue 19); after the commit, never undoing it.
    from .triage_mail import notify_backups_reporter_answered

    signal_id = signal.pk
    transaction.on_commit(lambda: notify_backups_reporter_answered(signal_id=signal_id))
    return message


@transaction.atomic
def send_to_reporter(*, signal: Signal, text: str, sender, wait_for_answer: bool = True,
                     now: datetime.datetime | None = None, event_kind: str = EventKind.QUESTION,
                     event_reason: str = "", event_data: dict | None = None) -> MailboxMessage:
    """A focal officer writes to a public reporter's mailbox (a question or a reply).

    The caller checks that `sender` may handle this signal (triage permission); this writes the
    message, the history row and the access log, and marks the signal as waiting for the reporter.
    """
    if signal.channel != Channel.PUBLIC or not signal.mailbox_id:
        raise MailboxError(_("Deze melder heeft geen postvak: neem contact op via de gegevens van de melder."))
    text = (text or "").strip()
    if not text:
        raise MailboxError(_("Schrijf eerst uw bericht."))
    if len(text) > MAX_MESSAGE:
        raise MailboxError(_("Een bericht is hoogstens %(max)s tekens.") % {"max": "5.000"})
    moment = now or clock_now()
    message = MailboxMessage.objects.create(signal=signal, at=moment, direction=MessageDirection.TO_REPORTER,
                                            text=text, sender=sender)
    if wait_for_answer:
        Signal.objects.filter(pk=signal.pk).update(waiting_for_reporter=True)
    SignalEvent.objects.create(signal=signal, at=moment, actor=sender, kind=event_kind, reason=event_reason,
                               data={"message": message.pk, **(event_data or {})})
    record_access(user=sender, action="create", record=message, reason="bericht aan melder via postvak")
    return message


def mark_read_by_reporter(*, signal: Signal, now: datetime.datetime | None = None) -> int:
    """The reporter opened the mailbox: the messages to them count as read."""
    return MailboxMessage.objects.filter(signal=signal, direction=MessageDirection.TO_REPORTER,
                                         read_at__isnull=True).update(read_at=now or clock_now())


def _index_answer(signal: Signal, text: str) -> None:
    """The words of a reporter's answer become search tokens of the signal (each token once)."""
    tokens = {(term.kind, blind_index(term.kind, term.value)) for term in normalise.text_terms(text)}
    if not tokens:
        return
    municipality_id = Signal.objects.filter(pk=signal.pk).values_list("municipality_id", flat=True).get()
    existing = set(SearchToken.objects.filter(signal_id=signal.pk, kind="word",
                                              token__in=[token for _kind, token in tokens])
                   .values_list("kind", "token"))
    SearchToken.objects.bulk_create([SearchToken(signal_id=signal.pk, kind=kind, token=token,
                                                 municipality_id=municipality_id)
                                     for kind, token in sorted(tokens - existing)])


def mark_read_by_officer(*, signal: Signal, user, now: datetime.datetime | None = None) -> int:
    """A focal officer who handles the signal opened its page: the reporter's messages count as read.

    Clears the inbox's 'nieuw bericht' marker. The caller has checked that `user` handles the signal
    (someone looking through emergency access does not clear it).
    """
    return MailboxMessage.objects.filter(signal=signal, direction=MessageDirection.FROM_REPORTER,
                                         read_at__isnull=True).update(read_at=now or clock_now())
