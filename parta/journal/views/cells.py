"""One journal cell (a student × a lesson × an assignment): saving what was typed into it (a
mark, an attendance code, or clearing) and showing its history."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View

from parta.core.mixins import SchoolContextMixin
from parta.journal.forms import CellForm
from parta.journal.models import Assignment, Mark
from parta.journal.rules import may_read_lesson_journal, may_write_journal, school_today
from parta.journal.selectors import cell_history, journal_grid
from parta.journal.services import (
    StaleEdit,
    assignment_for_marks,
    attendance_set,
    mark_delete,
    mark_set,
)
from parta.journal.views.common import audience_of_lesson
from parta.journal.views.grid import student_cells
from parta.people.models import Student
from parta.timetable.models import Lesson


def _lesson(school: Any, lesson_id: int) -> Lesson:
    return get_object_or_404(
        Lesson.objects.for_school(school).select_related(
            "school_class", "study_group__school_class", "subject"
        ),
        pk=lesson_id,
    )


class CellView(SchoolContextMixin, View):
    """POST what was typed into a cell; answers with the lesson's cells of that student and the
    student's averages (htmx out-of-band swaps), marked saved, stale or failed."""

    required_access = "read"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        lesson = _lesson(self.school, kwargs["lesson_id"])
        student = get_object_or_404(Student, pk=kwargs["student_id"], school=self.school)
        today = school_today(self.school)
        if not may_write_journal(request.user, lesson, today):
            raise PermissionDenied(_("You may not change this lesson's journal."))
        form = CellForm(request.POST, lesson=lesson)
        state, message = "saved", ""
        assignment: Assignment | None = None
        if not form.is_valid():
            state = "failed"
            message = " ".join(str(error) for error in form.errors.values())
        else:
            try:
                assignment = self.save(form.cleaned_data, lesson, student)
            except StaleEdit as stale:
                state = "stale"
                message = " ".join(stale.messages)
            except ValidationError as error:
                state = "failed"
                message = " ".join(error.messages)
        data = form.cleaned_data if form.is_valid() else {}
        start = data.get("start") or lesson.date
        end = data.get("end") or lesson.date
        return self.answer(lesson, student, assignment, start, end, state, message, data)

    def save(self, data: dict[str, Any], lesson: Lesson, student: Student) -> Assignment | None:
        """Write what the form holds through the journal's services; the assignment written
        to (created for a lesson without one), if any."""
        kind = data["kind"]
        if kind == "attendance":
            attendance_set(
                actor=self.actor,
                lesson=lesson,
                student=student,
                code=data["code"],
                expected_version=data["attendance_version"],
            )
            return data["assignment"]
        if kind == "clear_mark":
            mark = Mark.objects.filter(
                school=self.school, assignment=data["assignment"], student=student
            ).first()
            if mark is None:
                raise ValidationError(_("The mark has already been removed."))
            mark_delete(actor=self.actor, mark=mark, expected_version=data["mark_version"])
            return data["assignment"]
        with transaction.atomic():
            assignment = data["assignment"] or assignment_for_marks(actor=self.actor, lesson=lesson)
            comment = data["comment"]
            if not data["details"]:
                # a value typed into the grid keeps the mark's comment
                current = Mark.objects.filter(
                    school=self.school, assignment=assignment, student=student
                ).first()
                comment = current.comment if current is not None else ""
            mark_set(
                actor=self.actor,
                assignment=assignment,
                student=student,
                value=data["value"],
                comment=comment,
                is_duty=data["is_duty"],
                expected_version=data["mark_version"],
            )
        return assignment

    def answer(
        self,
        lesson: Lesson,
        student: Student,
        assignment: Assignment | None,
        start: datetime.date,
        end: datetime.date,
        state: str,
        message: str,
        data: dict[str, Any],
    ) -> HttpResponse:
        audience = audience_of_lesson(lesson)
        grid = journal_grid(
            school=self.school,
            school_class=audience.school_class,
            study_group=audience.study_group,
            subject=audience.subject,
            start=min(start, lesson.date),
            end=max(end, lesson.date),
        )
        lessons = [column for column in grid.lessons if column.pk == lesson.pk]
        cells = student_cells(grid, student.pk, lessons, {lesson.pk})
        target = data.get("target") or ""
        targets = []
        for cell in cells:
            is_target = (
                cell.assignment is not None
                and assignment is not None
                and cell.assignment.pk == assignment.pk
            ) or (assignment is None and cell.first)
            targets.append((cell, target if is_target and target else cell.dom_id, is_target))
        if not message and state == "saved":
            message = _("Saved.")
        return render(
            self.request,
            "journal/_cell_update.html",
            {
                "school": self.school,
                "targets": targets,
                "state": state,
                "message": message,
                "student_id": student.pk,
                "averages": grid.averages.get(student.pk),
            },
        )


class CellHistoryView(SchoolContextMixin, View):
    """Who changed a cell's marks and attendance, when, and from what to what."""

    required_access = "read"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        lesson = _lesson(self.school, kwargs["lesson_id"])
        student = get_object_or_404(
            Student.objects.select_related("person"), pk=kwargs["student_id"], school=self.school
        )
        if not may_read_lesson_journal(request.user, lesson):
            raise PermissionDenied(_("You do not have permission for this action."))
        events = cell_history(school=self.school, lesson=lesson, student=student)
        raw = request.GET.get("assignment", "")
        mark = (
            Mark.objects.filter(
                school=self.school,
                assignment__lesson=lesson,
                assignment_id=int(raw),
                student=student,
            ).first()
            if raw.isdigit()
            else None
        )
        writable = mark is not None and may_write_journal(
            request.user, lesson, school_today(self.school)
        )
        template = "journal/_history.html" if request.htmx else "journal/history.html"  # type: ignore[attr-defined]
        context = self.get_context_data(
            title=_("History of a cell"),
            lesson=lesson,
            student=student,
            events=events,
            mark=mark if writable else None,
            target=request.GET.get("target", ""),
        )
        return render(request, template, context)
