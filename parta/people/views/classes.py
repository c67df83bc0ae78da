"""Classes: the list, create and edit, the class page (roster on a date, history, groups) and
enrolling a student from the class page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from parta.core.mixins import SchoolContextMixin
from parta.core.registry import Column, RegistryFormView, RegistryListView
from parta.people import selectors
from parta.people.forms import ClassFilterForm, EnrollForm, RosterDateForm, SchoolClassForm
from parta.people.models import SchoolClass
from parta.people.services.classes import school_class_create, school_class_update
from parta.people.services.enrollment import enrollment_open
from parta.people.views.base import add_errors, day_from_query, link, table_rows


class ClassListView(RegistryListView):
    model = SchoolClass
    title = gettext_lazy("Classes")
    required_access = "read"
    columns = (
        Column(gettext_lazy("Class"), "name"),
        Column(gettext_lazy("Academic year"), "academic_year.name"),
        Column(gettext_lazy("Class teacher"), "class_teacher.person.full_name"),
        Column(gettext_lazy("Room"), "home_room.number"),
        Column(gettext_lazy("Profile"), "profile"),
        Column(gettext_lazy("Number of students"), "student_count"),
    )
    search_fields = ("letter", "class_teacher__person__last_name", "profile")
    filter_form_class = ClassFilterForm
    create_url_name = "people:class_create"
    edit_url_name = "people:class_edit"

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.class_list(self.school, None)

    def apply_filters(self, qs: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        if data.get("academic_year"):
            qs = qs.filter(academic_year=data["academic_year"])
        if data.get("grade"):
            qs = qs.filter(grade=data["grade"])
        return qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        whole = self.access.reads_whole_school(self.school.pk)
        user_id = self.request.user.pk

        def name(school_class: SchoolClass) -> Any:
            teacher = school_class.class_teacher
            if whole or (teacher is not None and teacher.person.user_id == user_id):
                url = reverse("people:class_detail", args=[self.school.pk, school_class.pk])
                return link(url, school_class.name)
            return school_class.name

        context = super().get_context_data(**kwargs)
        columns = (Column(gettext_lazy("Class"), name), *self.columns[1:])
        context.update(columns=columns, rows=table_rows(columns, context["object_list"]))
        return context


class ClassFormView(RegistryFormView):
    model = SchoolClass
    form_class = SchoolClassForm
    title_create = gettext_lazy("New class")
    title_edit = gettext_lazy("Class")
    list_url_name = "people:class_list"

    def save(self, form: Any) -> Model:
        if self.object is None:
            return school_class_create(actor=self.actor, school_class=form.instance)
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        return school_class_update(actor=self.actor, school_class=form.instance, data=data)

    def saved_url(self, saved: Model) -> str:
        return reverse("people:class_detail", args=[self.school.pk, saved.pk])


class ClassObjectMixin(SchoolContextMixin):
    """The class named by `pk`, if the user may open it (404 otherwise: nothing leaks)."""

    school_class: SchoolClass

    def get_class(self) -> SchoolClass:
        found = (
            selectors.classes_openable_by(self.request.user, self.school)
            .select_related(
                "academic_year",
                "class_teacher__person",
                "home_room",
                "period_set",
                "extra_holiday_set",
            )
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if found is None:
            raise Http404(_("Class not found."))
        self.school_class = found
        return found

    def class_url(self) -> str:
        return reverse("people:class_detail", args=[self.school.pk, self.school_class.pk])


class ClassDetailView(ClassObjectMixin, TemplateView):
    """The class page: the class teacher, the roster on a date (numbered, with arrivals and
    leavers), and its study groups. For the whole school's readers and the class teacher."""

    template_name = "people/class_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        school_class = self.get_class()
        default = selectors.day_in_year(school_class.academic_year)
        day = day_from_query(self.request, default)
        roster = selectors.class_roster_on(school_class, day)
        context.update(
            title=_("Class %(name)s") % {"name": school_class.name},
            school_class=school_class,
            roster=roster,
            date_form=RosterDateForm(initial={"date": day}),
            groups=selectors.study_groups_of_class(school_class),
            whole_school=self.access.reads_whole_school(self.school.pk),
        )
        return context


class ClassEnrollView(ClassObjectMixin, FormView[Any]):
    """Enroll a student of the school who is in no class (from a date) in this class."""

    template_name = "people/form.html"
    form_class = EnrollForm
    required_access = "admin"

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(school=self.school, school_class=self.get_class())
        return kwargs

    def form_valid(self, form: EnrollForm) -> HttpResponse:
        student = form.cleaned_data["student"]
        try:
            enrollment_open(
                actor=self.actor,
                student=student,
                school_class=self.school_class,
                start_date=form.cleaned_data["start_date"],
            )
        except ValidationError as exc:
            add_errors(exc, form)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(student)s is enrolled in class %(name)s.")
            % {"student": student.person.full_name, "name": self.school_class.name},
        )
        return HttpResponseRedirect(self.class_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Enroll a student in class %(name)s") % {"name": self.school_class.name},
            sections=[(None, context["form"])],
            submit_label=_("Enroll"),
            cancel_url=self.class_url(),
            form_id="enroll-form",
        )
        return context
