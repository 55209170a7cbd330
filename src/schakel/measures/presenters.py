"""What the measure page shows, prepared once for the template (labels from the type, deadline states)."""

from __future__ import annotations

import datetime

from schakel.clock import today
from schakel.signalling.rules import deadline_state

from . import forms
from .models import EventKind, MeasureStatus
from .people import people_of
from .permissions import can_edit, can_work_on_measures
from .transitions import TRANSITIONS
from .views_register import register_url

MOVE_LABELS = {
    MeasureStatus.RUNNING: "Starten of heropenen",
    MeasureStatus.DONE: "Afronden",
    MeasureStatus.STOPPED: "Stoppen",
}


def step_state(step, on: object) -> str:
    if step.done_on:
        return "done"
    if step.due_on is None:
        return "none"
    return deadline_state(step.due_on, on).value


def detail_rows(measure) -> list[tuple[str, str]]:
    kind = measure.kind
    rows = []
    for name, spec in kind.fields.items():
        value = (measure.details or {}).get(name)
        if value in (None, "", []):
            continue
        if spec.get("format") == "date":
            shown = datetime.date.fromisoformat(value).strftime("%d-%m-%Y")
        elif spec["type"] == "boolean":
            shown = "Ja" if value else "Nee"
        else:
            shown = kind.option_label(name, value)
        rows.append((spec["title"], str(shown)))
    return rows


def detail_context(request, measure, *, bound: dict | None = None, error: str = "") -> dict:
    on = today()
    kind = measure.kind
    steps = list(measure.steps.all().order_by("position"))
    for step in steps:
        step.state = step_state(step, on)
        step.manual = not (step.step_type and step.step_type.done_when)
        step.deadline = step.step_type.deadline if step.step_type else None
    status_forms = {}
    for move in TRANSITIONS.get(measure.status, ()):
        status_forms[move.to] = {"move": move, "label": MOVE_LABELS[move.to],
                                 "form": forms.StatusForm(initial={"version": measure.version, "target": move.to},
                                                          kind=kind, prefix=f"status_{move.to}")}
    bound = bound or {}
    for key, form in bound.items():
        if key.startswith("status_") and key.removeprefix("status_") in status_forms:
            status_forms[key.removeprefix("status_")]["form"] = form
    subjects = list(measure.subjects.all())
    for subject in subjects:
        subject.register_url = "" if subject.unparsed else register_url(subject.kind, subject.key)
    events = list(measure.events.all().select_related("actor"))
    for item in events:
        step_type = kind.step(item.data.get("step", ""))
        item.step_label = step_type.label if step_type else ""
        item.changed_labels = [kind.field_title(name) if name in kind.fields else name
                               for name in item.data.get("fields", [])] if item.kind == EventKind.CHANGED else []
        item.to_label = MeasureStatus(item.data["to"]).label if item.data.get("to") else ""
    return {
        "measure": measure,
        "kind": kind,
        "details": detail_rows(measure),
        "steps": steps,
        "people": list(measure.people.all().select_related("user")),
        "subjects": subjects,
        "documents": [d for d in measure.documents.all().select_related("stored_file") if d.stored_file_id],
        "follow_ups": list(measure.follow_ups.all().defer("description", "details", "outcome_text")),
        "events": events,
        "status_forms": status_forms,
        "person_form": bound.get("person") or forms.PersonForm(people=people_of(measure.municipality_id)),
        "subject_form": bound.get("subject") or forms.SubjectForm(),
        "document_form": bound.get("document") or forms.DocumentForm(),
        "can_edit": can_edit(request.user, measure),
        "can_follow_up": can_work_on_measures(request.user),
        "error": error,
        "today": on,
    }
