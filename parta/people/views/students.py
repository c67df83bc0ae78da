"""Students: the list, registering a student (person + student + enrollment in one step), the
student card (read access is logged), editing, moving to another class, ending an enrollment."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from parta.core.mixins import SchoolContextMixin
from parta.core.registry import Column, RegistryListView
from parta.people import selectors
from parta.people.forms import (
    EnrollmentCloseForm,
    MoveForm,
    PersonForm,
    StudentCreateForm,
    StudentFilterForm,
    StudentForm,
)
from parta.people.models import Enrollment, Student
from parta.people.services.enrollment import enrollment_close, enrollment_move
from parta.people.services.persons import student_card_view, student_register, student_update
from parta.people.views.base import add_errors, date_text, link


def _current_class(student: Student) -> str:
    return ", ".join(row.school_class.name for row in getattr(student, "current_enrollments", []))


def _name_link(student: Student) -> Any:
    url = reverse("people:student_detail", args=[student.school_id, student.pk])
    return link(url, student.person.full_name)


class StudentListView(RegistryListView):
    model = Student
    title = gettext_lazy("Students")
    columns = (
        Column(gettext_lazy("Full name"), _name_link),
        Column(gettext_lazy("Class"), _current_class),
        Column(gettext_lazy("Birth date"), lambda s: date_text(s.person.birth_date)),
        Column(gettext_lazy("Personal file number"), "personal_file_number"),
    )
    search_fields = (
        "person__last_name",
        "person__first_name",
        "person__patronymic",
        "personal_file_number",
    )
    filter_form_class = StudentFilterForm
    create_url_name = "people:student_create"

    def base_queryset(self) -> QuerySet[Any]:
        qs = Student.objects.filter(school=self.school).select_related("person")
        return selectors.with_current_class(qs, timezone.localdate())

    def apply_filters(self, qs: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        today = timezone.localdate()
        if data.get("school_class"):
            qs = qs.filter(selectors.enrolled_filter(today, school_class=data["school_class"]))
        if data.get("grade"):
            qs = qs.filter(selectors.enrolled_filter(today, school_class__grade=data["grade"]))
        if data.get("without_class"):
            qs = qs.exclude(selectors.enrolled_filter(today))
        return qs


class StudentObjectMixin(SchoolContextMixin):
    """The student named by `pk` among those of the school the user may open (404 else)."""

    student: Student

    def get_student(self) -> Student:
        if getattr(self, "student", None) is not None:
            return self.student
        qs = (
            selectors.student_cards_openable_by(self.request.user, self.school)
            if self.required_access == "read"
            else Student.objects.filter(school=self.school)
        )
        found = qs.select_related("person__user").filter(pk=self.kwargs["pk"]).first()
        if found is None:
            raise Http404(_("Student not found."))
        self.student = found
        return found

    def card_url(self) -> str:
        return reverse("people:student_detail", args=[self.school.pk, self.get_student().pk])


class StudentDetailView(StudentObjectMixin, TemplateView):
    """The student card: person data, enrollment history, groups, parents, the login. For the
    whole school's readers, the class teacher, the student's parents and the student. Every
    reading is written to the audit log."""

    template_name = "people/student_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        student = self.get_student()
        student_card_view(actor=self.actor, student=student)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        student = self.get_student()
        enrollments = selectors.student_enrollments(student)
        today = timezone.localdate()
        context.update(
            title=student.person.full_name,
            student=student,
            person=student.person,
            enrollments=enrollments,
            current=next(
                (
                    e
                    for e in enrollments
                    if e.start_date <= today and (e.end_date is None or e.end_date >= today)
                ),
                None,
            ),
            guardianships=selectors.student_guardianships(student),
            memberships=selectors.student_study_groups(student),
            card_url=self.card_url(),
        )
        return context


class StudentCreateView(SchoolContextMixin, TemplateView):
    """Register a student: person fields, the student record and, optionally, the class."""

    template_name = "people/form.html"
    required_access = "admin"

    def render(self, person_form: PersonForm, student_form: StudentCreateForm) -> HttpResponse:
        return self.render_to_response(
            self.get_context_data(
                title=_("New student"),
                sections=[(_("Person"), person_form), (_("Student"), student_form)],
                cancel_url=reverse("people:student_list", args=[self.school.pk]),
                form_id="student-form",
            )
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render(PersonForm(), StudentCreateForm(school=self.school))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        person_form = PersonForm(request.POST)
        student_form = StudentCreateForm(request.POST, school=self.school)
        if person_form.is_valid() and student_form.is_valid():
            data = student_form.cleaned_data
            try:
                student = student_register(
                    actor=self.actor,
                    school_id=self.school.pk,
                    person_fields=person_form.cleaned_data,
                    personal_file_number=data["personal_file_number"],
                    admission_date=data["admission_date"],
                    school_class=data["school_class"],
                )
            except ValidationError as exc:
                add_errors(exc, person_form, student_form)
            else:
                messages.success(request, _("Saved: %(obj)s.") % {"obj": student})
                return HttpResponseRedirect(
                    reverse("people:student_detail", args=[self.school.pk, student.pk])
                )
        return self.render(person_form, student_form)


class StudentEditView(StudentObjectMixin, TemplateView):
    template_name = "people/form.html"
    required_access = "admin"

    def render(self, person_form: PersonForm, student_form: StudentForm) -> HttpResponse:
        return self.render_to_response(
            self.get_context_data(
                title=_("Edit: %(name)s") % {"name": self.student.person.full_name},
                sections=[(_("Person"), person_form), (_("Student"), student_form)],
                cancel_url=self.card_url(),
                form_id="student-form",
            )
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        student = self.get_student()
        return self.render(
            PersonForm(instance=student.person), StudentForm(instance=student, school=self.school)
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        student = self.get_student()
        person_form = PersonForm(request.POST, instance=student.person)
        student_form = StudentForm(request.POST, instance=student, school=self.school)
        if person_form.is_valid() and student_form.is_valid():
            try:
                student_update(
                    actor=self.actor,
                    student=student,
                    person_data={n: person_form.cleaned_data[n] for n in person_form.changed_data},
                    student_data={
                        n: student_form.cleaned_data[n] for n in student_form.changed_data
                    },
                )
            except ValidationError as exc:
                add_errors(exc, person_form, student_form)
            else:
                messages.success(request, _("Saved: %(obj)s.") % {"obj": student})
                return HttpResponseRedirect(self.card_url())
        return self.render(person_form, student_form)


class StudentMoveView(StudentObjectMixin, FormView[Any]):
    """Move to another class from a date: the current row ends the day before."""

    template_name = "people/form.html"
    form_class = MoveForm
    required_access = "admin"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["school"] = self.school
        return kwargs

    def form_valid(self, form: MoveForm) -> HttpResponse:
        student = self.get_student()
        target = form.cleaned_data["school_class"]
        try:
            enrollment_move(
                actor=self.actor,
                student=student,
                to_class=target,
                on_date=form.cleaned_data["start_date"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_errors(exc, form)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(student)s is moved to class %(name)s.")
            % {"student": student.person.full_name, "name": target.name},
        )
        return HttpResponseRedirect(self.card_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        student = self.get_student()
        context.update(
            title=_("Move %(name)s to another class") % {"name": student.person.full_name},
            sections=[(None, context["form"])],
            submit_label=_("Move"),
            cancel_url=self.card_url(),
            form_id="move-form",
        )
        return context


class EnrollmentCloseView(StudentObjectMixin, FormView[Any]):
    """End an enrollment on a date, with the reason (left the school, …)."""

    template_name = "people/form.html"
    form_class = EnrollmentCloseForm
    required_access = "admin"

    def get_enrollment(self) -> Enrollment:
        found = (
            Enrollment.objects.filter(
                school=self.school, student=self.get_student(), pk=self.kwargs["enrollment_pk"]
            )
            .select_related("school_class")
            .first()
        )
        if found is None:
            raise Http404(_("Record not found."))
        return found

    def form_valid(self, form: EnrollmentCloseForm) -> HttpResponse:
        enrollment = self.get_enrollment()
        try:
            enrollment_close(
                actor=self.actor,
                enrollment=enrollment,
                end_date=form.cleaned_data["end_date"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_errors(exc, form)
            return self.form_invalid(form)
        messages.success(self.request, _("The enrollment is ended."))
        return HttpResponseRedirect(self.card_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        enrollment = self.get_enrollment()
        context.update(
            title=_("End the enrollment of %(name)s in class %(class)s")
            % {"name": self.get_student().person.full_name, "class": enrollment.school_class.name},
            sections=[(None, context["form"])],
            submit_label=_("End the enrollment"),
            cancel_url=self.card_url(),
            form_id="close-form",
        )
        return context
