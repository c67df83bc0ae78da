"""The journal grid as the template draws it: a lesson is one column per assignment (one empty
column when it has none yet), and every cell knows its student, lesson, assignment, mark,
attendance and versions."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from django.utils.safestring import mark_safe

from parta.journal.calculations import Averages
from parta.journal.selectors import Cell


@dataclass(frozen=True)
class Column:
    lesson: Any
    assignment: Any | None
    #: the first column of its lesson (the lesson header spans the lesson's columns)
    first: bool
    span: int
    #: the lesson record's address (with the way back), on the first column
    url: str = ""


@dataclass(frozen=True)
class CellView:
    student_id: int
    lesson: Any
    assignment: Any | None
    mark: Any | None
    attendance: Any | None
    enrolled: bool
    writable: bool
    first: bool

    @property
    def dom_id(self) -> str:
        assignment = self.assignment.id if self.assignment is not None else 0
        return f"c-{self.student_id}-{self.lesson.id}-{assignment}"

    def html(
        self, *, state: str = "", message: str = "", oob: bool = False, oob_id: str = ""
    ) -> str:
        """The cell's `<td>`, built in Python: a journal page draws a thousand or more of them,
        and a template per cell cost most of the page's time (so does `format_html` per
        attribute). Ids and versions are integers; every text (the state, the title, the
        mark, the code) goes through the stdlib's `html.escape`."""
        mark, attendance = self.mark, self.attendance
        classes = "j-cell"
        if not self.enrolled:
            classes += " j-out"
        if not self.writable:
            classes += " j-ro"
        if state:
            classes += f" j-{escape(state)}"
        assignment = self.assignment.id if self.assignment is not None else ""
        opening = (
            f'<td id="{escape(oob_id) if oob_id else self.dom_id}" class="{classes}"'
            f' tabindex="-1" data-lesson="{self.lesson.id}" data-student="{self.student_id}"'
            f' data-assignment="{assignment}"'
            f' data-mv="{mark.version if mark is not None else ""}"'
            f' data-av="{attendance.version if attendance is not None else ""}"'
        )
        if self.writable:
            opening += ' data-editable="1"'
        title = message or (mark.comment if mark is not None else "")
        if title:
            opening += f' title="{escape(str(title))}"'
        if oob:
            opening += ' hx-swap-oob="true"'
        inner = ""
        if self.first and attendance is not None:
            inner += f'<span class="j-att">{escape(str(attendance.code))}</span>'
        if mark is not None:
            inner += (
                f'<span class="j-mark{" j-commented" if mark.comment else ""}">'
                f"{escape(str(mark.value))}{'•' if mark.is_duty else ''}</span>"
            )
        return mark_safe(f"{opening}>{inner}</td>")


@dataclass(frozen=True)
class Row:
    student: Any
    start_date: Any
    end_date: Any
    arrived: bool
    left: bool
    cells: list[CellView]
    averages: Averages | None

    @property
    def cells_html(self) -> str:
        """The row's cells in one string (a template tag call per cell costs as much again)."""
        return mark_safe("".join(cell.html() for cell in self.cells))


def lesson_assignments(lesson: Any) -> list[Any]:
    return list(getattr(lesson, "journal_assignments", []))


def grid_columns(grid: Any, lesson_url: str = "") -> list[Column]:
    """The columns; `lesson_url` is the lesson record's address with `0` for the lesson's id
    (reversed once, not per column) and its query string."""
    columns: list[Column] = []
    path, _, query = lesson_url.partition("?")
    head, _, tail = path.rpartition("/0/")
    for lesson in grid.lessons:
        assignments: list[Any | None] = list(lesson_assignments(lesson)) or [None]
        url = f"{head}/{lesson.id}/{tail}?{query}" if lesson_url else ""
        for index, assignment in enumerate(assignments):
            first = index == 0
            columns.append(
                Column(lesson, assignment, first, len(assignments), url if first else "")
            )
    return columns


def student_cells(
    grid: Any, student_id: int, lessons: list[Any], writable: set[int]
) -> list[CellView]:
    cells: list[CellView] = []
    for lesson in lessons:
        cell = grid.cells.get((student_id, lesson.id)) or Cell(enrolled=False)
        by_assignment = {mark.assignment_id: mark for mark in cell.marks}
        assignments: list[Any | None] = list(lesson_assignments(lesson)) or [None]
        for index, assignment in enumerate(assignments):
            cells.append(
                CellView(
                    student_id=student_id,
                    lesson=lesson,
                    assignment=assignment,
                    mark=by_assignment.get(assignment.id) if assignment is not None else None,
                    attendance=cell.attendance,
                    enrolled=cell.enrolled,
                    writable=lesson.id in writable and cell.enrolled,
                    first=index == 0,
                )
            )
    return cells


def grid_rows(grid: Any, writable: set[int]) -> list[Row]:
    rows: list[Row] = []
    for row in grid.students:
        student_id = row.student.pk
        rows.append(
            Row(
                student=row.student,
                start_date=row.start_date,
                end_date=row.end_date,
                arrived=row.start_date > grid.start,
                left=row.end_date is not None and row.end_date < grid.end,
                cells=student_cells(grid, student_id, grid.lessons, writable),
                averages=grid.averages.get(student_id),
            )
        )
    return rows
