"""A focal officer's direct referral to an organisation becomes an action for it (issue 13).

The signals app calls `on_referral` inside the referral's transaction (a referral listener,
signalling/extensions.py). Only a referral naming an organisation (`to_organisation`) has
someone in Schakel to act on it; a referral to a description alone ('de wijkagent') stays a
note. The action is due `ACTIONS_REFERRAL_DUE_WORKING_DAYS` working days after the referral
(default 10, the triage norm: a setting rather than region data, because it is one national
agreement with the partners, not a regional choice; the region's extra closing days count).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Action
from .services import create_action

SOURCE = "signalling.referral"
DEFAULT_DUE_WORKING_DAYS = 10


def due_working_days() -> int:
    return int(getattr(settings, "ACTIONS_REFERRAL_DUE_WORKING_DAYS", DEFAULT_DUE_WORKING_DAYS))


def on_referral(referral, *, actor, now) -> Action | None:
    if referral.to_organisation_id is None:
        return None
    existing = Action.objects.filter(source=SOURCE, source_id=referral.pk).first()
    if existing is not None:
        return existing
    target = referral.get_to_kind_display()
    return create_action(
        actor=actor, signal=referral.signal, owner_organisation=referral.to_organisation,
        title=str(_("Doorverwijzing oppakken (%(target)s)") % {"target": target}),
        source=SOURCE, source_id=referral.pk, route_kind=referral.to_kind,
        due_in_working_days=due_working_days(), instructions=referral.note or "", now=now)


def register() -> None:
    from schakel.signalling.extensions import register_referral_listener

    from .sources import register_action_source

    register_referral_listener("actions", on_referral)
    # Nothing to complete when a referral's action is finished: the focal officer reads the
    # outcome on the signal page (and by e-mail) and decides what is next.
    register_action_source(SOURCE, label=_("Doorverwijzing door de aandachtsfunctionaris"), on_finished=None)
