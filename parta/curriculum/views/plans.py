"""Curricula (учебный план) with their lines, copying plans to another year, the teaching load
(педагогическая нагрузка), the load check and a teacher's own load."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from parta.core.mixins import SchoolContextMixin
from parta.core.registry import Column, RegistryFormView, RegistryListView, add_validation_errors
from parta.curriculum.forms import (
    CopyPlansForm,
    CurriculumForm,
    CurriculumItemForm,
    TeachingAssignmentFilterForm,
    TeachingAssignmentForm,
    YearFilterForm,
)
from parta.curriculum.models import Curriculum, CurriculumItem, TeachingAssignment
from parta.curriculum.selectors import (
    assignments_for,
    curricula_with_items,
    curriculum_totals,
    load_check,
    teacher_loads,
)
from parta.curriculum.services import (
    assignment_create,
    assignment_delete,
    assignment_update,
    curriculum_copy_to_year,
    curriculum_create,
    curriculum_delete,
    curriculum_update,
    item_create,
    item_delete,
    item_update,
)
from parta.organizations.models import AcademicYear
from parta.organizations.views.base import RecordDeleteView
from parta.people.models import StaffMember
from parta.people.selectors import current_year


def _hours(value: Any) -> str:
    """Hours as the locale writes them, without a trailing ",0" (5, 0,5, 17)."""
    number = Decimal(value)
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number
    return formats.number_format(number)


def _target(curriculum: Curriculum) -> str:
    if curriculum.grade:
        return _("grade %(grade)s") % {"grade": curriculum.grade}
    return _("class %(name)s") % {"name": curriculum.school_class}


class YearMixin:
    """The academic year chosen by `?academic_year=` (a year of the school), else the current."""

    school: Any
    request: HttpRequest

    def chosen_year(self) -> AcademicYear | None:
        raw = self.request.GET.get("academic_year", "")
        if raw.isdigit():
            year = AcademicYear.objects.filter(school=self.school, pk=int(raw)).first()
            if year is not None:
                return year
        return current_year(self.school)


# --- curricula ---------------------------------------------------------------------------------


class CurriculumListView(RegistryListView):
    model = Curriculum
    title = gettext_lazy("Curricula")
    columns = (
        Column(gettext_lazy("Name"), "name"),
        Column(gettext_lazy("Academic year"), "academic_year"),
        Column(gettext_lazy("Grade or class"), _target),
        Column(gettext_lazy("Hours per week"), lambda c: _hours(curriculum_totals(c).weekly)),
        Column(gettext_lazy("Hours per year"), lambda c: _hours(curriculum_totals(c).annual)),
        Column(gettext_lazy("Check"), lambda c: curriculum_totals(c).warning or "✓"),
    )
    search_fields = ("name",)
    filter_form_class = YearFilterForm
    create_url_name = "curriculum:curriculum_create"
    edit_url_name = "curriculum:curriculum_edit"
    paginate_by = 50

    def base_queryset(self) -> models.QuerySet[Any]:
        return curricula_with_items(Curriculum.objects.filter(school=self.school)).order_by(
            "-academic_year__start_date", "grade", "school_class__grade", "school_class__letter"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        return context


class CurriculumFormView(RegistryFormView):
    """The plan's header; on edit, the page also lists its lines, totals and the check."""

    model = Curriculum
    form_class = CurriculumForm
    template_name = "curriculum/curriculum_form.html"
    title_create = gettext_lazy("New curriculum")
    title_edit = gettext_lazy("Curriculum")
    list_url_name = "curriculum:curriculum_list"
    delete_url_name = "curriculum:curriculum_delete"

    def save(self, form: Any) -> models.Model:
        if self.object is None:
            return curriculum_create(actor=self.actor, instance=form.instance)
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        return curriculum_update(actor=self.actor, instance=form.instance, data=data)

    def saved_url(self, saved: models.Model) -> str:
        return reverse("curriculum:curriculum_edit", args=[self.school.pk, saved.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.object is not None:
            curriculum = curricula_with_items(Curriculum.objects.filter(pk=self.object.pk)).get()
            context.update(
                curriculum=curriculum,
                items=list(curriculum.items.all()),
                totals=curriculum_totals(curriculum),
                item_form=kwargs.get("item_form")
                or CurriculumItemForm(school=self.school, curriculum=curriculum),
            )
        return context


class CurriculumDeleteView(RecordDeleteView):
    model = Curriculum
    title = gettext_lazy("Delete the curriculum")
    list_url_name = "curriculum:curriculum_list"
    edit_url_name = "curriculum:curriculum_edit"

    def delete(self, obj: Any) -> None:
        curriculum_delete(actor=self.actor, instance=obj)

    def note(self, obj: Any) -> str | None:
        return _("Its lines are deleted with it.")


class CurriculumItemMixin(SchoolContextMixin):
    required_access = "admin"
    curriculum: Curriculum

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return super().dispatch(request, *args, **kwargs)

    def load_curriculum(self) -> Curriculum:
        found = Curriculum.objects.filter(pk=self.kwargs["curriculum_pk"], school=self.school)
        curriculum = found.first()
        if curriculum is None:
            raise Http404(_("Record not found."))
        self.curriculum = curriculum
        return curriculum

    def load_item(self) -> CurriculumItem:
        item = CurriculumItem.objects.filter(
            pk=self.kwargs["pk"], curriculum=self.curriculum, school=self.school
        ).first()
        if item is None:
            raise Http404(_("Record not found."))
        return item

    def plan_url(self) -> str:
        return reverse("curriculum:curriculum_edit", args=[self.school.pk, self.curriculum.pk])


class CurriculumItemFormView(CurriculumItemMixin, View):
    """Add a line (POST from the plan page) or edit one (GET shows a small form)."""

    template_name = "curriculum/item_form.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_curriculum()
        item = self.load_item() if "pk" in self.kwargs else None
        form = CurriculumItemForm(school=self.school, curriculum=self.curriculum, instance=item)
        return self._render(form, item)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_curriculum()
        item = self.load_item() if "pk" in self.kwargs else None
        form = CurriculumItemForm(
            request.POST, school=self.school, curriculum=self.curriculum, instance=item
        )
        if form.is_valid():
            try:
                if item is None:
                    saved = item_create(actor=self.actor, instance=form.instance)
                else:
                    data = {name: form.cleaned_data[name] for name in form.changed_data}
                    saved = item_update(actor=self.actor, instance=form.instance, data=data)
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("Saved: %(obj)s.") % {"obj": saved})
                return HttpResponseRedirect(self.plan_url())
        return self._render(form, item)

    def _render(self, form: Any, item: CurriculumItem | None) -> HttpResponse:
        context = {
            "school": self.school,
            "can_admin": True,
            "title": _("Curriculum line") if item else _("New curriculum line"),
            "curriculum": self.curriculum,
            "form": form,
            "plan_url": self.plan_url(),
        }
        return render(self.request, self.template_name, context)


class CurriculumItemDeleteView(CurriculumItemMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_curriculum()
        item = self.load_item()
        name = str(item)
        item_delete(actor=self.actor, instance=item)
        messages.success(request, _("Deleted: %(obj)s.") % {"obj": name})
        return HttpResponseRedirect(self.plan_url())


class CopyPlansView(SchoolContextMixin, FormView[Any]):
    """Copy every plan of one year into another (all or nothing) and show the report."""

    template_name = "curriculum/copy_form.html"
    form_class = CopyPlansForm
    required_access = "admin"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["school"] = self.school
        return kwargs

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            report = curriculum_copy_to_year(
                actor=self.actor,
                source_year=form.cleaned_data["source_year"],
                target_year=form.cleaned_data["target_year"],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.form_invalid(form)
        return self.render_to_response(self.get_context_data(form=form, report=report))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Copy curricula to another year")
        return context


# --- teaching load -----------------------------------------------------------------------------


class TeachingAssignmentListView(RegistryListView):
    model = TeachingAssignment
    title = gettext_lazy("Teaching load")
    columns = (
        Column(gettext_lazy("Teacher"), "teacher"),
        Column(gettext_lazy("Subject"), "subject"),
        Column(gettext_lazy("Class or group"), "target"),
        Column(gettext_lazy("Hours per week"), lambda a: _hours(a.hours_per_week)),
        Column(gettext_lazy("Academic year"), "academic_year"),
    )
    search_fields = ("teacher__person__last_name", "subject__name")
    filter_form_class = TeachingAssignmentFilterForm
    create_url_name = "curriculum:assignment_create"
    edit_url_name = "curriculum:assignment_edit"
    select_related = (
        "teacher__person",
        "subject",
        "school_class",
        "study_group",
        "academic_year",
    )
    paginate_by = 50

    def base_queryset(self) -> models.QuerySet[Any]:
        return TeachingAssignment.objects.filter(school=self.school).order_by(
            "teacher__person__last_name", "subject__name", "pk"
        )

    def apply_filters(self, qs: models.QuerySet[Any], data: dict[str, Any]) -> models.QuerySet[Any]:
        if data.get("school_class"):
            school_class = data.pop("school_class")
            qs = qs.filter(
                models.Q(school_class=school_class)
                | models.Q(study_group__school_class=school_class)
            )
        return super().apply_filters(qs, data)


class TeachingAssignmentFormView(RegistryFormView):
    model = TeachingAssignment
    form_class = TeachingAssignmentForm
    title_create = gettext_lazy("New teaching load line")
    title_edit = gettext_lazy("Teaching load line")
    list_url_name = "curriculum:assignment_list"
    delete_url_name = "curriculum:assignment_delete"

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        initial["academic_year"] = current_year(self.school)
        return initial

    def save(self, form: Any) -> models.Model:
        if self.object is None:
            return assignment_create(actor=self.actor, instance=form.instance)
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        return assignment_update(actor=self.actor, instance=form.instance, data=data)


class TeachingAssignmentDeleteView(RecordDeleteView):
    model = TeachingAssignment
    title = gettext_lazy("Delete the teaching load line")
    list_url_name = "curriculum:assignment_list"
    edit_url_name = "curriculum:assignment_edit"

    def delete(self, obj: Any) -> None:
        assignment_delete(actor=self.actor, instance=obj)


class LoadCheckView(YearMixin, SchoolContextMixin, TemplateView):
    """Per class: lines where the load misses or exceeds the plan; per teacher: the total."""

    template_name = "curriculum/load_check.html"
    required_access = "whole_school"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = self.chosen_year()
        context.update(
            title=_("Teaching load check"),
            year=year,
            year_form=YearFilterForm(
                initial={"academic_year": year.pk if year else None}, school=self.school
            ),
            check=load_check(self.school, year) if year else None,
        )
        return context


class MyLoadView(YearMixin, SchoolContextMixin, TemplateView):
    """A staff member's own teaching load of the year."""

    template_name = "curriculum/my_load.html"
    required_access = "read"

    def has_school_access(self) -> bool:
        user_id = int(self.request.user.pk or 0)
        self.staff = StaffMember.objects.filter(school=self.school, person__user_id=user_id).first()
        if self.staff is None:
            raise PermissionDenied(_("You do not have permission for this action."))
        return True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = self.chosen_year()
        rows = list(assignments_for(self.school, year).filter(teacher=self.staff)) if year else []
        loads = teacher_loads(rows)
        context.update(
            title=_("My teaching load"),
            year=year,
            year_form=YearFilterForm(
                initial={"academic_year": year.pk if year else None}, school=self.school
            ),
            rows=rows,
            total=loads[0].total if loads else 0,
        )
        return context
