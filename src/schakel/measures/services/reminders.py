"""Reminders about step deadlines: one e-mail per person with links only, never content."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from schakel.accounts.models import Membership, User
from schakel.accounts.roles import Role
from schakel.signalling.rules import due_soon_limit

from ..models import OPEN_STATUSES, MeasurePerson, MeasureStep

logger = logging.getLogger(__name__)


def _recipients(step: MeasureStep) -> set[int]:
    """Whoever is on the measure; for a measure nobody is on (a route's), the municipality's focal officers."""
    named = set(MeasurePerson.objects.filter(measure_id=step.measure_id).values_list("user_id", flat=True))
    if named:
        from schakel.signalling.selectors_officers import with_backups

        return with_backups(named)  # an absent officer's backup is reminded as well (issue 19)
    return set(Membership.objects.filter(
        Q(organisation__municipality_id=step.municipality_id, acts_for__isnull=True)
        | Q(acts_for=step.municipality_id), role=Role.FOCAL_OFFICER, active=True).values_list("user_id", flat=True))


def send_step_reminders(*, today: datetime.date) -> tuple[int, int]:
    """Steps due within two working days or overdue, not reminded since their deadline was set: (mails, steps)."""
    steps = list(MeasureStep.objects.filter(done_on__isnull=True, due_on__isnull=False, reminded_on__isnull=True,
                                            due_on__lte=due_soon_limit(today),
                                            measure__status__in=OPEN_STATUSES)
                 .select_related("measure").order_by("due_on"))
    per_user: dict[int, list[MeasureStep]] = defaultdict(list)
    for step in steps:
        for user_id in _recipients(step):
            per_user[user_id].append(step)
    users = {user.pk: user for user in User.objects.filter(pk__in=per_user, is_active=True).exclude(email="")}
    mails = []
    with translation.override(settings.LANGUAGE_CODE):
        for user_id, user_steps in sorted(per_user.items()):
            if user_id not in users:
                continue
            lines = [f"- {step.measure.reference}, {step.due_on:%d-%m-%Y}: "
                     f"{settings.SITE_URL.rstrip('/')}{step.measure.get_absolute_url()}" for step in user_steps]
            body = _("Deze stappen van bestuurlijke maatregelen waarop u staat, verlopen binnenkort of zijn te laat:"
                     "\n\n%(lines)s\n\nAlle termijnen: %(link)s\n\nDeze e-mail bevat bewust geen inhoud.") % {
                "lines": "\n".join(lines),
                "link": settings.SITE_URL.rstrip("/") + reverse("measures:deadlines")}
            mails.append(EmailMessage(_("Termijnen van maatregelen"), body, None, [users[user_id].email]))
    sent = 0
    if mails:
        try:
            with get_connection() as connection:
                sent = connection.send_messages(mails) or 0
        except OSError:
            logger.exception("measure reminders could not be sent (%d messages)", len(mails))
            return 0, 0
    MeasureStep.objects.filter(pk__in=[step.pk for step in steps]).update(reminded_on=today)
    return sent, len(steps)
