"""Handover (issue 19): the unfinished actions an officer is responsible for, or created, move to a successor.

The network app checks who may hand over and to whom. The successor becomes the responsible person
(the creator stays as it was: that is history); each action is logged.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Q

from schakel.privacy.audit import record_access

from ..models import Action


@transaction.atomic
def hand_over_actions(*, actor, from_user, to_user, municipality_id: int) -> int:
    """Make `to_user` responsible for `from_user`'s unfinished actions of the municipality; returns how many."""
    actions = list(Action.objects.unfinished().select_for_update()
                   .filter(Q(responsible=from_user) | Q(created_by=from_user, responsible__isnull=True),
                           municipality_id=municipality_id).only("id").order_by("pk"))
    if not actions:
        return 0
    Action.objects.filter(pk__in=[a.pk for a in actions]).update(responsible=to_user, version=F("version") + 1)
    for action in actions:
        record_access(user=actor, action="change", record=action, reason="overdracht: verantwoordelijke opvolger")
    return len(actions)
