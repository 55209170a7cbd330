"""Services of the privacy officer's desk: ending others' emergency grants, changing retention periods."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from schakel.clock import AMSTERDAM, now as clock_now

from . import retention
from .area import officer_area
from .audit import record_access
from .emergency import forget_grants
from .models import MIN_REASON_LENGTH, AccessAction, EmergencyAccess, RetentionPeriod

logger = logging.getLogger(__name__)


class DeskError(Exception):
    """Refused; the message is Dutch and names the field."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


def _reason(text: str) -> str:
    text = (text or "").strip()
    if len(text) < MIN_REASON_LENGTH:
        raise DeskError(_("Reden: geef een reden van minstens %(count)d tekens.") % {"count": MIN_REASON_LENGTH},
                        "reason")
    return text


def _tell_holder(grant_id: int) -> None:
    grant = EmergencyAccess.objects.select_related("user").filter(pk=grant_id).first()
    if grant is None or not grant.user.is_active or not grant.user.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Uw noodtoegang is beëindigd door de privacyfunctionaris")
        body = _("De privacyfunctionaris heeft uw noodtoegang van %(when)s beëindigd. Wilt u de reden weten, neem "
                 "dan contact op met de privacyfunctionaris van de organisatie van het gegeven. Schakel:\n%(link)s"
                 "\n\nDeze e-mail bevat bewust geen inhoud.") % {
            "when": grant.granted_at.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M"),
            "link": settings.SITE_URL.rstrip("/") + reverse("web:home")}
    try:
        EmailMessage(subject, body, None, [grant.user.email]).send()
    except OSError:
        logger.exception("mail about an ended emergency grant could not be sent (grant %s)", grant_id)


@transaction.atomic
def revoke_grant(*, actor, grant: EmergencyAccess, reason: str, now: datetime.datetime | None = None) -> EmergencyAccess:
    """The owner's privacy officer ends someone's running grant: logged (flagged), the holder is mailed."""
    reason = _reason(reason)
    moment = now or clock_now()
    if grant.user_id == actor.pk:
        raise DeskError(_("Uw eigen noodtoegang beëindigt u op het gegeven zelf."))
    updated = EmergencyAccess.objects.filter(pk=grant.pk, ended_at__isnull=True, expires_at__gt=moment).update(
        ended_at=moment, ended_by=actor)
    if not updated:
        raise DeskError(_("Deze noodtoegang is al afgelopen."))
    record_access(user=actor, action=AccessAction.CHANGE, record_type=grant.record_type, record_id=grant.record_id,
                  flagged=True, owner_keys=grant.owner_keys, reason=reason,
                  detail=f"noodtoegang van {grant.user.get_username()} beëindigd door de privacyfunctionaris"[:200])
    forget_grants(grant.user)
    transaction.on_commit(lambda: _tell_holder(grant.pk))
    grant.refresh_from_db()
    return grant


@transaction.atomic
def set_retention_period(*, actor, rule_key: str, months: int, reason: str, region=None,
                         now: datetime.datetime | None = None) -> RetentionPeriod:
    """A privacy officer sets a rule's period for a region of theirs (or, as a region office, the region)."""
    reason = _reason(reason)
    known = {rule.key for rule in retention.rules()} | {retention.ACCESS_LOG_RULE}
    if rule_key not in known:
        raise DeskError(_("Bewaarregel: kies een regel uit de lijst."), "rule_key")
    if not isinstance(months, int) or not 1 <= months <= 600:
        raise DeskError(_("Bewaartermijn: vul een aantal maanden in tussen 1 en 600."), "months")
    area = officer_area(actor)
    if region is None or region.pk not in area.region_ids:
        raise DeskError(_("Regio: u kunt alleen de termijn van uw eigen regio wijzigen (als privacyfunctionaris "
                          "van het regiobureau)."), "region")
    if rule_key == retention.ACCESS_LOG_RULE:
        raise DeskError(_("Bewaarregel: de termijn van het toegangslog geldt voor de hele installatie en wordt door "
                          "de beheerder ingesteld."), "rule_key")
    period = RetentionPeriod.objects.create(rule_key=rule_key, region=region, months=months, reason=reason,
                                            changed_by=actor, changed_at=now or clock_now())
    record_access(user=actor, action=AccessAction.CHANGE, record=period, reason=reason,
                  detail=f"bewaartermijn {rule_key} voor regio {region.pk}: {months} maanden")
    return period
