"""Correction of a person entry on a data-subject request (GDPR art. 16), by the privacy officer.

The privacy officer of the signal's municipality (or its region) corrects what a signal records
about a person: the same validation as triage's `clean_entity`, the same search terms as
`add_entity` (old terms no other entry of the signal still yields are removed, so the old name no
longer finds the signal), a history row without personal data, the entity listeners told, and
the change logged. The privacy desk reaches this through `privacy.subject_requests`'s corrector
registry (`register_subject_corrector`), never by importing signalling.
"""

from __future__ import annotations

import datetime
import hashlib
import json

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.clock import now as clock_now
from schakel.privacy.area import officer_area
from schakel.privacy.audit import record_access
from schakel.privacy.crypto import blind_index
from schakel.privacy.subject_requests import RequestError, StaleRequest

from .. import normalise
from ..models import ENTITY_BOOKKEEPING_KEYS, EntityKind, EventKind, SearchToken, Signal, SignalEntity, SignalEvent
from ..transitions import SignalDomainError
from .triage import InvalidEntity, StaleVersion, clean_entity

# The fields of a person entry the privacy officer may correct (see SignalEntity's docstring).
PERSON_FIELDS = ("name", "date_of_birth", "nationality", "gender", "description")


class NothingChanged(SignalDomainError):
    message = gettext_lazy("Er is niets gewijzigd: de ingevulde gegevens zijn gelijk aan wat er al staat.")


def entity_version(entity: SignalEntity) -> str:
    """A fingerprint of the entry's data: an edit made against other data is refused as stale."""
    payload = json.dumps(entity.data or {}, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def may_correct(actor, signal: Signal) -> bool:
    return signal.municipality_id in officer_area(actor).municipalities()


def _tokens(kind: str, data: dict) -> set[tuple[str, str]]:
    return {(term.kind, blind_index(term.kind, term.value)) for term in normalise.entity_terms(kind, data)}


@transaction.atomic
def correct_person(*, actor, entity: SignalEntity, changes: dict, reason: str, now: datetime.datetime | None = None,
                   expected_version: str | None = None) -> list[str]:
    """Correct a person entry's fields; returns the names of the fields that changed (never their values)."""
    moment = now or clock_now()
    signal = Signal.objects.select_for_update().get(pk=entity.signal_id)
    if not may_correct(actor, signal):
        raise PermissionDenied
    current = SignalEntity.objects.select_for_update().get(pk=entity.pk)
    if current.kind != EntityKind.PERSON:
        raise InvalidEntity({"__all__": _("Alleen de gegevens van een persoon kunnen hier worden gecorrigeerd.")})
    if expected_version is not None and expected_version != entity_version(current):
        raise StaleVersion()
    reason = (reason or "").strip()
    if not reason:
        raise InvalidEntity({"reason": _("Vul de reden van de correctie in.")})
    old = dict(current.data or {})
    editable = {key: value for key, value in old.items() if key not in ENTITY_BOOKKEEPING_KEYS}
    proposed = {**editable, **{key: value for key, value in changes.items() if key in PERSON_FIELDS}}
    cleaned, role = clean_entity(EntityKind.PERSON, proposed, current.person_role)
    changed = sorted(key for key in set(editable) | set(cleaned) if editable.get(key) != cleaned.get(key))
    if not changed:
        raise NothingChanged()
    bookkeeping = {key: value for key, value in old.items() if key in ENTITY_BOOKKEEPING_KEYS}
    current.data = {**cleaned, **bookkeeping}
    current.save(update_fields=["data"])

    # Search tokens: the entry's old terms go unless another entry still yields them; new ones come in.
    kept: set[tuple[str, str]] = set()
    for other in SignalEntity.objects.filter(signal=signal).exclude(pk=current.pk):
        kept |= _tokens(other.kind, other.data)
    new_tokens = _tokens(current.kind, current.data)
    stale = _tokens(current.kind, old) - new_tokens - kept
    for kind, token in sorted(stale):
        SearchToken.objects.filter(signal=signal, kind=kind, token=token).delete()
    existing = set(SearchToken.objects.filter(signal=signal).values_list("kind", "token"))
    SearchToken.objects.bulk_create([SearchToken.of(signal, k, t) for k, t in sorted(new_tokens - existing)])

    Signal.objects.filter(pk=signal.pk).update(version=F("version") + 1, updated_at=moment)
    SignalEvent.objects.create(signal=signal, at=moment, actor=actor, kind=EventKind.EDIT,
                               reason=_("Persoonsgegevens gecorrigeerd op verzoek van de betrokkene (AVG art. 16)"),
                               data={"entity": current.pk, "entity_kind": current.kind, "corrected": changed})
    record_access(user=actor, action="change", record=signal, reason=reason[:1000],
                  detail=f"persoonsgegevens gecorrigeerd: {', '.join(changed)}"[:200])
    from ..entity_hooks import entities_changed

    entities_changed(signal.pk)
    return changed


# --- the privacy desk's corrector (registered in retention.register) ---------------------------

def _entity_for(record_id: str, *, name: str, birth_date) -> SignalEntity | None:
    """The person entry of signal `record_id` the request's search matched (as `find_subject` does)."""
    from ..retention import _birth_date

    normalised = normalise.normalise_name(name)
    if not str(record_id).isdigit() or not normalised:
        return None
    for entity in SignalEntity.objects.filter(signal_id=int(record_id), kind=EntityKind.PERSON).order_by("id"):
        data = entity.data or {}
        if normalise.normalise_name(data.get("name") or "") != normalised:
            continue
        recorded = _birth_date(data.get("date_of_birth"))
        if birth_date and recorded and recorded != birth_date:
            continue
        return entity
    return None


class PersonCorrector:
    """What `privacy.subject_requests` asks of a corrector: the current values, and applying new ones."""

    fields = PERSON_FIELDS

    def current(self, record_id: str, *, name: str, birth_date) -> tuple[dict, str] | None:
        entity = _entity_for(record_id, name=name, birth_date=birth_date)
        if entity is None:
            return None
        return {key: (entity.data or {}).get(key, "") for key in PERSON_FIELDS}, entity_version(entity)

    def apply(self, *, actor, record_id: str, name: str, birth_date, values: dict, reason: str,
              record_version: str, now=None) -> list[str]:
        entity = _entity_for(record_id, name=name, birth_date=birth_date)
        if entity is None:
            raise RequestError(_("Dit gegeven hoort niet (meer) bij dit verzoek. Bekijk het overzicht opnieuw."))
        try:
            return correct_person(actor=actor, entity=entity, changes=values, reason=reason, now=now,
                                  expected_version=record_version)
        except StaleVersion:
            raise StaleRequest(_("Iemand anders heeft deze gegevens intussen gewijzigd. Bekijk de nieuwe stand; uw "
                                 "invoer staat nog in het formulier.")) from None
        except InvalidEntity as refused:
            field, message = next(iter(refused.errors.items()))
            raise RequestError(str(message), "" if field == "__all__" else field) from None
        except SignalDomainError as refused:
            raise RequestError(str(refused.message)) from None
