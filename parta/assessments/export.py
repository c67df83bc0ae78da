"""The schedule as an XLSX workbook (one sheet, one row per procedure, grouped by class), the
way schools publish it on their website next to the order that approves it."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from parta.assessments.models import AssessmentProcedure

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDTHS = (10, 28, 12, 8, 22, 24, 40, 30)


def schedule_workbook(
    procedures: Iterable[AssessmentProcedure], *, school_name: str, year_name: str
) -> bytes:
    workbook = Workbook()
    sheet: Any = workbook.active
    sheet.title = _("Assessment schedule")[:31]
    sheet.append([f"{_('Assessment schedule')} — {school_name} — {year_name}"])
    sheet["A1"].font = Font(bold=True, size=13)
    headers = [
        _("Class"),
        _("Subject"),
        _("Date"),
        _("Lesson"),
        _("Level"),
        _("Form"),
        _("Title"),
        _("Note"),
    ]
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for p in procedures:
        lesson = p.lesson if p.lesson_id else None
        sheet.append(
            [
                p.audience_name,
                p.subject.name,
                p.date,
                lesson.slot_number if lesson is not None else None,
                str(p.get_level_display()),
                str(p.get_form_display()),
                p.title,
                p.note,
            ]
        )
        sheet.cell(row=sheet.max_row, column=3).number_format = "DD.MM.YYYY"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[chr(ord("A") + index - 1)].width = width
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(year_name: str) -> str:
    return "assessment-schedule-" + year_name.replace("/", "-") + ".xlsx"
