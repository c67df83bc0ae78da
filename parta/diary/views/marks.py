"""The marks page of a student's diary: per subject the marks, the averages, the period and year
marks and a chart; the overdue work. Who may open it: the student, their parents and the
school's staff (`people.rules.student_rows_q`); another child is 404, and the refusal is
audited as on the week's page."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from parta.core.mixins import SchoolContextMixin
from parta.diary.marks import YEAR, marks_page, visible_student
from parta.diary.services.week import diary_access_denied
from parta.journal.rules import school_today


class MarksView(SchoolContextMixin, TemplateView):
    template_name = "diary/marks.html"

    def get_template_names(self) -> list[str]:
        if self.request.headers.get("HX-Request") and not self.request.headers.get(
            "HX-History-Restore-Request"
        ):
            return ["diary/marks_body.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        student = visible_student(self.request.user, self.school, int(self.kwargs["student_id"]))
        if student is None:
            diary_access_denied(
                actor=self.actor, school=self.school, student_id=int(self.kwargs["student_id"])
            )
            raise Http404(_("Student not found."))
        page = marks_page(
            school=self.school,
            student=student,
            wanted_period=self.request.GET.get("period"),
            today=school_today(self.school),
            chart_title=_("Weighted average in %(subject)s over time"),
        )
        context.update(
            page=page,
            year_option=YEAR,
            title=_("Marks: %(name)s") % {"name": student.person.short_name},
        )
        return context
