"""Linkage between installations: the two steps of a private set intersection, and their records.

The initiating side (A) sends its elements blinded with a fresh scalar; the answering side (B)
blinds them again (in A's order) and sends its own elements blinded with its fresh scalar; A
blinds those again and finds the common elements, then sends them back double-blinded in B's
order, so B finds them too. Each side stores a `RemoteMatch` per own entity whose identifier is
common, and tells its focal officers: the kind, the other installation and whom to call there.

Elements are the normalised identifiers of every signal entity (kind + value) and, for persons,
exact keys of the phonetic name and the date of birth (day and month unordered): fuzzy
encodings cannot be intersected. Plaintext exists only in memory during an exchange; the
answering side keeps between its steps only entity references and random-looking points.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction

from schakel.clock import now as clock_now
from schakel.privacy.audit import record_access
from schakel.signalling.models import SignalEntity

from .. import exchange, normalise, persons
from ..models import ExchangeLog, ExchangeSession, Installation, LinkKind, RemoteMatch

MAX_POINTS = 200_000
SESSION_HOURS = 1


class Refused(Exception):
    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


def key_hash(key: str) -> str:
    return hashlib.sha256(f"schakel-installation\x1f{key}".encode("utf-8")).hexdigest()


# --- what we hold --------------------------------------------------------------------------

def local_elements() -> dict[tuple[str, str], list[int]]:
    """(kind, normalised value) -> ids of our entities that hold it (in memory only)."""
    elements: dict[tuple[str, str], list[int]] = defaultdict(list)
    for entity in SignalEntity.objects.only("id", "kind", "data").order_by("pk").iterator(chunk_size=2000):
        found, _ = normalise.identifiers_of(entity.kind, entity.data)
        for identifier in found:
            elements[(identifier.kind, identifier.value)].append(entity.pk)
        if entity.kind == "person":
            data = entity.data or {}
            features = persons.features(data.get("name") or "", data.get("date_of_birth"))
            for key in (features.exact_keys if features else ()):
                elements[(LinkKind.PERSON, key)].append(entity.pk)
    return dict(elements)


# --- the protocol, independent of transport and storage -------------------------------------

class Initiator:
    def __init__(self, elements: dict):
        self.scalar = exchange.new_scalar()
        self.keys = exchange.shuffled(list(elements))
        self.elements = elements

    def first_message(self) -> list[str]:
        return exchange.to_wire(exchange.blind(exchange.hash_to_point(*key), self.scalar) for key in self.keys)

    def on_answer(self, double: list[str], theirs: list[str]) -> tuple[list, list[str]]:
        """Our common keys, and their elements double-blinded (for the finishing message)."""
        doubled = exchange.from_wire(double, limit=len(self.keys))
        if len(doubled) != len(self.keys):
            raise exchange.ExchangeError("the answer does not match what we sent")
        ours = dict(zip(doubled, self.keys))
        theirs_doubled = [exchange.blind(point, self.scalar)
                          for point in exchange.from_wire(theirs, limit=MAX_POINTS)]
        common = [ours[point] for point in theirs_doubled if point in ours]
        return common, exchange.to_wire(theirs_doubled)


def respond(items: list[str], elements: dict) -> tuple[list[str], list[str], list, list[str]]:
    """The answering side's first step: (their items double-blinded, ours blinded, our order, state)."""
    points = exchange.from_wire(items, limit=MAX_POINTS)
    scalar = exchange.new_scalar()
    double = exchange.to_wire(exchange.blind(point, scalar) for point in points)
    order = exchange.shuffled(list(elements))
    own = exchange.to_wire(exchange.blind(exchange.hash_to_point(*key), scalar) for key in order)
    return double, own, order, double


def finish(order: list, theirs_double: list[str], ours_double: list[str]) -> list:
    """The answering side's second step: which of our elements (in `order`) are common."""
    if len(ours_double) != len(order):
        raise exchange.ExchangeError("the finishing message does not match what we sent")
    exchange.from_wire(ours_double, limit=MAX_POINTS)
    theirs = set(theirs_double)
    return [order[i] for i, point in enumerate(ours_double) if point in theirs]


# --- storing what was found ------------------------------------------------------------------

def _store_common(installation: Installation, refs: list[tuple[str, list[int]]], moment) -> list[RemoteMatch]:
    created = []
    entity_ids = {entity_id for _, ids in refs for entity_id in ids}
    entities = {e.pk: e for e in SignalEntity.objects.filter(pk__in=entity_ids)
                .select_related("signal").only("id", "signal_id", "signal__municipality_id")}
    for kind, ids in refs:
        for entity_id in ids:
            entity = entities.get(entity_id)
            if entity is None:
                continue
            match, made = RemoteMatch.objects.get_or_create(
                installation=installation, entity_id=entity_id, kind=kind,
                defaults={"signal_id": entity.signal_id, "municipality_id": entity.signal.municipality_id,
                          "found_at": moment})
            if made:
                created.append(match)
    if created:
        from .notify import notify_remote_matches

        ids = [m.pk for m in created]
        transaction.on_commit(lambda: notify_remote_matches(ids), robust=True)
    return created


def _log(installation, *, claimed: str = "", direction: str, step: str, outcome: str, sent=0, received=0, common=0):
    ExchangeLog.objects.create(at=clock_now(), installation=installation, claimed_name=claimed[:60],
                               direction=direction, step=step, outcome=outcome, sent=sent, received=received,
                               common=common)
    record_access(user=None, action="export" if direction == "out" else "view", record_type="linkage.exchange",
                  record_id=installation.pk if installation else "", reason=f"uitwisseling {step}: {outcome}",
                  detail=claimed[:200])


# --- initiating (A) ----------------------------------------------------------------------------

def exchange_with(installation: Installation, transport: Callable[[dict], dict],
                  elements: dict | None = None) -> list[RemoteMatch]:
    """Run one exchange with another installation; `transport(payload) -> answer` sends a message."""
    elements = local_elements() if elements is None else elements
    initiator = Initiator(elements)
    exchange_id = uuid.uuid4().hex
    items = initiator.first_message()
    answer = transport({"step": "blind", "exchange": exchange_id, "items": items})
    common, theirs_doubled = initiator.on_answer(answer.get("double"), answer.get("items"))
    transport({"step": "finish", "exchange": exchange_id, "double": theirs_doubled})
    with transaction.atomic():
        created = _store_common(installation, [(kind, elements[(kind, value)]) for kind, value in common],
                                clock_now())
        _log(installation, direction="out", step="exchange", outcome="ok", sent=len(items),
             received=len(theirs_doubled), common=len(common))
    return created


# --- answering (B) -----------------------------------------------------------------------------

def authenticate(name: str, key: str) -> Installation:
    installation = Installation.objects.filter(name=name, active=True).first()
    if installation is None or not hmac.compare_digest(installation.key_hash, key_hash(key or "")):
        _log(None, claimed=name or "?", direction="in", step="auth", outcome="refused: unknown installation")
        raise Refused(403, "unknown installation or wrong key")
    return installation


def _rate_limited(installation: Installation) -> bool:
    since = clock_now() - timedelta(days=1)
    used = ExchangeLog.objects.filter(installation=installation, direction="in", step="blind", outcome="ok",
                                      at__gte=since).count()
    return used >= installation.max_exchanges_per_day


def answer(installation: Installation, payload: dict, elements: dict | None = None) -> dict:
    step = payload.get("step")
    exchange_id = str(payload.get("exchange") or "")[:64]
    if not exchange_id:
        raise Refused(400, "no exchange id")
    if step == "blind":
        if _rate_limited(installation):
            _log(installation, direction="in", step="blind", outcome="refused: rate limit")
            raise Refused(429, "too many exchanges today")
        elements = local_elements() if elements is None else elements
        try:
            double, own, order, state = respond(payload.get("items"), elements)
        except exchange.ExchangeError as bad:
            _log(installation, direction="in", step="blind", outcome="refused: malformed")
            raise Refused(400, str(bad)) from bad
        ExchangeSession.objects.filter(started_at__lt=clock_now() - timedelta(hours=SESSION_HOURS)).delete()
        if ExchangeSession.objects.filter(exchange_id=exchange_id).exists():
            raise Refused(409, "exchange id already used")
        ExchangeSession.objects.create(exchange_id=exchange_id, installation=installation, started_at=clock_now(),
                                       order=[[kind, elements[(kind, value)]] for kind, value in order],
                                       theirs=state)
        _log(installation, direction="in", step="blind", outcome="ok", sent=len(own), received=len(double))
        return {"double": double, "items": own}
    if step == "finish":
        session = ExchangeSession.objects.filter(exchange_id=exchange_id, installation=installation).first()
        if session is None:
            _log(installation, direction="in", step="finish", outcome="refused: unknown exchange")
            raise Refused(404, "unknown exchange")
        try:
            common = finish(session.order, session.theirs, payload.get("double") or [])
        except exchange.ExchangeError as bad:
            _log(installation, direction="in", step="finish", outcome="refused: malformed")
            raise Refused(400, str(bad)) from bad
        _store_common(installation, [(kind, ids) for kind, ids in common], clock_now())
        session.delete()
        _log(installation, direction="in", step="finish", outcome="ok", common=len(common))
        return {"common": len(common)}
    raise Refused(400, "unknown step")
