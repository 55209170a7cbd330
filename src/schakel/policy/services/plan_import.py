"""Import an action plan's activities from .xlsx: checked as a whole, applied whole or not at all.

The file is the one the export writes (exports.plan_columns): one row per activity, with its
reference (Kenmerk, "A12") so a changed row updates that activity; a row without a reference is
a new activity; a new action line number with a name adds the line. Activities that are not in
the file are kept. Every problem is reported with its row, column and a Dutch message, and then
nothing is changed.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from schakel.clock import now

from ..exports import PLAN_SHEET, plan_columns
from ..models import ActionLine, ActionPlan, Activity, ActivityStatus

MAX_ROWS = 2000
LIMITS = {3: 200, 4: 300, 6: 500, 9: 200}  # column index -> max length (line name, title, partners, responsible)


@dataclass(frozen=True)
class Problem:
    row: int
    column: str  # "D (Activiteit)" or "" for the whole file
    message: str


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    lines_created: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Row:
    number: int
    activity: Activity | None
    line_number: int
    line_title: str
    values: dict | None  # None: a row that only names an action line


def _column(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(index + 1)} ({plan_columns()[index]})"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value):
    """A date, None for an empty cell, or ValueError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for pattern in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _status(value):
    text = _text(value).lower()
    if not text:
        return ActivityStatus.PLANNED
    for status in ActivityStatus:
        if text in (status.value, str(status.label).lower()):
            return status
    raise ValueError(text)


def read_rows(data: bytes) -> tuple[list[tuple], list[Problem]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return [], [Problem(0, "", _("Dit is geen Excel-bestand (.xlsx). Exporteer het plan en werk in dat bestand."))]
    sheet = workbook[PLAN_SHEET] if PLAN_SHEET in workbook.sheetnames else workbook.worksheets[0]
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    if not rows:
        return [], [Problem(1, "", _("Het bestand is leeg."))]
    header = [_text(v) for v in rows[0]]
    expected = plan_columns()
    problems = []
    for index, name in enumerate(expected):
        found = header[index] if index < len(header) else ""
        if found.lower() != name.lower():
            problems.append(Problem(1, _column(index), _("Kolom '%(expected)s' verwacht, '%(found)s' gevonden.")
                                    % {"expected": name, "found": found or _("(leeg)")}))
    for index in range(len(expected), len(header)):
        if header[index]:
            from openpyxl.utils import get_column_letter

            problems.append(Problem(1, get_column_letter(index + 1),
                                    _("Onbekende kolom '%(found)s'. Gebruik de kolommen van de export.")
                                    % {"found": header[index]}))
    if len(rows) - 1 > MAX_ROWS:
        problems.append(Problem(0, "", _("Te veel regels: ten hoogste %(max)s.") % {"max": MAX_ROWS}))
    return rows[1:], problems


def check(plan: ActionPlan, data: bytes) -> tuple[list[_Row], list[Problem]]:
    rows, problems = read_rows(data)
    if problems:
        return [], problems
    activities = {f"A{a.pk}": a for a in Activity.objects.filter(line__plan=plan).select_related("line")}
    known_lines = {line.number: line.title for line in plan.lines.all()}
    new_lines: dict[int, str] = {}
    seen: dict[str, int] = {}
    checked = []
    width = len(plan_columns())
    for offset, raw in enumerate(rows):
        number = offset + 2
        cells = list(raw[:width]) + [None] * (width - len(raw[:width]))
        if all(_text(c) == "" for c in cells):
            continue
        row_problems = []

        def problem(index, message, _number=number, _list=row_problems):
            _list.append(Problem(_number, _column(index), message))

        reference = _text(cells[0]).upper()
        activity = None
        if reference:
            if reference in seen:
                problem(0, _("Kenmerk %(ref)s staat ook in regel %(row)s.")
                        % {"ref": reference, "row": seen[reference]})
            seen.setdefault(reference, number)
            activity = activities.get(reference)
            if activity is None:
                problem(0, _("Onbekend kenmerk '%(ref)s': laat het leeg voor een nieuwe activiteit.")
                        % {"ref": reference})
        line_number = None
        try:
            line_number = int(_text(cells[1]))
            if line_number < 1:
                raise ValueError
        except ValueError:
            problem(1, _("Vul het nummer van de actielijn in (1, 2, 3, ...)."))
        line_title = _text(cells[2])
        if line_number is not None and line_number not in known_lines:
            if not line_title and line_number not in new_lines:
                problem(2, _("Actielijn %(n)s bestaat nog niet: vul de naam in.") % {"n": line_number})
            elif line_title:
                new_lines.setdefault(line_number, line_title)
        for index, limit in LIMITS.items():
            if len(_text(cells[index - 1])) > limit:
                problem(index - 1, _("Te lang: ten hoogste %(n)s tekens.") % {"n": limit})
        title = _text(cells[3])
        only_line = not reference and not any(_text(c) for c in cells[3:])
        values = None
        if not only_line:
            if not title:
                problem(3, _("Vul de naam van de activiteit in."))
            start = end = None
            for index in (6, 7):
                try:
                    parsed = _date(cells[index])
                except ValueError:
                    problem(index, _("'%(value)s' is geen datum. Schrijf de datum als dd-mm-jjjj.")
                            % {"value": _text(cells[index])})
                    continue
                if index == 6:
                    start = parsed
                else:
                    end = parsed
            if start and end and end < start:
                problem(7, _("De einddatum ligt vóór de startdatum."))
            try:
                status = _status(cells[9])
            except ValueError:
                status = None
                problem(9, _("Onbekende status '%(value)s'. Kies uit: %(choices)s.")
                        % {"value": _text(cells[9]), "choices": ", ".join(str(s.label) for s in ActivityStatus)})
            values = {"title": title, "intended_result": _text(cells[4]), "partners": _text(cells[5]),
                      "start_on": start, "end_on": end, "responsible": _text(cells[8]), "status": status}
        problems.extend(row_problems)
        if not row_problems:
            checked.append(_Row(number=number, activity=activity, line_number=line_number, line_title=line_title,
                                values=values))
    return checked, problems


@transaction.atomic
def import_plan(*, actor, plan: ActionPlan, data: bytes) -> ImportResult:
    rows, problems = check(plan, data)
    result = ImportResult(problems=problems)
    if problems:
        return result
    lines = {line.number: line for line in plan.lines.select_for_update()}
    for row in rows:
        line = lines.get(row.line_number)
        if line is None:
            line = lines[row.line_number] = ActionLine.objects.create(plan=plan, number=row.line_number,
                                                                      title=row.line_title)
            result.lines_created += 1
        elif row.line_title and row.line_title != line.title:
            line.title = row.line_title
            line.save(update_fields=["title"])
        if row.values is None:
            continue
        if row.activity is None:
            Activity.objects.create(line=line, updated_at=now(), **row.values)
            result.created += 1
        else:
            changed = any(getattr(row.activity, k) != v for k, v in row.values.items()) \
                or row.activity.line_id != line.pk
            if changed:
                Activity.objects.filter(pk=row.activity.pk).update(
                    line=line, version=F("version") + 1, updated_at=now(), **row.values)
                result.updated += 1
    ActionPlan.objects.filter(pk=plan.pk).update(version=F("version") + 1)
    return result
