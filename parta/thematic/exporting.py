"""Writing КТП spreadsheets: the export of a plan and the empty template file with an example
row and the sheet «Инструкция». Both follow `xlsx_format`, so an exported file imports back
into the same topics."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from parta.thematic.models import PlanTopic, ThematicPlan
from parta.thematic.models.plans import MAX_TOPICS
from parta.thematic.xlsx_format import (
    CLASS_LABEL,
    COLUMNS,
    DATA_SHEET,
    INSTRUCTION_SHEET,
    SUBJECT_LABEL,
    YEAR_LABEL,
)

WIDTHS = {"number": 6, "section": 28, "title": 48, "hours": 8, "date": 12, "homework": 32}
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _hours(value: Decimal) -> int | float:
    number = Decimal(value)
    return int(number) if number == number.to_integral_value() else float(number)


def _sheet(ws: Worksheet, meta: list[tuple[str, str]], rows: Iterable[tuple[object, ...]]) -> None:
    ws.title = DATA_SHEET
    for label, value in meta:
        ws.append([label, value])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    ws.append([])
    ws.append([column.header for column in COLUMNS])
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append(list(row))
        date_cell = ws.cell(row=ws.max_row, column=5)
        if isinstance(date_cell.value, datetime.date):
            date_cell.number_format = "DD.MM.YYYY"
    ws.freeze_panes = f"A{header_row + 1}"
    for index, column in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = WIDTHS.get(column.key, 30)


def _bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plan_meta(plan: ThematicPlan) -> list[tuple[str, str]]:
    meta = [(SUBJECT_LABEL, plan.subject.name)]
    if plan.audience_name:
        meta.append((CLASS_LABEL, plan.audience_name))
    meta.append((YEAR_LABEL, plan.academic_year.name))
    return meta


def export_plan(plan: ThematicPlan, topics: Iterable[PlanTopic]) -> bytes:
    """The plan as an XLSX file in the import format."""
    workbook = Workbook()
    rows = (
        (
            t.position,
            t.section,
            t.title,
            _hours(t.hours),
            t.planned_date,
            t.homework,
            t.materials,
        )
        for t in topics
    )
    ws = workbook.active
    assert ws is not None
    _sheet(ws, plan_meta(plan), rows)
    _instructions(workbook)
    return _bytes(workbook)


def template_file() -> bytes:
    """The empty КТП file: header, an example row and the instructions."""
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    example = (
        1,
        _("Numbers and calculations"),
        _("Natural numbers and zero"),
        2,
        None,
        _("§1, exercises 1–5"),
        _("Textbook, p. 5–9"),
    )
    _sheet(ws, [(SUBJECT_LABEL, ""), (CLASS_LABEL, "")], [example])
    _instructions(workbook)
    return _bytes(workbook)


def instruction_lines() -> list[tuple[str, str]]:
    by_key = {column.key: column.header for column in COLUMNS}
    return [
        (by_key["number"], _("Optional. The order of the rows is the order of the topics.")),
        (by_key["section"], _("Optional. The section of the programme the topic belongs to.")),
        (by_key["title"], _("Required. The topic of the lesson; up to 500 characters.")),
        (
            by_key["hours"],
            _("Required. A positive number of hours, in steps of 0.5 (1, 2, 0.5, 1.5)."),
        ),
        (by_key["date"], _("Optional. The planned date, as 01.09.2026 or a date cell.")),
        (by_key["homework"], _("Optional. Homework for the topic.")),
        (
            by_key["materials"],
            _("Optional. Materials and links (for example, to digital lessons)."),
        ),
        (
            SUBJECT_LABEL + " / " + CLASS_LABEL,
            _(
                "Optional rows above the header. When filled, they must match the plan "
                "the file is imported into."
            ),
        ),
        (
            _("Rules"),
            _(
                "One topic per row, no merged cells, at most %(max)s topics. Empty rows are "
                "skipped. A topic of N hours takes N lessons in the calendar."
            )
            % {"max": MAX_TOPICS},
        ),
    ]


def _instructions(workbook: Workbook) -> None:
    ws = workbook.create_sheet(INSTRUCTION_SHEET)
    ws.append([_("Column"), _("What to write")])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for label, text in instruction_lines():
        ws.append([label, text])
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 90
