"""Spreadsheet (.xlsx) writing shared by the funding table and the action plan export.

Text is always written as text: a value that begins with '=' stays a value in Excel and never
becomes a formula (spreadsheet formula injection).
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD-MM-YYYY"


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def write_row(sheet, values, *, bold: bool = False) -> None:
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, Decimal):
            value = float(value)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
        elif isinstance(value, datetime.date):
            cell.number_format = DATE_FORMAT
        if bold:
            cell.font = Font(bold=True)


def fit_columns(sheet, widths: dict[int, int] | None = None) -> None:
    from openpyxl.utils import get_column_letter

    for index, column in enumerate(sheet.iter_cols(), start=1):
        longest = max((len(str(c.value)) for c in column if c.value is not None), default=8)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(10, longest + 2), 60)


def to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
