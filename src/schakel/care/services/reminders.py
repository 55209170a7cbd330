"""Reflection-period reminders, 4 and 2 weeks before the end (daily job; each sent once per period end)."""

from __future__ import annotations

import datetime

from django.db import transaction

from schakel.accounts.models import Membership
from schakel.accounts.roles import Role

from ..models import CaseStatus, ReflectionDecision, ReflectionPeriod
from . import mail


def _recipients(case) -> list[str]:
    coordinator = case.coordinator
    if coordinator is not None and coordinator.is_active and coordinator.email and Membership.objects.filter(
            user=coordinator, role=Role.CARE_COORDINATOR, active=True).exists():
        return [coordinator.email]
    from .route import coordinator_for_region

    membership = coordinator_for_region(case.region_id)
    return [membership.user.email] if membership is not None and membership.user.email else []


def due_reminders(*, today: datetime.date):
    """(period, weeks) for every running reflection period whose next reminder is due today or was missed."""
    periods = (ReflectionPeriod.objects.filter(case__status=CaseStatus.OPEN,
                                               decision__in=(ReflectionDecision.PENDING, ReflectionDecision.EXTENSION))
               .select_related("case", "case__coordinator").order_by("pk"))
    for period in periods:
        end = period.effective_end
        if today > end:
            continue
        if today >= end - datetime.timedelta(weeks=2):
            if period.reminded_2_weeks_at is None:
                yield period, 2
        elif today >= end - datetime.timedelta(weeks=4) and period.reminded_4_weeks_at is None:
            yield period, 4


def send_reflection_reminders(*, today: datetime.date, now: datetime.datetime) -> int:
    sent = 0
    for period, weeks in list(due_reminders(today=today)):
        recipients = _recipients(period.case)
        with transaction.atomic():
            # Marked first: a retry after a mail failure does not send twice (the page still shows it).
            changes = {"reminded_2_weeks_at": now} if weeks == 2 else {"reminded_4_weeks_at": now}
            if weeks == 2 and period.reminded_4_weeks_at is None:
                changes["reminded_4_weeks_at"] = now
            ReflectionPeriod.objects.filter(pk=period.pk).update(**changes)
        if recipients:
            sent += mail.reflection_reminder(case=period.case, weeks=weeks, recipients=recipients)
    return sent
