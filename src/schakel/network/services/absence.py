"""Absence and backup: an officer (or their administrator) records an absence with who covers.

While the absence runs, the officer's focal-officer memberships are marked absent with the backup
(accounts.services.set_absence_state): intake, triage, escalation and the mail of signalling,
actions and measures read those fields, so new signals, the reporter's answers, assignments,
overdue lists, overdue actions and step reminders reach the backup, and the backup's
'Mijn signalen' lists the absent officer's open signals. A daily job starts and ends absences
whose dates arrive; recording or ending one applies it at once.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from schakel.accounts.roles import Role
from schakel.accounts.selectors import users_administered_by
from schakel.accounts.services import set_absence_state
from schakel.accounts.tenancy import scope_for
from schakel.clock import now as clock_now
from schakel.clock import today as clock_today
from schakel.privacy.audit import record_access
from schakel.signalling.selectors import focal_officers_for

from ..models import Absence
from . import NetworkError


def officer_municipalities(officer) -> frozenset[int]:
    return scope_for(officer).municipalities_for(Role.FOCAL_OFFICER)


def eligible_backups(officer) -> list:
    """Focal officers who work for every municipality the officer works for (regional ones included)."""
    municipalities = sorted(officer_municipalities(officer))
    if not municipalities:
        return []
    candidates = None
    for municipality_id in municipalities:
        ids = {user.pk: user for user in focal_officers_for(municipality_id)}
        candidates = ids if candidates is None else {k: v for k, v in candidates.items() if k in ids}
    return [user for pk, user in candidates.items() if pk != officer.pk]


def may_record_for(actor, officer) -> bool:
    if not officer_municipalities(officer):
        return False
    if actor.pk == officer.pk:
        return True
    return (scope_for(actor).has_role(Role.ADMINISTRATOR)
            and users_administered_by(actor).filter(pk=officer.pk).exists())


@transaction.atomic
def record_absence(*, actor, officer, starts_on: datetime.date, ends_on: datetime.date, backup,
                   now: datetime.datetime | None = None) -> Absence:
    moment = now or clock_now()
    today = clock_today()
    if not may_record_for(actor, officer):
        raise NetworkError(_("U kunt alleen uw eigen afwezigheid vastleggen, of als beheerder die van een "
                             "aandachtsfunctionaris die onder uw beheer valt."))
    if ends_on < starts_on:
        raise NetworkError(_("De einddatum ligt vóór de begindatum. Kies een einddatum op of na %(start)s.") % {
            "start": starts_on.strftime("%d-%m-%Y")}, field="ends_on")
    if ends_on < today:
        raise NetworkError(_("Deze afwezigheid ligt helemaal in het verleden. Kies een einddatum vanaf vandaag."),
                           field="ends_on")
    if backup is None or backup.pk not in {user.pk for user in eligible_backups(officer)}:
        raise NetworkError(_("Kies als vervanger een aandachtsfunctionaris van dezelfde gemeente (of een regionale "
                             "aandachtsfunctionaris die voor die gemeente werkt)."), field="backup")
    overlapping = Absence.objects.select_for_update().filter(
        officer=officer, ended_at__isnull=True, starts_on__lte=ends_on, ends_on__gte=starts_on)
    same = overlapping.filter(starts_on=starts_on, ends_on=ends_on, backup=backup).first()
    if same is not None:
        return same  # a double submit
    if overlapping.exists():
        raise NetworkError(_("Er is al een afwezigheid vastgelegd die deze dagen overlapt. Beëindig die eerst of "
                             "kies andere dagen."), field="starts_on")
    if Absence.objects.filter(officer=backup, ended_at__isnull=True, starts_on__lte=ends_on,
                              ends_on__gte=starts_on).exists():
        raise NetworkError(_("De gekozen vervanger is in deze periode zelf afwezig. Kies een andere vervanger."),
                           field="backup")
    absence = Absence.objects.create(officer=officer, backup=backup, starts_on=starts_on, ends_on=ends_on,
                                     created_by=actor, created_at=moment)
    record_access(user=actor, action="create", record=absence, reason="afwezigheid vastgelegd")
    apply_absences_of(officer, actor=actor, today=today)
    absence.refresh_from_db()
    return absence


@transaction.atomic
def end_absence(*, actor, absence: Absence, now: datetime.datetime | None = None) -> Absence:
    """The officer is back early (or the absence is cancelled before it starts)."""
    if not may_record_for(actor, absence.officer):
        raise NetworkError(_("U kunt deze afwezigheid niet beëindigen."))
    absence = Absence.objects.select_for_update().get(pk=absence.pk)
    if absence.ended_at is None:
        absence.ended_at = now or clock_now()
        absence.save(update_fields=["ended_at"])
        record_access(user=actor, action="change", record=absence, reason="afwezigheid beëindigd")
        apply_absences_of(absence.officer, actor=actor, today=clock_today())
    return absence


def apply_absences_of(officer, *, actor, today: datetime.date) -> None:
    """Bring the officer's memberships in line with their absences on `today`."""
    absences = list(Absence.objects.select_for_update().filter(officer=officer).order_by("starts_on", "pk"))
    current = next((a for a in absences if a.is_current(today)), None)
    for absence in absences:
        if absence.applied and absence is not current:
            set_absence_state(actor=actor, user=officer, absent=False, backup=absence.previous_backup,
                              reason=_("afwezigheid voorbij: weer aanwezig"))
            absence.applied = False
            absence.save(update_fields=["applied"])
    if current is not None and not current.applied:
        standing = officer.memberships.filter(role=Role.FOCAL_OFFICER, active=True).values_list(
            "backup_id", flat=True).first()
        current.previous_backup_id = standing if standing != current.backup_id else None
        current.applied = True
        current.save(update_fields=["applied", "previous_backup"])
        set_absence_state(actor=actor, user=officer, absent=True, backup=current.backup,
                          reason=_("afwezig tot en met %(end)s, vervanger %(backup)s") % {
                              "end": current.ends_on.strftime("%d-%m-%Y"), "backup": current.backup})


def apply_all(*, today: datetime.date) -> int:
    """The daily job: absences that start or end today take effect. Returns the officers changed."""
    from django.db.models import Q

    due = (Absence.objects.filter(Q(applied=False, ended_at__isnull=True, starts_on__lte=today, ends_on__gte=today)
                                  | Q(applied=True) & (Q(ended_at__isnull=False) | Q(ends_on__lt=today)))
           .values_list("officer_id", flat=True).distinct())
    from schakel.accounts.models import User

    officers = list(User.objects.filter(pk__in=list(due)))
    for officer in officers:
        with transaction.atomic():
            apply_absences_of(officer, actor=None, today=today)
    return len(officers)
