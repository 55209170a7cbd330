"""Handover and staffing: an officer's open work moves to a successor; too few officers is told.

`hand_over` moves, in one transaction, the officer's open signals (signalling.services.handover),
unfinished actions (actions.services.handover) and the open measures they are named on, whose
step reminders they receive (measures.services.subjects.add_person), to a successor who works for
the same municipalities; optionally it ends the officer's role. One Handover row per municipality
logs it. `check_staffing` compares a municipality's active officers with its region's minimum and
mails the administrators and the chain director once when it falls short.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from schakel.accounts.models import Membership, User
from schakel.accounts.roles import Role
from schakel.accounts.tenancy import scope_for
from schakel.actions.services.handover import hand_over_actions
from schakel.clock import now as clock_now
from schakel.organisations.models import Municipality
from schakel.privacy.audit import record_access
from schakel.signalling.selectors import focal_officers_for
from schakel.signalling.services.handover import hand_over_signals

from ..models import Handover, RegionNetworkSettings, StaffingAlert
from . import NetworkError
from .absence import eligible_backups, officer_municipalities

logger = logging.getLogger(__name__)
DEFAULT_MINIMUM = 2


def may_hand_over(actor, officer) -> bool:
    from schakel.accounts.selectors import users_administered_by

    if not officer_municipalities(officer):
        return False
    if actor.pk == officer.pk:
        return True
    return (scope_for(actor).has_role(Role.ADMINISTRATOR)
            and users_administered_by(actor).filter(pk=officer.pk).exists())


def _hand_over_reminders(*, actor, from_user, to_user, municipality_id: int) -> int:
    from schakel.measures.models import OPEN_STATUSES, Measure
    from schakel.measures.services.subjects import add_person

    measures = list(Measure.objects.filter(people__user=from_user, municipality_id=municipality_id,
                                           status__in=OPEN_STATUSES).exclude(people__user=to_user).distinct())
    for measure in measures:
        add_person(actor=actor, measure=measure, user=to_user, function=_("opvolger"))
    return len(measures)


@transaction.atomic
def hand_over(*, actor, from_user, to_user, token: str, end_role: bool = False,
              now: datetime.datetime | None = None) -> list[Handover]:
    moment = now or clock_now()
    done = list(Handover.objects.filter(token__startswith=f"{token}:"))
    if token and done:
        return done  # the same form sent twice
    if not may_hand_over(actor, from_user):
        raise NetworkError(_("U kunt alleen uw eigen werk overdragen, of als beheerder dat van een "
                             "aandachtsfunctionaris die onder uw beheer valt."))
    if to_user is None or to_user.pk not in {u.pk for u in eligible_backups(from_user)}:
        raise NetworkError(_("Kies als opvolger een aandachtsfunctionaris die voor dezelfde gemeente(n) werkt."),
                           field="to_user")
    if end_role and not scope_for(actor).has_role(Role.ADMINISTRATOR):
        raise NetworkError(_("Alleen de beheerder kan de rol beëindigen."), field="end_role")
    handovers = []
    for municipality_id in sorted(officer_municipalities(from_user)):
        signals = hand_over_signals(actor=actor, from_user=from_user, to_user=to_user,
                                    municipality_id=municipality_id, now=moment)
        actions = hand_over_actions(actor=actor, from_user=from_user, to_user=to_user,
                                    municipality_id=municipality_id)
        reminders = _hand_over_reminders(actor=actor, from_user=from_user, to_user=to_user,
                                         municipality_id=municipality_id)
        handover = Handover.objects.create(from_user=from_user, to_user=to_user, municipality_id=municipality_id,
                                           signals=signals, actions=actions, reminders=reminders,
                                           ended_role=end_role, at=moment, by=actor,
                                           token=f"{token}:{municipality_id}")
        record_access(user=actor, action="change", record=handover,
                      reason=f"overdracht: {signals} signalen, {actions} acties, {reminders} maatregelen")
        handovers.append(handover)
    if end_role:
        from schakel.accounts.services import update_membership

        for membership in Membership.objects.filter(user=from_user, role=Role.FOCAL_OFFICER, active=True):
            update_membership(actor=actor, membership=membership, acts_for=list(membership.acts_for.all()),
                              backup=membership.backup, absent=membership.absent, active=False)
    municipality_ids = [h.municipality_id for h in handovers]
    transaction.on_commit(lambda: [check_staffing(municipality_id=m) for m in municipality_ids])
    return handovers


def minimum_officers(region_id: int | None) -> int:
    if region_id is None:
        return DEFAULT_MINIMUM
    value = RegionNetworkSettings.objects.filter(region_id=region_id).values_list("minimum_officers", flat=True).first()
    return DEFAULT_MINIMUM if value is None else value


def _region_of(municipality: Municipality) -> int | None:
    member = getattr(municipality, "region_membership", None)
    return member.region_id if member is not None else None


def staffing(municipality: Municipality) -> tuple[int, int]:
    """(active focal officers, required by the region)."""
    return len(focal_officers_for(municipality.pk)), minimum_officers(_region_of(municipality))


def _to_tell(municipality: Municipality) -> list[User]:
    region_id = _region_of(municipality)
    memberships = Membership.objects.filter(active=True, user__is_active=True, organisation__active=True).filter(
        Q(role=Role.ADMINISTRATOR, organisation__municipality=municipality)
        | Q(role__in=[Role.ADMINISTRATOR, Role.CHAIN_DIRECTOR], organisation__region_id=region_id)
        | Q(role=Role.CHAIN_DIRECTOR, organisation__municipality__region_membership__region_id=region_id))
    return list(User.objects.filter(pk__in=memberships.values("user_id")).exclude(email="").order_by("pk"))


def check_staffing(*, municipality_id: int, now: datetime.datetime | None = None) -> bool:
    """Mail once when the municipality falls short; clear the alert when it is staffed again. True: mailed."""
    moment = now or clock_now()
    municipality = Municipality.objects.select_related("region_membership").get(pk=municipality_id)
    active, required = staffing(municipality)
    open_alert = StaffingAlert.objects.filter(municipality=municipality, resolved_at__isnull=True).first()
    if active >= required:
        if open_alert is not None:
            StaffingAlert.objects.filter(pk=open_alert.pk).update(resolved_at=moment)
        return False
    if open_alert is not None:
        return False
    StaffingAlert.objects.create(municipality=municipality, active_officers=active, required=required, sent_at=moment)
    link = settings.SITE_URL.rstrip("/") + reverse("network:staffing")
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Gemeente %(name)s heeft te weinig aandachtsfunctionarissen") % {"name": municipality.name}
        body = _("Gemeente %(name)s heeft %(active)s actieve aandachtsfunctionaris(sen); de regio vraagt er "
                 "minstens %(required)s, zodat er altijd een vervanger is.\n\nBekijk de bezetting:\n%(link)s") % {
            "name": municipality.name, "active": active, "required": required, "link": link}
    messages = [EmailMessage(subject, body, None, [user.email]) for user in _to_tell(municipality)]
    try:
        with get_connection() as connection:
            connection.send_messages(messages)
    except OSError:
        logger.exception("staffing mail could not be sent")
    return True


def check_all_staffing(*, now: datetime.datetime | None = None) -> int:
    from schakel.organisations.models import RegionMember

    municipality_ids = RegionMember.objects.values_list("municipality_id", flat=True)
    return sum(check_staffing(municipality_id=m, now=now) for m in municipality_ids)


def save_region_settings(*, actor, region_id: int, minimum_officers: int, partner_review_days: int):
    """The administrator of the region sets its minimum of officers and the directory's review period."""
    from schakel.accounts.selectors import regions_administered_by

    if not regions_administered_by(actor).filter(pk=region_id).exists():
        raise NetworkError(_("Deze regio valt niet onder uw beheer."))
    settings_row, _created = RegionNetworkSettings.objects.update_or_create(
        region_id=region_id, defaults={"minimum_officers": minimum_officers,
                                       "partner_review_days": partner_review_days})
    record_access(user=actor, action="change", record=settings_row, reason="netwerkinstellingen regio gewijzigd")
    return settings_row
