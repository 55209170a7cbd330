"""What needs a policy officer's or chain director's attention (start page and /beleid/):
activities past their end date, front-line departments whose (refresher) training is due, and
municipalities whose self-assessment is missing or older than a year."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import plan_overview, selectors
from .services import assessments, trainings


@dataclass
class Attention:
    overdue_activities: int = 0
    refreshers_due: int = 0
    stale_assessments: list = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return bool(self.overdue_activities or self.refreshers_due or self.stale_assessments)


def summary(user, today) -> Attention:
    municipalities = list(selectors.municipalities(user).select_related("region_membership"))
    return Attention(
        overdue_activities=plan_overview.overdue_count(selectors.plans(user), today),
        refreshers_due=trainings.due_count(municipalities, today),
        stale_assessments=assessments.stale(municipalities, today),
    )
