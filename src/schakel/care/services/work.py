"""Needs, shelter placements, the reflection period with its B8 application, contacts and notes."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from schakel.clock import AMSTERDAM
from schakel.clock import now as clock_now
from schakel.organisations.models import Organisation

from ..models import (
    B8Outcome,
    CareCase,
    Contact,
    ContactKind,
    Need,
    NeedKind,
    NeedStatus,
    ReflectionDecision,
    ReflectionPeriod,
    Residence,
    ShelterKind,
    ShelterPlacement,
    reflection_end,
)
from ..models.work import CLIENT_CONTACT_KINDS
from .common import CareError, bump, event, lock, log, text

MAX_MINUTES = 24 * 60


def _today(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(AMSTERDAM).date()


def _not_future(day: datetime.date | None, moment, *, field: str, label: str) -> None:
    if day is not None and day > _today(moment):
        raise CareError(_("‘%(label)s’ ligt in de toekomst. Vul een datum tot en met vandaag in.")
                        % {"label": label}, field=field)


@transaction.atomic
def set_need(*, actor, case: CareCase, kind: str, status: str, note: str = "", expected_version: int,
             now: datetime.datetime | None = None) -> Need:
    moment = now or clock_now()
    current = lock(actor=actor, case=case, expected_version=expected_version)
    if kind not in NeedKind.values:
        raise CareError(_("Kies een hulpvraag uit de lijst."), field="kind")
    if status not in NeedStatus.values:
        raise CareError(_("Kies een status: gevraagd, geregeld, voorzien of niet nodig."), field="status")
    note = text(note, field="note", required=False)
    need, _created = Need.objects.update_or_create(case=current, kind=kind,
                                                   defaults={"status": status, "note": note, "updated_at": moment})
    bump(current, moment=moment)
    event(current, actor=actor, moment=moment, what=_("Hulpvraag %(kind)s: %(status)s") % {
        "kind": NeedKind(kind).label, "status": NeedStatus(status).label})
    log(actor, current, "hulpvraag bijgewerkt")
    return need


@transaction.atomic
def add_placement(*, actor, case: CareCase, kind: str, starts_on: datetime.date, ends_on: datetime.date | None = None,
                  provider: Organisation | None = None, provider_name: str = "", expected_version: int,
                  now: datetime.datetime | None = None) -> ShelterPlacement:
    moment = now or clock_now()
    current = lock(actor=actor, case=case, expected_version=expected_version)
    if kind not in ShelterKind.values:
        raise CareError(_("Kies de soort opvang."), field="kind")
    provider_name = (provider_name or "").strip()[:200]
    if provider is None and not provider_name:
        raise CareError(_("Kies de aanbieder van de opvang, of typ de naam als die niet in de lijst staat."),
                        field="provider")
    if starts_on < current.opened_on - datetime.timedelta(days=366):
        raise CareError(_("De begindatum ligt meer dan een jaar vóór de aanmelding. Controleer het jaartal."),
                        field="starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise CareError(_("De einddatum ligt vóór de begindatum. Draai de datums om of laat de einddatum leeg."),
                        field="ends_on")
    if kind == ShelterKind.COSM and current.residence not in (Residence.THIRD_COUNTRY_UNLAWFUL,
                                                              Residence.THIRD_COUNTRY_LAWFUL, Residence.UNKNOWN):
        raise CareError(_("COSM-opvang (categorale opvang) is voor derdelanders. Kies een andere soort opvang, of "
                          "pas eerst de verblijfssituatie aan."), field="kind")
    placement = ShelterPlacement.objects.create(case=current, kind=kind, provider=provider,
                                                provider_name="" if provider else provider_name,
                                                starts_on=starts_on, ends_on=ends_on, recorded_at=moment)
    bump(current, moment=moment)
    event(current, actor=actor, moment=moment, what=_("Opvang: %(kind)s bij %(provider)s vanaf %(start)s") % {
        "kind": ShelterKind(kind).label, "provider": placement.provider_label, "start": starts_on.strftime("%d-%m-%Y")})
    log(actor, current, "opvangplaatsing vastgelegd")
    return placement


@transaction.atomic
def end_placement(*, actor, case: CareCase, placement: ShelterPlacement, ends_on: datetime.date,
                  expected_version: int, now: datetime.datetime | None = None) -> ShelterPlacement:
    moment = now or clock_now()
    current = lock(actor=actor, case=case, expected_version=expected_version)
    if placement.case_id != current.pk:
        raise PermissionDenied
    if ends_on < placement.starts_on:
        raise CareError(_("De einddatum ligt vóór de begindatum van de opvang (%(date)s).")
                        % {"date": placement.starts_on.strftime("%d-%m-%Y")}, field="ends_on")
    placement.ends_on = ends_on
    placement.save(update_fields=["ends_on"])
    bump(current, moment=moment)
    event(current, actor=actor, moment=moment, what=_("Opvang beëindigd op %(date)s") % {
        "date": ends_on.strftime("%d-%m-%Y")})
    log(actor, current, "opvangplaatsing beëindigd")
    return placement


@transaction.atomic
def start_reflection(*, actor, case: CareCase, starts_on: datetime.date, expected_version: int,
                     now: datetime.datetime | None = None) -> ReflectionPeriod:
    """The three-month reflection period (bedenktijd) of a third-country national without lawful stay."""
    moment = now or clock_now()
    current = lock(actor=actor, case=case, expected_version=expected_version)
    if not current.may_have_reflection_period:
        raise CareError(_("Bedenktijd is alleen voor een derdelander zonder rechtmatig verblijf (Vreemdelingenwet "
                          "art. 8 sub k). Deze cliënt is: %(residence)s. Pas zo nodig eerst de verblijfssituatie aan.")
                        % {"residence": Residence(current.residence).label.lower()}, field="starts_on")
    if hasattr(current, "reflection"):
        raise CareError(_("Deze cliënt heeft al een bedenktijd. Leg een verlenging vast bij het besluit."),
                        field="starts_on")
    _not_future(starts_on, moment, field="starts_on", label=_("Begin bedenktijd"))
    if starts_on < current.opened_on - datetime.timedelta(days=92):
        raise CareError(_("De bedenktijd begint ruim vóór de aanmelding. Controleer de datum."), field="starts_on")
    period = ReflectionPeriod.objects.create(case=current, starts_on=starts_on, ends_on=reflection_end(starts_on),
                                             recorded_at=moment)
    bump(current, moment=moment)
    event(current, actor=actor, moment=moment, what=_("Bedenktijd van %(start)s tot en met %(end)s") % {
        "start": starts_on.strftime("%d-%m-%Y"), "end": period.ends_on.strftime("%d-%m-%Y")})
    log(actor, current, "bedenktijd gestart")
    return period


@transaction.atomic
def decide_reflection(*, actor, case: CareCase, decision: str, decided_on: datetime.date,
                      extended_until: datetime.date | None = None, expected_version: int,
                      now: datetime.datetime | None = None) -> ReflectionPeriod:
    moment = now or clock_now()
    current = lock(actor=actor, case=case, expected_version=expected_version)
    period = ReflectionPeriod.objects.select_for_update().filter(case=current).first()
    if period is None:
        raise CareError(_("Er is geen bedenktijd vastgelegd."))
    if decision not in (ReflectionDecision.REPORT, ReflectionDecision.NO_REPORT, ReflectionDecision.EXTENSION):
        raise CareError(_("Kies het besluit: aangifte, geen aangifte of verlenging."), field="decision")
    _not_future(decided_on, moment, field="decided_on", label=_("Besloten op"))
    if decided_on < period.starts_on:
        raise CareError(_("Het besluit ligt vóór het begin van de bedenktijd (%(date)s).")
                        % {"date": period.starts_on.strftime("%d-%m-%Y")}, field="decided_on")
    if decision == ReflectionDecision.EXTENSION:
        if extended_until is None or extended_until <= period.effective_end:
            raise CareError(_("Vul in tot wanneer de bedenktijd is verlengd: na %(date)s.")
                            % {"date": period.effective_end.strftime("%d-%m-%Y")}, field="extended_until")
        period.extended_until = extended_until
        # New reminders before the new end.
        period.reminded_4_weeks_at = period.reminded_2_weeks_at = None
    period.decision, period.decided_on = decision, decided_on
    period.save()
    bump(current, moment=moment)
    event(current, actor=actor, moment=moment, what=_("Besluit bedenktijd: %(decision)s") % {
        "decision": ReflectionDecision(decision).label})
    log(actor, current, "besluit bedenktijd vastgelegd")
    return period


@transaction.atomic
def record_b8(*, actor, case: CareCase, applied_on: datetime.date, outcome: str,
              decided_on: datetime.date | None = None, expected_version: int,
              now: datetime.datetime | None = None) -> ReflectionPeriod:
    """The B8 residence permit (victims of trafficking) application and its outcome."""
    moment = now or clock_now()
    current = lock(actor=actor, case=case, expected_version=expected_version)
    period = ReflectionPeriod.objects.select_for_update().filter(case=current).first()
    if period is None:
        raise CareError(_("Leg eerst de bedenktijd vast; de B8-aanvraag hoort daarbij."))
    if outcome not in (B8Outcome.PENDING, B8Outcome.GRANTED, B8Outcome.REFUSED):
        raise CareError(_("Kies de stand van de aanvraag."), field="outcome")
    _not_future(applied_on, moment, field="applied_on", label=_("Aangevraagd op"))
    if applied_on < period.starts_on:
        raise CareError(_("De aanvraag ligt vóór het begin van de bedenktijd (%(date)s).")
                        % {"date": period.starts_on.strftime("%d-%m-%Y")}, field="applied_on")
    if outcome == B8Outcome.PENDING:
        decided_on = None
    elif decided_on is None:
        raise CareError(_("Vul de datum van het besluit op de aanvraag in."), field="decided_on")
    elif decided_on < applied_on:
        raise CareError(_("Het besluit ligt vóór de aanvraag."), field="decided_on")
    else:
        _not_future(decided_on, moment, field="decided_on", label=_("Besluit op"))
    period.b8_applied_on, period.b8_outcome, period.b8_decided_on = applied_on, outcome, decided_on
    period.save(update_fields=["b8_applied_on", "b8_outcome", "b8_decided_on"])
    bump(current, moment=moment)
    event(current, actor=actor, moment=moment, what=_("B8-aanvraag: %(outcome)s") % {
        "outcome": B8Outcome(outcome).label})
    log(actor, current, "B8-aanvraag vastgelegd")
    return period


@transaction.atomic
def add_contact(*, actor, case: CareCase, on: datetime.date, kind: str, minutes: int, with_whom: str = "",
                text_: str = "", expected_version: int, now: datetime.datetime | None = None) -> Contact:
    """A contact or a progress note. The first contact with the client finishes the screening route's action."""
    moment = now or clock_now()
    current = lock(actor=actor, case=case, expected_version=expected_version)
    if kind not in ContactKind.values:
        raise CareError(_("Kies de soort contact."), field="kind")
    _not_future(on, moment, field="on", label=_("Datum"))
    if on < current.opened_on - datetime.timedelta(days=31):
        raise CareError(_("Deze datum ligt ruim vóór de aanmelding (%(date)s). Controleer de datum.")
                        % {"date": current.opened_on.strftime("%d-%m-%Y")}, field="on")
    if minutes is None or minutes < 0 or minutes > MAX_MINUTES:
        raise CareError(_("Vul de duur in minuten in: 0 tot en met 1440."), field="minutes")
    if kind != ContactKind.NOTE and minutes == 0:
        raise CareError(_("Vul de duur van het contact in minuten in."), field="minutes")
    body = text(text_, field="text", label=_("Verslag"))
    with_whom = text(with_whom, field="with_whom", required=kind == ContactKind.PROFESSIONAL, label=_("Met wie"))
    contact = Contact.objects.create(case=current, on=on, kind=kind, minutes=minutes, with_whom=with_whom, text=body,
                                     recorded_at=moment, recorded_by=actor)
    changes = {}
    first = kind in CLIENT_CONTACT_KINDS and current.first_contact_on is None
    if first:
        changes["first_contact_on"] = on
    bump(current, moment=moment, **changes)
    event(current, actor=actor, moment=moment, what=_("%(kind)s vastgelegd") % {"kind": ContactKind(kind).label})
    log(actor, current, "contact of notitie vastgelegd")
    if first:
        from .route import first_contact_made

        first_contact_made(current, actor=actor, moment=moment)
    return contact
