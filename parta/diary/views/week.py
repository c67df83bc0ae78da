"""Pages of the diary week: the week of a student (for the student, their parents, the class
teacher and those who read the whole school), ticking homework done, the parent's «I have read
the diary», a file of an assignment, and the class teacher's list of the week's
acknowledgements."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from parta.core.files import attachment_response
from parta.core.mixins import SchoolContextMixin
from parta.diary import selectors
from parta.diary.services.week import (
    diary_access_denied,
    diary_acknowledge,
    homework_completion_set,
)
from parta.journal.classteacher import may_read_class_overview
from parta.journal.models import Assignment, AssignmentFile
from parta.journal.rules import school_today
from parta.people.models import SchoolClass, Student


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


class DiaryStudentMixin(SchoolContextMixin):
    """The student named in the URL, if the user reads their diary; otherwise 404 and an audit
    event of the refusal."""

    student: Student

    def load_student(self) -> Student:
        student_id = int(self.kwargs["student_id"])
        found = selectors.readable_student(self.request.user, self.school, student_id)
        if found is None:
            diary_access_denied(actor=self.actor, school=self.school, student_id=student_id)
            raise Http404(_("Student not found."))
        self.student = found
        return found

    def week_from_request(self) -> datetime.date:
        today = school_today(self.school)
        try:
            return selectors.parse_week(self.request.GET.get("week"), today)
        except ValueError:
            messages.warning(
                self.request,
                _("The week «%(week)s» is not a date (YYYY-MM-DD): the current week is shown.")
                % {"week": self.request.GET.get("week", "")[:20]},
            )
            return selectors.week_monday(today)


class DiaryWeekView(DiaryStudentMixin, TemplateView):
    """`/s/<id>/diary/<student_id>/?week=` — and `/s/<id>/diary/`: the user's own diary or
    their first child's in this school."""

    template_name = "diary/week.html"
    required_access = "read"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "student_id" not in self.kwargs:
            student = selectors.default_student(request.user, self.school)
            if student is None:
                raise Http404(_("Student not found."))
            self.kwargs["student_id"] = student.pk
        self.load_student()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        student = self.student
        week_start = self.week_from_request()
        week = selectors.diary_week(student=student, week_start=week_start)
        user = self.request.user
        children = selectors.own_students(user)
        acknowledgements = selectors.week_acknowledgements(
            student=student, week_start=week.week_start
        )
        is_parent = any(
            child.pk == student.pk and child.person.user_id != user.pk for child in children
        )
        context.update(
            title=_("Diary: %(name)s") % {"name": student.person.short_name},
            student=student,
            week=week,
            today=school_today(self.school),
            children=children if len(children) > 1 else [],
            is_student=student.person.user_id == user.pk,
            is_parent=is_parent,
            acknowledgements=acknowledgements,
            acknowledged_by_me=any(ack.guardian.user_id == user.pk for ack in acknowledgements),
        )
        return context


class HomeworkDoneView(DiaryStudentMixin, View):
    """POST `done=1|0`: the student ticks the homework as done or not (htmx: the tick's
    partial; otherwise back to the week)."""

    required_access = "read"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        student = self.load_student()
        assignment = get_object_or_404(
            Assignment.objects.for_school(self.school).select_related("lesson", "work_type"),
            pk=kwargs["assignment_id"],
        )
        done = request.POST.get("done") in {"1", "true", "on"}
        try:
            homework_completion_set(
                actor=self.actor, student=student, assignment=assignment, done=done
            )
        except ValidationError as error:
            # the service decides; its code tells a refused reader from a foreign assignment
            if error.code == "not_student":
                raise PermissionDenied(" ".join(error.messages)) from error
            raise Http404(" ".join(error.messages)) from error
        if is_htmx(request):
            return render(
                request,
                "diary/_done.html",
                {
                    "school": self.school,
                    "student": student,
                    "assignment": {"id": assignment.pk, "done": done},
                    "is_student": True,
                },
            )
        week = selectors.week_monday(assignment.lesson.date)
        return HttpResponseRedirect(
            reverse("diary:student_week", args=[self.school.pk, student.pk])
            + f"?week={week.isoformat()}"
        )


class AcknowledgeView(DiaryStudentMixin, View):
    """POST: the parent confirms having read the week (`?week=`)."""

    required_access = "read"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        student = self.load_student()
        week_start = self.week_from_request()
        try:
            diary_acknowledge(actor=self.actor, student=student, week_start=week_start)
        except ValidationError as error:
            raise PermissionDenied(" ".join(error.messages)) from error
        return HttpResponseRedirect(
            reverse("diary:student_week", args=[self.school.pk, student.pk])
            + f"?week={week_start.isoformat()}"
        )


class DiaryFileView(DiaryStudentMixin, View):
    """A file of an assignment of the student's lessons, for those who read the diary."""

    required_access = "read"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        student = self.load_student()
        row = (
            AssignmentFile.objects.for_school(self.school)
            .select_related("assignment__lesson")
            .filter(pk=kwargs["pk"])
            .first()
        )
        if row is None or not selectors.assignment_in_diary(student, row.assignment):
            raise Http404
        try:
            stream = row.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        return attachment_response(stream, name=row.name, content_type=row.content_type)


class AcknowledgementsView(SchoolContextMixin, TemplateView):
    """The class teacher's (and the administration's) list of the week's confirmations."""

    template_name = "diary/acknowledgements.html"
    required_access = "read"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        school_class = get_object_or_404(
            SchoolClass.objects.for_school(self.school), pk=self.kwargs["class_id"]
        )
        if not may_read_class_overview(self.request.user, school_class):
            raise PermissionDenied(_("You do not have permission for this action."))
        today = school_today(self.school)
        try:
            week_start = selectors.parse_week(self.request.GET.get("week"), today)
        except ValueError:
            messages.warning(self.request, _("The week is not a date: the current week is shown."))
            week_start = selectors.week_monday(today)
        rows = selectors.class_acknowledgements(school_class=school_class, week_start=week_start)
        context.update(
            title=_("Class %(name)s: diary confirmations") % {"name": school_class.name},
            school_class=school_class,
            week_start=week_start,
            week_end=week_start + datetime.timedelta(days=6),
            previous=(week_start - datetime.timedelta(days=7)).isoformat(),
            following=(week_start + datetime.timedelta(days=7)).isoformat(),
            rows=rows,
            confirmed=sum(1 for row in rows if row.acknowledgements),
        )
        return context
