"""Erasing a closed care case and everything recorded in it (the retention rule, decision 0075).

The one way a care case is deleted. Its history, consents, needs, placements, reflection period,
referrals and contacts go with it; the anonymised CoMensha record that was sent stays, without
its link to the case, so earlier years' counts still add up. Logged as `delete` with the case's
owner keys, so the region's privacy officer sees it.
"""

from __future__ import annotations

from django.db import transaction

from schakel.privacy.audit import owner_keys, record_access
from schakel.privacy.models import AccessAction

from ..models import (
    CareCase,
    CareReferral,
    CaseEvent,
    ComenshaRecord,
    Consent,
    Contact,
    Need,
    ReflectionPeriod,
    ShelterPlacement,
)


@transaction.atomic
def erase_case(*, case: CareCase, actor=None, reason: str) -> None:
    ComenshaRecord.objects.filter(case=case).update(case=None)
    CareReferral.objects.filter(case=case).delete()  # before the consents they point to
    for model in (Consent, Need, ShelterPlacement, ReflectionPeriod, Contact, CaseEvent):
        model.objects.filter(case=case).delete()
    record_access(user=actor, action=AccessAction.DELETE, record=case, reason=reason,
                  owner_keys=owner_keys(municipality_id=case.municipality_id, region_id=case.region_id),
                  detail=f"zorgtraject {case.client_number} verwijderd")
    CareCase.objects.filter(pk=case.pk).delete()
