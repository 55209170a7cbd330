"""The .xlsx exports: the funding table and the action plan (which import.py reads back)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import spreadsheets
from .models import ActivityStatus

PLAN_SHEET = "Activiteiten"


def plan_columns() -> list[str]:
    """The action plan sheet's columns, in order; the import requires exactly these."""
    return [_("Kenmerk"), _("Actielijn"), _("Naam actielijn"), _("Activiteit"), _("Beoogd resultaat"),
            _("Uitvoeringspartners"), _("Start"), _("Einde"), _("Verantwoordelijke"), _("Status")]


def funding_xlsx(table) -> bytes:
    scheme = table.scheme
    workbook = spreadsheets.new_workbook()
    sheet = workbook.create_sheet(_("Bijdragen"))
    spreadsheets.write_row(sheet, [f"{scheme.region.name}: {scheme.label} ({scheme.year})"], bold=True)
    if scheme.rate_cents is not None:
        basis = _("%(rate)s cent per inwoner") % {"rate": f"{scheme.rate_cents:n}".replace(".", ",")}
    else:
        basis = _("EUR %(amount)s verdeeld naar inwonertal") % {"amount": scheme.total_amount}
    spreadsheets.write_row(sheet, [_("Grondslag"), basis])
    spreadsheets.write_row(sheet, [_("Peildatum inwonertal"), scheme.reference_date])
    spreadsheets.write_row(sheet, [_("Periode"), scheme.period_start, scheme.period_end])
    spreadsheets.write_row(sheet, [])
    spreadsheets.write_row(sheet, [_("CBS-code"), _("Gemeente"), _("Inwoners"), _("Bijdrage (euro)"),
                                   _("Aandeel"), _("Uren per week"), _("Uren in de periode")], bold=True)
    for row in table.rows:
        spreadsheets.write_row(sheet, [row.municipality.cbs_code, row.municipality.name, row.inhabitants,
                                       row.contribution, round(float(row.share), 6), row.hours_per_week,
                                       row.hours_in_period])
    spreadsheets.write_row(sheet, [_("Totaal"), "", table.total_inhabitants, table.total_contribution, 1.0,
                                   scheme.hours_per_week, table.total_hours_in_period], bold=True)
    spreadsheets.fit_columns(sheet)
    return spreadsheets.to_bytes(workbook)


def plan_xlsx(plan) -> bytes:
    workbook = spreadsheets.new_workbook()
    sheet = workbook.create_sheet(PLAN_SHEET)
    spreadsheets.write_row(sheet, plan_columns(), bold=True)
    labels = dict(ActivityStatus.choices)
    for line in plan.lines.all():
        activities = list(line.activities.all())
        for activity in activities:
            spreadsheets.write_row(sheet, [
                f"A{activity.pk}", line.number, line.title, activity.title, activity.intended_result,
                activity.partners, activity.start_on, activity.end_on, activity.responsible,
                str(labels[activity.status])])
        if not activities:  # an empty line still travels, so it is not lost on the way back
            spreadsheets.write_row(sheet, ["", line.number, line.title, "", "", "", None, None, "", ""])
    spreadsheets.fit_columns(sheet)
    return spreadsheets.to_bytes(workbook)
