"""Action plans: created from a template (data), activities kept, progress noted."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from schakel.clock import now

from .. import templates_data
from ..models import ActionLine, ActionPlan, Activity, ProgressNote
from . import PolicyError, VersionConflict

ACTIVITY_FIELDS = ("title", "intended_result", "partners", "start_on", "end_on", "responsible", "status")


@transaction.atomic
def create_plan(*, actor, title: str, first_year: int, last_year: int, municipality=None, region=None,
                template_key: str = "") -> ActionPlan:
    if (municipality is None) == (region is None):
        raise PolicyError(_("Kies een gemeente of een regio voor het plan."))
    if last_year < first_year:
        raise PolicyError(_("Het laatste jaar ligt vóór het eerste jaar."))
    template = templates_data.plan_template(template_key) if template_key else None
    if template_key and template is None:
        raise PolicyError(_("Onbekend sjabloon."))
    existing = ActionPlan.objects.filter(title=title, first_year=first_year, last_year=last_year,
                                         municipality=municipality, region=region).first()
    if existing is not None:  # a double submit (or the same plan again) gives the one plan
        return existing
    plan = ActionPlan.objects.create(title=title, first_year=first_year, last_year=last_year,
                                     municipality=municipality, region=region, template_key=template_key,
                                     created_by=actor, created_at=now())
    for line in (template or {}).get("lines", []):
        ActionLine.objects.create(plan=plan, number=line["number"], title=line["title"],
                                  description=line.get("description", ""))
    return plan


def add_line(*, plan: ActionPlan, title: str, description: str = "") -> ActionLine:
    number = (plan.lines.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    line = ActionLine.objects.create(plan=plan, number=number, title=title, description=description)
    _touch(plan)
    return line


def _check_dates(data: dict) -> None:
    if data.get("start_on") and data.get("end_on") and data["end_on"] < data["start_on"]:
        raise PolicyError(_("De einddatum ligt vóór de startdatum."))


def _touch(plan: ActionPlan) -> None:
    ActionPlan.objects.filter(pk=plan.pk).update(version=F("version") + 1)


@transaction.atomic
def add_activity(*, line: ActionLine, data: dict) -> Activity:
    _check_dates(data)
    existing = line.activities.filter(title=data.get("title") or "", start_on=data.get("start_on"),
                                      end_on=data.get("end_on")).first()
    if existing is not None:  # a double submit adds one activity
        return existing
    activity = Activity.objects.create(line=line, updated_at=now(), **{f: data.get(f) or _empty(f)
                                                                        for f in ACTIVITY_FIELDS})
    _touch(line.plan)
    return activity


def _empty(field: str):
    if field in ("start_on", "end_on"):
        return None
    if field == "status":
        return "planned"
    return ""


@transaction.atomic
def change_activity(*, activity: Activity, data: dict, version: int, line: ActionLine | None = None) -> Activity:
    _check_dates(data)
    values = {f: data.get(f) if data.get(f) is not None else _empty(f) for f in ACTIVITY_FIELDS}
    if line is not None:
        values["line"] = line
    updated = Activity.objects.filter(pk=activity.pk, version=version).update(
        version=F("version") + 1, updated_at=now(), **values)
    if not updated:
        raise VersionConflict(_("Iemand anders heeft deze activiteit intussen gewijzigd. Bekijk de nieuwe "
                                "versie en voer uw wijziging opnieuw in."))
    _touch(activity.line.plan)
    activity.refresh_from_db()
    return activity


@transaction.atomic
def add_note(*, actor, activity: Activity, noted_on, text: str) -> ProgressNote:
    if not text.strip():
        raise PolicyError(_("Schrijf op wat de voortgang is."))
    note, _created = ProgressNote.objects.get_or_create(
        activity=activity, noted_on=noted_on, text=text.strip(),
        defaults={"author": actor, "created_at": now()})  # a double submit adds one note
    return note
