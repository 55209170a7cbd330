"""Action plans: templates as data, overview with progress, and the all-or-nothing .xlsx round trip."""

import datetime
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from schakel.policy.exports import plan_columns, plan_xlsx
from schakel.policy.models import ActionPlan, Activity, ActivityStatus
from schakel.policy.services import plan_import
from schakel.policy.services import plans as service

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel("2026-03-02 10:00 +0100", tick=False):
        yield


def _plan(world, template="zuid-limburg"):
    return service.create_plan(actor=world.user("policy_officer"), title="Naar een regio zonder uitbuiting",
                               first_year=2023, last_year=2026, municipality=world.a1, template_key=template)


def _activity(plan, number=1, **values):
    line = plan.lines.get(number=number)
    return service.add_activity(line=line, data={"title": "Training baliemedewerkers", "status": "planned",
                                                 **values})


def test_the_zuid_limburg_template_gives_its_three_action_lines(world):
    plan = _plan(world)
    assert [line.title for line in plan.lines.all()] == [
        "Eerder en beter in beeld", "Versterken van de samenwerking", "Opvang en hulpverlening"]


def test_the_four_tasks_template_of_seed_001_gives_four_lines(world):
    plan = _plan(world, template="vier-taken")
    assert [line.title for line in plan.lines.all()] == ["Preventie", "Signalering", "Handhaving",
                                                         "Veiligheid en zorg"]


def _sheet(rows, header=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Activiteiten"
    sheet.append(header or plan_columns())
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_export_then_import_of_a_changed_sheet_updates_and_adds_activities(world):
    plan = _plan(world)
    activity = _activity(plan, start_on=datetime.date(2026, 1, 1), end_on=datetime.date(2026, 6, 30))
    sheet = load_workbook(io.BytesIO(plan_xlsx(plan))).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == plan_columns() and rows[1][0] == f"A{activity.pk}"
    rows[1][9] = "Afgerond"
    rows.append(["", 2, "", "Gezamenlijke controles met AVIM", "Twee controles per jaar", "Politie", "01-04-2026",
                 "31-12-2026", "Handhaving", "Lopend"])
    result = plan_import.import_plan(actor=None, plan=plan, data=_sheet(rows[1:]))
    assert result.ok, result.problems
    assert (result.created, result.updated) == (1, 1)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE
    new = Activity.objects.get(title="Gezamenlijke controles met AVIM")
    assert (new.line.number, new.start_on, new.status) == (2, datetime.date(2026, 4, 1), ActivityStatus.IN_PROGRESS)


def test_a_wrong_file_is_refused_as_a_whole_with_every_problem_listed_and_nothing_changed(world):
    plan = _plan(world)
    activity = _activity(plan)
    rows = [
        [f"A{activity.pk}", 1, "", "Training baliemedewerkers", "", "", "", "", "", "Afgerond"],  # fine on its own
        ["", 1, "", "Nieuwe activiteit", "", "", "geen datum", "", "", "Bezig"],
        ["", 2, "", "Omgekeerd", "", "", "01-06-2026", "01-01-2026", "", ""],
        ["A99999", 9, "", "", "", "", "", "", "", ""],
    ]
    result = plan_import.import_plan(actor=None, plan=plan, data=_sheet(rows))
    found = {(p.row, p.column.split(" ")[0]) for p in result.problems}
    assert {(3, "G"), (3, "J"), (4, "H"), (5, "A"), (5, "C"), (5, "D")} <= found
    assert not result.ok
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PLANNED  # the good row was not applied either
    assert Activity.objects.count() == 1 and plan.lines.count() == 3


def test_a_wrong_column_is_reported_in_row_one(world):
    plan = _plan(world)
    header = plan_columns()
    header[3] = "Omschrijving"
    result = plan_import.import_plan(actor=None, plan=plan, data=_sheet([], header=header))
    assert [(p.row, p.column[0]) for p in result.problems] == [(1, "D")]
    assert "Activiteit" in result.problems[0].message


def test_a_file_that_is_not_a_spreadsheet_is_refused(world):
    result = plan_import.import_plan(actor=None, plan=_plan(world), data=b"not a zip")
    assert not result.ok and "geen Excel-bestand" in result.problems[0].message


def test_text_that_looks_like_a_formula_stays_text_in_the_export(world):
    plan = _plan(world)
    _activity(plan, title="=HYPERLINK(\"http://example.org\")")
    sheet = load_workbook(io.BytesIO(plan_xlsx(plan))).active
    assert sheet.cell(2, 4).data_type == "s"


def test_import_page_lists_the_problems_and_keeps_the_plan(world, login):
    plan = _plan(world)
    client = login(world.user("policy_officer"))
    upload = SimpleUploadedFile("plan.xlsx", _sheet([["", 1, "", "X", "", "", "31-02-2026", "", "", "Onbekend"]]))
    response = client.post(f"/beleid/plannen/{plan.pk}/importeren", {"file": upload})
    body = response.content.decode()
    assert response.status_code == 400
    assert "geen datum" in body and "Onbekende status" in body
    assert not Activity.objects.exists()


def test_overview_shows_progress_per_line_and_activities_past_their_end_date(world, login):
    plan = _plan(world)
    _activity(plan, status="done")
    _activity(plan, title="Voorlichting ondernemers", end_on=datetime.date(2026, 1, 31), status="in_progress")
    client = login(world.user("policy_officer"))
    body = client.get(f"/beleid/plannen/{plan.pk}/").content.decode()
    assert "1 van 2 activiteiten afgerond (50%)" in body
    assert "Over de einddatum" in body


def test_a_stale_version_of_an_activity_is_refused_with_an_explanation(world, login):
    plan = _plan(world)
    activity = _activity(plan)
    client = login(world.user("policy_officer"))
    data = {"line": str(activity.line_id), "title": "Nieuwe naam", "status": "planned", "version": "1"}
    assert client.post(f"/beleid/activiteiten/{activity.pk}/", data).status_code == 302
    response = client.post(f"/beleid/activiteiten/{activity.pk}/", {**data, "title": "Tweede"})
    assert response.status_code == 409 and "intussen gewijzigd" in response.content.decode()
    activity.refresh_from_db()
    assert activity.title == "Nieuwe naam"


def test_a_double_submitted_progress_note_is_recorded_once(world, login):
    activity = _activity(_plan(world))
    client = login(world.user("policy_officer"))
    for _ in range(2):
        client.post(f"/beleid/activiteiten/{activity.pk}/voortgang", {"noted_on": "2026-03-02", "text": "Gestart"})
    assert activity.notes.count() == 1


def test_the_plan_of_another_municipality_is_not_found_for_a_municipal_policy_officer(world, login):
    plan = service.create_plan(actor=None, title="A2", first_year=2023, last_year=2026, municipality=world.a2)
    client = login(world.user("policy_officer"))
    assert client.get(f"/beleid/plannen/{plan.pk}/").status_code == 404
    assert ActionPlan.objects.count() == 1


def test_the_chain_director_keeps_every_plan_of_the_region(world, login):
    plan = service.create_plan(actor=None, title="A2", first_year=2023, last_year=2026, municipality=world.a2)
    client = login(world.user("chain_director"))
    assert client.get(f"/beleid/plannen/{plan.pk}/").status_code == 200


def test_a_double_submitted_plan_or_activity_is_created_once(world, login):
    client = login(world.user("policy_officer"))
    data = {"owner": f"m:{world.a1.pk}", "template": "zuid-limburg", "title": "", "first_year": "2023",
            "last_year": "2026"}
    for _ in range(2):
        client.post("/beleid/plannen/", data)
    plan = ActionPlan.objects.get()
    line = plan.lines.get(number=1)
    for _ in range(2):
        client.post(f"/beleid/plannen/{plan.pk}/activiteiten/nieuw",
                    {"line": line.pk, "title": "Voorlichting", "status": "planned"})
    assert Activity.objects.count() == 1
