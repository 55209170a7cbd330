"""Referrals to partners: requested → accepted or declined → done or failed, or withdrawn.

Consent is fail-closed: a referral shares something about the client, so it is refused unless
consent to share with that organisation is recorded and not withdrawn, or the coordinator records
an override with its legal ground and reason. An override is a flagged access-log row, which the
privacy officer sees. The partner sees the referral (only the text it shares) while it is open.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from schakel.clock import AMSTERDAM
from schakel.clock import now as clock_now
from schakel.organisations.models import Organisation
from schakel.privacy.audit import record_access

from ..models import CareCase, CareReferral, ConsentPurpose, FailureReason, ReferralStatus
from ..permissions import can_answer
from . import mail
from .cases import active_consent
from .common import CareError, bump, event, lock, log, text


class StaleReferral(CareError):
    message = _("Deze verwijzing is intussen gewijzigd. Uw antwoord is niet opgeslagen; uw invoer staat nog in het "
                "formulier. Bekijk de actuele stand en probeer het opnieuw.")


class ConsentMissing(CareError):
    field = "override_ground"


@transaction.atomic
def refer(*, actor, case: CareCase, organisation: Organisation, request: str, shared: str,
          override_ground: str = "", override_reason: str = "", expected_version: int,
          now: datetime.datetime | None = None) -> CareReferral:
    moment = now or clock_now()
    current = lock(actor=actor, case=case, expected_version=expected_version)
    if not organisation.active:
        raise CareError(_("Deze organisatie is niet meer actief. Kies een andere."), field="organisation")
    request = text(request, field="request", label=_("Wat wordt gevraagd"))
    if len(request) > 200:
        raise CareError(_("Houd de vraag kort: hoogstens 200 tekens."), field="request")
    shared = text(shared, field="shared", label=_("Wat wordt gedeeld"))
    day = moment.astimezone(AMSTERDAM).date()
    consent = active_consent(current, purpose=ConsentPurpose.SHARING, on=day, organisation_id=organisation.pk)
    override_ground = (override_ground or "").strip()[:200]
    override_reason = (override_reason or "").strip()
    if consent is None:
        if not override_ground and not override_reason:
            raise ConsentMissing(_(
                "Er is geen toestemming van de cliënt om gegevens te delen met %(organisation)s. Leg eerst die "
                "toestemming vast, of vul de wettelijke grondslag én de reden in om zonder toestemming te delen.")
                % {"organisation": organisation.name})
        if not override_ground:
            raise ConsentMissing(_("Vul de wettelijke grondslag in om zonder toestemming te delen."))
        if not override_reason:
            raise ConsentMissing(_("Vul de reden in om zonder toestemming te delen."), field="override_reason")
        text(override_reason, field="override_reason", label=_("Reden"))
    else:
        override_ground = override_reason = ""
    referral = CareReferral.objects.create(
        case=current, organisation=organisation, request=request, shared=shared, consent=consent,
        override_ground=override_ground, override_reason=override_reason, requested_at=moment, requested_by=actor)
    bump(current, moment=moment)
    event(current, actor=actor, moment=moment, what=_("Verwezen naar %(organisation)s") % {
        "organisation": organisation.name}, reason=override_reason)
    if consent is None:
        # Sharing without consent: flagged, so the privacy officer sees it in the access log.
        record_access(user=actor, action="change", record=current, flagged=True,
                      reason=f"zorg: verwijzing zonder toestemming, grondslag: {override_ground}",
                      detail="delen zonder toestemming")
    else:
        log(actor, current, "verwijzing gemaakt")
    mail.referral_requested(referral)
    return referral


@transaction.atomic
def withdraw(*, actor, case: CareCase, referral: CareReferral, reason: str, expected_version: int,
             now: datetime.datetime | None = None) -> CareReferral:
    moment = now or clock_now()
    current = lock(actor=actor, case=case, expected_version=expected_version)
    row = CareReferral.objects.select_for_update().get(pk=referral.pk)
    if row.case_id != current.pk:
        raise PermissionDenied
    if not row.is_open:
        raise CareError(_("Deze verwijzing is al %(status)s.") % {"status": row.get_status_display().lower()})
    reason = text(reason, field="reason", label=_("Reden intrekken"))
    CareReferral.objects.filter(pk=row.pk).update(status=ReferralStatus.WITHDRAWN, answer=reason, finished_at=moment,
                                                  version=row.version + 1)
    row.refresh_from_db()
    bump(current, moment=moment)
    event(current, actor=actor, moment=moment, what=_("Verwijzing naar %(organisation)s ingetrokken") % {
        "organisation": row.organisation.name}, reason=reason)
    log(actor, current, "verwijzing ingetrokken")
    return row


_ANSWERS = {
    # status the partner chooses: (allowed from, needs text, needs failure reason)
    ReferralStatus.ACCEPTED: ((ReferralStatus.REQUESTED,), False, False),
    ReferralStatus.DECLINED: ((ReferralStatus.REQUESTED,), True, False),
    ReferralStatus.DONE: ((ReferralStatus.ACCEPTED,), True, False),
    ReferralStatus.FAILED: ((ReferralStatus.ACCEPTED,), True, True),
}


@transaction.atomic
def answer(*, actor, referral: CareReferral, status: str, text_: str = "", failure_reason: str = "",
           expected_version: int, now: datetime.datetime | None = None) -> CareReferral:
    """The partner's answer: accept, decline (with reason), done (with outcome) or failed (why)."""
    moment = now or clock_now()
    row = CareReferral.objects.select_for_update().select_related("case", "organisation").get(pk=referral.pk)
    if not can_answer(actor, row):
        raise PermissionDenied
    if row.version != expected_version:
        raise StaleReferral()
    if status not in _ANSWERS:
        raise CareError(_("Kies een antwoord."), field="status")
    allowed_from, needs_text, needs_reason = _ANSWERS[status]
    if row.status not in allowed_from:
        raise CareError(_("Deze verwijzing is %(status)s; dit antwoord past daar niet bij.")
                        % {"status": row.get_status_display().lower()}, field="status")
    labels = {ReferralStatus.DECLINED: _("Reden afwijzen"), ReferralStatus.DONE: _("Uitkomst"),
              ReferralStatus.FAILED: _("Toelichting")}
    body = text(text_, field="text", required=needs_text, label=labels.get(status, _("Toelichting")))
    if needs_reason and failure_reason not in FailureReason.values:
        raise CareError(_("Kies waarom het niet is gelukt."), field="failure_reason")
    changes = {"status": status, "answer": body, "failure_reason": failure_reason if needs_reason else "",
               "version": row.version + 1}
    if status in (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED):
        changes.update(answered_at=moment, answered_by=actor)
    if status in (ReferralStatus.DECLINED, ReferralStatus.DONE, ReferralStatus.FAILED):
        changes["finished_at"] = moment
    written = CareReferral.objects.filter(pk=row.pk, version=expected_version).update(**changes)
    if written != 1:
        raise StaleReferral()
    row.refresh_from_db()
    case = CareCase.objects.select_for_update().get(pk=row.case_id)
    bump(case, moment=moment)
    event(case, actor=actor, moment=moment, what=_("%(organisation)s: verwijzing %(status)s") % {
        "organisation": row.organisation.name, "status": row.get_status_display().lower()}, reason=body)
    record_access(user=actor, action="change", record=row, reason=f"zorg: verwijzing {status}")
    mail.referral_answered(row)
    return row
