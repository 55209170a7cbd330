"""The plan overview: per action line its activities and progress (share of activities done)."""

from __future__ import annotations

from dataclasses import dataclass

from .models import ActivityStatus


@dataclass
class LineOverview:
    line: object
    activities: list
    done: int
    running: int
    overdue: int

    @property
    def total(self) -> int:
        return len([a for a in self.activities if a.status != ActivityStatus.CANCELLED])

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def build(plan, today) -> list[LineOverview]:
    overview = []
    for line in plan.lines.prefetch_related("activities__notes"):
        activities = list(line.activities.all())
        for activity in activities:
            activity.overdue = activity.is_overdue(today)
            notes = list(activity.notes.all())
            activity.last_note = notes[0] if notes else None
        overview.append(LineOverview(
            line=line, activities=activities,
            done=sum(1 for a in activities if a.status == ActivityStatus.DONE),
            running=sum(1 for a in activities if a.status == ActivityStatus.IN_PROGRESS),
            overdue=sum(1 for a in activities if a.overdue)))
    return overview


def overdue_count(plans, today) -> int:
    from .models import Activity

    return (Activity.objects.filter(line__plan__in=plans, end_on__lt=today)
            .exclude(status__in=[ActivityStatus.DONE, ActivityStatus.CANCELLED]).count())
