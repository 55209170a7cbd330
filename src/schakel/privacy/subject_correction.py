"""Correction on a data-subject request (GDPR art. 16): the officer corrects a found record.

The record must be one the request's own search finds (about this person, in the officer's
area); the owning app's corrector (`register_subject_corrector`) validates and writes it. The
request's version is bumped (a stale page is refused) and the request's log says which fields of
which record were corrected; never the old or new values.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from . import subject_requests
from .audit import record_access
from .models import MIN_REASON_LENGTH, AccessAction, DataSubjectRequest, RequestKind, RequestStatus
from .subject_requests import RequestError, _bump, _check_version

FIELD_LABELS = {"name": "naam", "date_of_birth": "geboortedatum", "nationality": "nationaliteit",
                "gender": "geslacht", "description": "omschrijving"}


def correctable(request: DataSubjectRequest, record_type: str) -> bool:
    return (request.kind == RequestKind.CORRECTION and request.status == RequestStatus.OPEN
            and subject_requests.subject_corrector(record_type) is not None)


def current_values(request: DataSubjectRequest, record_type: str, record_id: str):
    corrector = subject_requests.subject_corrector(record_type)
    if corrector is None:
        return None
    return corrector.current(record_id, name=request.subject_name, birth_date=request.subject_birth_date)


@transaction.atomic
def correct_for_request(*, actor, request: DataSubjectRequest, record_type: str, record_id: str, values: dict,
                        reason: str, expected_version: int, record_version: str,
                        now: datetime.datetime | None = None) -> tuple[str, list[str]]:
    """Apply a correction to one found record; returns its reference and the corrected field names."""
    reason = (reason or "").strip()
    current = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
    _check_version(current, expected_version)
    if len(reason) < MIN_REASON_LENGTH:
        raise RequestError(_("Reden: geef een reden van minstens %(count)d tekens.") % {"count": MIN_REASON_LENGTH},
                           "reason")
    if current.kind != RequestKind.CORRECTION:
        raise RequestError(_("Alleen bij een verzoek om correctie past u gegevens aan."))
    if current.status != RequestStatus.OPEN:
        raise RequestError(_("Dit verzoek is al beantwoord."))
    corrector = subject_requests.subject_corrector(record_type)
    item = next((found for found in subject_requests.search_records(actor=actor, request=current)
                 if found.record_type == record_type and found.record_id == str(record_id)), None)
    if corrector is None or item is None:
        raise RequestError(_("Dit gegeven hoort niet (meer) bij dit verzoek. Bekijk het overzicht opnieuw."))
    changed = corrector.apply(actor=actor, record_id=str(record_id), name=current.subject_name,
                              birth_date=current.subject_birth_date, values=values,
                              reason=f"Verzoek van betrokkene nr. {current.pk}: {reason}"[:1000],
                              record_version=record_version, now=now)
    _bump(current, expected_version)
    request.version = current.version
    labels = ", ".join(FIELD_LABELS.get(name, name) for name in changed)
    record_access(user=actor, action=AccessAction.CHANGE, record=current, reason=reason,
                  detail=f"{item.reference} gecorrigeerd op verzoek van de betrokkene: {labels}"[:200])
    return item.reference, changed
