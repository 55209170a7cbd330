"""Signals as records that emergency access (break the glass) may open: by reference, in region.

Focal officers of another municipality of the same region and the region's chain director work
on signals; a care coordinator or anyone outside the region does not (decision 0071).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.privacy.audit import owner_keys
from schakel.privacy.emergency import register_emergency_record

from .models import Signal


def _find(reference: str):
    return Signal.objects.filter(reference=reference).only("id", "reference", "municipality_id", "region_id").first()


def register() -> None:
    register_emergency_record(
        Signal,
        noun=_("signaal"),
        roles={Role.FOCAL_OFFICER, Role.CHAIN_DIRECTOR},
        find=_find,
        reference_of=lambda signal: signal.reference,
        region_id_of=lambda signal: signal.region_id,
        owner_keys_of=lambda signal: owner_keys(municipality_id=signal.municipality_id, region_id=signal.region_id),
    )
