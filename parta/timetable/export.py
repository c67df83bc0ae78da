"""The substitutions and cancellations report as an XLSX workbook: the list, then the counts per
teacher and per subject on sheets of their own."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from parta.timetable.selectors import ChangesReport, substitution_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet_rows(sheet: object, header: list[str], rows: list[list[object]]) -> None:
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(sheet, Worksheet)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for index, column in enumerate(sheet.columns, start=1):
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, 60)


def changes_workbook(report: ChangesReport) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Changed lessons")[:31]
    rows: list[list[object]] = []
    for lesson in report.lessons:
        substitution = substitution_of(lesson)
        rows.append(
            [
                lesson.date,
                lesson.slot_number,
                lesson.audience_name,
                lesson.subject.name,
                lesson.teacher.person.full_name,
                substitution.teacher.person.full_name if substitution else "",
                substitution.get_reason_display() if substitution else "",
                _("cancelled") if lesson.is_cancelled else _("substitution"),
                lesson.cancel_reason
                if lesson.is_cancelled
                else (substitution.note if substitution else ""),
            ]
        )
    _sheet_rows(
        sheet,
        [
            _("Date"),
            _("Lesson"),
            _("Class or group"),
            _("Subject"),
            _("Teacher"),
            pgettext("teacher", "Substitute"),
            _("Reason"),
            _("Change"),
            _("Note"),
        ],
        rows,
    )
    for row in sheet.iter_rows(min_row=2, max_col=1):
        row[0].number_format = "DD.MM.YYYY"
    for title, counts in (
        (_("By teacher"), report.teachers),
        (_("By subject"), report.subjects),
    ):
        _sheet_rows(
            book.create_sheet(title[:31]),
            [_("Name"), _("Replaced"), _("Substituting"), _("Cancelled")],
            [[name, c.replaced, c.substituting, c.cancelled] for name, c in counts],
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
