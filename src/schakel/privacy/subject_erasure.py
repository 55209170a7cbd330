"""Erasure on a data-subject request (GDPR art. 17): one found record goes, unless the law keeps it.

The privacy officer erases a record that the request's search found (so: about this person and
in the officer's area), through the owning app's erase service from the retention registry. A
record under a legal hold is refused, and so is one whose erasure would take a held record with
it (a signal's duplicate). Before it goes its figures are kept, as in the purge, and a purge-log
row says that one record went on a request; never what it held (decision 0073).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from schakel.clock import now as clock_now

from . import retention, subject_requests
from .audit import record_access
from .models import (
    MIN_REASON_LENGTH,
    AccessAction,
    DataSubjectRequest,
    LegalHold,
    PurgeLogEntry,
    PurgeTrigger,
    RequestKind,
    RequestStatus,
)
from .purge import _record_date, keep_figures_of
from .subject_requests import RequestError


def erasable(record_type: str) -> bool:
    rule = retention.record_types().get(record_type)
    return rule is not None and rule.erase is not None


def _found(*, actor, request: DataSubjectRequest, record_type: str, record_id: str):
    """The record, if the request's own search finds it (about this person, in the officer's area)."""
    for item in subject_requests.search_records(actor=actor, request=request):
        if item.record_type == record_type and item.record_id == str(record_id):
            return item
    return None


@transaction.atomic
def erase_for_request(*, actor, request: DataSubjectRequest, record_type: str, record_id: str, reason: str,
                      now: datetime.datetime | None = None) -> str:
    """Erase one record found for an erasure request; returns its reference."""
    moment = now or clock_now()
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise RequestError(_("Reden: geef een reden van minstens %(count)d tekens.") % {"count": MIN_REASON_LENGTH},
                           "reason")
    if request.kind != RequestKind.ERASURE:
        raise RequestError(_("Alleen bij een verzoek om verwijdering wist u gegevens."))
    if request.status != RequestStatus.OPEN:
        raise RequestError(_("Dit verzoek is al beantwoord."))
    rule = retention.record_types().get(record_type)
    item = _found(actor=actor, request=request, record_type=record_type, record_id=record_id)
    record = rule.model._default_manager.select_for_update().filter(pk=record_id).first() if rule else None
    if rule is None or rule.erase is None or item is None or record is None:
        raise RequestError(_("Dit gegeven hoort niet (meer) bij dit verzoek. Bekijk het overzicht opnieuw."))
    together = retention.erased_together(rule, record)
    if LegalHold.objects.filter(record_type=rule.record_type, record_id__in=sorted(together),
                                lifted_at__isnull=True).exists():
        raise RequestError(_("%(reference)s valt onder een bewaarplicht (of een samengevoegd signaal ervan) en mag "
                             "niet worden gewist. Leg dit uit in het antwoord aan de betrokkene.")
                           % {"reference": item.reference})
    erase_reason = f"Verzoek van betrokkene nr. {request.pk}: {reason}"
    try:
        with transaction.atomic():
            keep_figures_of(rule, record, together)
            rule.erase(record=record, actor=actor, reason=erase_reason[:1000])
    except (ProtectedError, RestrictedError):
        raise RequestError(_("%(reference)s kan nog niet worden gewist: andere onderdelen van Schakel (bijvoorbeeld "
                             "acties of het screeningsoverleg) verwijzen ernaar. Er is niets verwijderd.")
                           % {"reference": item.reference}) from None
    PurgeLogEntry.objects.create(
        at=moment, rule_key=rule.key, record_type=rule.record_type, count=1, months=0,
        oldest=_record_date(record, rule), newest=_record_date(record, rule), trigger=PurgeTrigger.REQUEST,
        actor=actor, municipality_id=getattr(record, f"{rule.municipality_field}_id", None),
        region_id=getattr(record, f"{rule.region_field}_id", None))
    record_access(user=actor, action=AccessAction.CHANGE, record=request, reason=reason,
                  detail=f"{item.reference} gewist op verzoek van de betrokkene"[:200])
    return item.reference
