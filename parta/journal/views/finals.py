"""The final marks page of a journal (students × periods, year, exam, final, with suggestions;
a small form per cell) and the administration's page to close and reopen study periods."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from parta.core.mixins import SchoolContextMixin
from parta.journal.choices import FinalMarkKind
from parta.journal.finals import final_marks_grid
from parta.journal.models import FinalMark
from parta.journal.rules import is_journal_admin, may_read_journal
from parta.journal.selectors import journal_lessons
from parta.journal.services import (
    StaleEdit,
    final_mark_delete,
    final_mark_set,
    period_close,
    period_reopen,
)
from parta.journal.views.common import Audience, audience_from_url
from parta.organizations.models import AcademicYear, StudyPeriod
from parta.people.models import Student

KIND_LABELS = dict(FinalMarkKind.choices)


class FinalsView(SchoolContextMixin, TemplateView):
    """GET: the grid; POST: one cell (student, column, value, version) through
    `final_mark_set`, then back to the grid — or, from the keyboard grid (htmx), the student's
    cells marked saved, stale or failed."""

    template_name = "journal/finals.html"
    required_access = "read"

    def audience(self) -> Audience:
        audience = audience_from_url(
            self.school, self.kwargs["kind"], self.kwargs["pk"], self.kwargs["subject_id"]
        )
        if not may_read_journal(self.request.user, self.school.pk, audience):
            raise PermissionDenied(_("You do not have permission for this action."))
        return audience

    def year(self, audience: Audience) -> AcademicYear:
        return AcademicYear.objects.get(pk=audience.owner.academic_year_id)

    def may_edit(
        self, audience: Audience, year: AcademicYear, *, class_teacher_allowed: bool
    ) -> bool:
        """Whether to draw the forms (the service decides every save)."""
        if is_journal_admin(self.access, self.school.pk):
            return True
        uid = self.access.user_id or 0
        teaches = (
            journal_lessons(
                school=self.school,
                school_class=audience.school_class,
                study_group=audience.study_group,
                subject=audience.subject,
            )
            .filter(academic_year=year, teacher__person__user_id=uid)
            .exists()
        )
        if teaches:
            return True
        home = audience.home_class
        teacher = home.class_teacher if home is not None else None
        return bool(class_teacher_allowed and teacher is not None and teacher.person.user_id == uid)

    def grid(self, audience: Audience, year: AcademicYear) -> dict[str, Any]:
        """The grid with its columns and rows of cells, each cell knowing whether the user may
        type into it (a closed period only for the administration)."""
        grid = final_marks_grid(
            school=self.school,
            school_class=audience.school_class,
            study_group=audience.study_group,
            subject=audience.subject,
            academic_year=year,
        )
        columns: list[dict[str, Any]] = [
            {"key": period.pk, "label": period.name, "closed": period.pk in grid.closed}
            for period in grid.periods
        ] + [
            {"key": str(kind), "label": KIND_LABELS[kind], "closed": False}
            for kind in (FinalMarkKind.YEAR, FinalMarkKind.EXAM, FinalMarkKind.FINAL)
        ]
        editable = self.may_edit(
            audience,
            year,
            class_teacher_allowed=bool(grid.settings and grid.settings.class_teacher_final_marks),
        )
        admin = editable and is_journal_admin(self.access, self.school.pk)
        rows = [
            {
                "student": row.student,
                "cells": [
                    {
                        "column": column,
                        "cell": grid.cell(row.student.pk, column["key"]),
                        "writable": editable and (admin or not column["closed"]),
                    }
                    for column in columns
                ],
            }
            for row in grid.students
        ]
        return {"grid": grid, "columns": columns, "rows": rows, "editable": editable}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        audience = self.audience()
        year = self.year(audience)
        context.update(
            title=_("Final marks: %(owner)s, %(subject)s")
            % {"owner": audience.owner.name, "subject": audience.subject.name},
            audience=audience,
            journal_url=audience.url(self.school.pk),
            **self.grid(audience, year),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        audience = self.audience()
        year = self.year(audience)
        student = get_object_or_404(
            Student.objects.filter(school=self.school), pk=request.POST.get("student", "")
        )
        key = request.POST.get("column", "")
        period = None
        if key.isdigit():
            period = get_object_or_404(StudyPeriod.objects.for_school(self.school), pk=int(key))
            kind = str(FinalMarkKind.PERIOD)
        elif key in (FinalMarkKind.YEAR, FinalMarkKind.EXAM, FinalMarkKind.FINAL):
            kind = key
        else:
            raise PermissionDenied(_("You do not have permission for this action."))
        raw_version = request.POST.get("version", "")
        state, message = "saved", _("Saved.")
        expected = int(raw_version) if raw_version.isdigit() else None
        try:
            if request.POST.get("action") == "clear":
                self.clear(student, audience, kind, period, year, expected)
                message = _("Removed.")
            else:
                final_mark_set(
                    actor=self.actor,
                    student=student,
                    subject=audience.subject,
                    kind=kind,
                    study_period=period,
                    academic_year=year,
                    value=request.POST.get("value", ""),
                    comment=request.POST.get("comment", ""),
                    expected_version=expected,
                )
        except StaleEdit as stale:
            state, message = "stale", " ".join(stale.messages)
        except ValidationError as error:
            if error.code == "forbidden":
                raise PermissionDenied(error.messages[0]) from error
            state, message = "failed", " ".join(error.messages)
        if request.htmx:  # type: ignore[attr-defined]
            return self.answer(audience, year, student.pk, key, state, message)
        if state == "saved":
            messages.success(request, message)
        else:
            messages.error(request, message)
        return HttpResponseRedirect(request.get_full_path())

    def clear(
        self,
        student: Student,
        audience: Audience,
        kind: str,
        period: StudyPeriod | None,
        year: AcademicYear,
        expected: int | None,
    ) -> None:
        """Remove the cell's final mark (Delete in the keyboard grid)."""
        place: dict[str, Any] = {"kind": kind, "subject_id": audience.subject_id}
        if period is not None:
            place["study_period"] = period
        else:
            place["academic_year"] = year
        mark = (
            FinalMark.objects.select_related("student", "subject", "study_period", "academic_year")
            .filter(school=self.school, student=student, **place)
            .first()
        )
        if mark is None:
            return
        final_mark_delete(
            actor=self.actor,
            final_mark=mark,
            expected_version=expected if expected is not None else 0,
        )

    def answer(
        self,
        audience: Audience,
        year: AcademicYear,
        student_id: int,
        key: str,
        state: str,
        message: str,
    ) -> HttpResponse:
        """The keyboard grid's answer: the student's row of cells (a period mark changes the
        year's suggestion) swapped out of band, the saved one marked saved, stale (with the
        stored value) or failed, and the status line."""
        found = self.grid(audience, year)
        row = next((row for row in found["rows"] if row["student"].pk == student_id), None)
        items = [
            {**item, "state": state, "message": message}
            if str(item["column"]["key"]) == key
            else {**item, "state": "", "message": ""}
            for item in (row["cells"] if row is not None else [])
        ]
        return render(
            self.request,
            "journal/finals_update.html",
            {"row": row, "items": items, "state": state, "message": message},
        )


class PeriodsView(SchoolContextMixin, TemplateView):
    """The study periods of the school's years, each closed or open, with a button to close or
    reopen (director and deputy director)."""

    template_name = "journal/finals_periods.html"
    required_access = "admin"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        periods = list(
            StudyPeriod.objects.for_school(self.school)
            .select_related("period_set__academic_year", "closure__closed_by")
            .order_by("-period_set__academic_year__start_date", "period_set__name", "number")
        )
        context.update(
            title=_("Closing study periods"),
            periods=[(period, getattr(period, "closure", None)) for period in periods],
            may_close=is_journal_admin(self.access, self.school.pk),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        period = get_object_or_404(
            StudyPeriod.objects.for_school(self.school), pk=request.POST.get("period", "")
        )
        try:
            if request.POST.get("action") == "reopen":
                period_reopen(actor=self.actor, study_period=period)
                messages.success(request, _("%(period)s reopened.") % {"period": period})
            else:
                period_close(actor=self.actor, study_period=period)
                messages.success(request, _("%(period)s closed.") % {"period": period})
        except ValidationError as error:
            if error.code == "forbidden":
                raise PermissionDenied(error.messages[0]) from error
            messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(reverse("journal:periods", args=[self.school.pk]))
