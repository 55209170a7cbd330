"""Legal holds: a privacy officer keeps a record from the purge, with a reason and a review date."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from schakel.clock import now as clock_now

from . import retention
from .area import officer_area
from .audit import owner_keys, record_access
from .models import MIN_REASON_LENGTH, AccessAction, LegalHold


class HoldError(Exception):
    """A hold cannot be placed or lifted; the message is Dutch and names the field."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


def _reason(text: str, field: str) -> str:
    text = (text or "").strip()
    if len(text) < MIN_REASON_LENGTH:
        raise HoldError(_("Reden: geef een reden van minstens %(count)d tekens.") % {"count": MIN_REASON_LENGTH},
                        field)
    return text


def find_record(*, actor, record_type: str, reference: str):
    """The record of the actor's area with this reference; None for unknown and for not-ours alike."""
    rule = retention.record_types().get(record_type)
    if rule is None:
        return None, None
    record = rule.find((reference or "").strip())
    if record is None:
        return rule, None
    area = officer_area(actor)
    if not area.covers(municipality_id=getattr(record, f"{rule.municipality_field}_id", None),
                       region_id=getattr(record, f"{rule.region_field}_id", None)):
        return rule, None
    return rule, record


@transaction.atomic
def place_hold(*, actor, record_type: str, reference: str, reason: str, review_on: datetime.date,
               now: datetime.datetime | None = None) -> LegalHold:
    moment = now or clock_now()
    reason = _reason(reason, "reason")
    if review_on is None or review_on <= moment.date():
        raise HoldError(_("Opnieuw beoordelen op: kies een datum na vandaag."), "review_on")
    rule, record = find_record(actor=actor, record_type=record_type, reference=reference)
    if record is None:
        raise HoldError(_("Kenmerk: er is geen gegeven met dit kenmerk in uw gebied."), "reference")
    existing = LegalHold.objects.filter(record_type=rule.record_type, record_id=str(record.pk),
                                        lifted_at__isnull=True).first()
    if existing is not None:
        return existing  # a double submit, or already held: one hold
    municipality_id = getattr(record, f"{rule.municipality_field}_id", None)
    region_id = getattr(record, f"{rule.region_field}_id", None)
    try:
        with transaction.atomic():
            hold = LegalHold.objects.create(
                record_type=rule.record_type, record_id=str(record.pk), reference=rule.reference_of(record),
                reason=reason, review_on=review_on, placed_by=actor, placed_at=moment,
                municipality_id=municipality_id, region_id=region_id)
    except IntegrityError:
        return LegalHold.objects.get(record_type=rule.record_type, record_id=str(record.pk), lifted_at__isnull=True)
    record_access(user=actor, action=AccessAction.CHANGE, record=record, reason=reason,
                  owner_keys=owner_keys(municipality_id=municipality_id, region_id=region_id),
                  detail=f"bewaarplicht geplaatst tot beoordeling op {review_on:%d-%m-%Y}")
    return hold


@transaction.atomic
def lift_hold(*, actor, hold: LegalHold, reason: str, now: datetime.datetime | None = None) -> LegalHold:
    moment = now or clock_now()
    reason = _reason(reason, "reason")
    updated = LegalHold.objects.filter(pk=hold.pk, lifted_at__isnull=True).update(
        lifted_at=moment, lifted_by=actor)
    if not updated:
        raise HoldError(_("Deze bewaarplicht is al opgeheven."))
    hold.refresh_from_db()
    hold.lift_reason = reason
    hold.save(update_fields=["lift_reason"])
    record_access(user=actor, action=AccessAction.CHANGE, record_type=hold.record_type, record_id=hold.record_id,
                  reason=reason, owner_keys=owner_keys(municipality_id=hold.municipality_id, region_id=hold.region_id),
                  detail="bewaarplicht opgeheven")
    return hold
