"""Pages of the assessment schedule: the schedule (everyone in the school), the planning forms
(administration; teachers for their classes and subjects), the violations and the XLSX export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from parta.accounts.choices import Role
from parta.assessments.export import XLSX_CONTENT_TYPE, export_filename, schedule_workbook
from parta.assessments.forms import (
    PROCEDURE_FIELDS,
    GradePlanForm,
    ProcedureForm,
    ScheduleFilterForm,
)
from parta.assessments.models import AssessmentProcedure
from parta.assessments.rules import can_plan, is_planner, planned_pairs
from parta.assessments.selectors import ScheduleFilter, schedule, violations, violations_of
from parta.assessments.services import (
    procedure_create,
    procedure_delete,
    procedure_update,
    procedures_plan_for_grade,
)
from parta.assessments.texts import describe
from parta.core.mixins import SchoolContextMixin
from parta.core.registry import add_validation_errors
from parta.organizations.models import AcademicYear
from parta.people.selectors import current_year


class YearFilterMixin(SchoolContextMixin):
    """The year (`?academic_year=`, else the current one) and the filter form."""

    def chosen_year(self) -> AcademicYear | None:
        raw = self.request.GET.get("academic_year", "")
        if raw.isdigit():
            year = AcademicYear.objects.filter(school=self.school, pk=int(raw)).first()
            if year is not None:
                return year
        return current_year(self.school)

    def filter_form(self, year: AcademicYear | None) -> ScheduleFilterForm:
        return ScheduleFilterForm(
            self.request.GET or None,
            initial={"academic_year": year},
            school=self.school,
            year=year,
        )

    def querystring(self) -> str:
        params = self.request.GET.copy()
        params.pop("page", None)
        return params.urlencode()


class ScheduleView(YearFilterMixin, TemplateView):
    """The school's schedule grouped by class, filtered by grade, class, subject, period and
    level. Read by everyone in the school."""

    template_name = "assessments/schedule.html"
    required_access = "read"
    paginate_by = 100

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = self.chosen_year()
        form = self.filter_form(year)
        qs = schedule(self.school, year, form.schedule_filter())
        page = Paginator(qs, self.paginate_by).get_page(self.request.GET.get("page"))
        pairs = planned_pairs(self.request.user, self.school)
        rows = [
            (p, pairs is None or (p.school_class_id, p.subject_id) in pairs)
            for p in page.object_list
        ]
        context.update(
            title=_("Assessment schedule"),
            year=year,
            filter_form=form,
            rows=rows,
            page_obj=page,
            is_paginated=page.has_other_pages(),
            querystring=self.querystring(),
            may_plan=pairs is None or bool(pairs),
            may_see_violations=_sees_violations(self),
        )
        return context


def _sees_violations(view: SchoolContextMixin) -> bool:
    school_id = view.school.pk
    return view.access.reads_whole_school(school_id) or view.access.has_role(
        school_id, Role.TEACHER
    )


class ViolationsView(YearFilterMixin, TemplateView):
    """The procedures that break the federal recommendations: class, subject, dates, rule.
    Read by the school's staff and teachers."""

    template_name = "assessments/violations.html"

    def has_school_access(self) -> bool:
        return _sees_violations(self)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = self.chosen_year()
        form = self.filter_form(year)
        found = violations(self.school, year, form.schedule_filter()) if year else []
        context.update(
            title=_("Assessment schedule: violations"),
            year=year,
            filter_form=form,
            violations=[(v, describe(v)) for v in found],
            querystring=self.querystring(),
        )
        return context


class ExportView(YearFilterMixin, TemplateView):
    """The filtered schedule as an XLSX file for the school's website."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        year = self.chosen_year()
        if year is None:
            raise Http404(_("No academic year."))
        form = self.filter_form(year)
        content = schedule_workbook(
            schedule(self.school, year, form.schedule_filter()),
            school_name=self.school.short_name,
            year_name=year.name,
        )
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{export_filename(year.name)}"'
        return response


class ProcedureFormView(YearFilterMixin, FormView[ProcedureForm]):
    """Plan a procedure (no `pk`) or change one. The administration plans for every class;
    a teacher for the classes and subjects of their load. With htmx, changing the class, the
    subject or the date redraws the form with that day's lessons."""

    template_name = "assessments/procedure_form.html"
    form_class = ProcedureForm
    object: AssessmentProcedure | None = None

    def has_school_access(self) -> bool:
        return is_planner(self.request.user, self.school.pk)

    def get_object(self) -> AssessmentProcedure | None:
        if "pk" not in self.kwargs:
            return None
        found = (
            AssessmentProcedure.objects.for_school(self.school)
            .filter(pk=self.kwargs["pk"])
            .select_related("academic_year", "lesson")
            .first()
        )
        if found is None:
            raise Http404(_("Record not found."))
        if not can_plan(self.request.user, self.school.pk, found.school_class_id, found.subject_id):
            raise PermissionDenied(_("You do not have permission for this action."))
        return found

    def get_form_kwargs(self) -> dict[str, Any]:
        self.object = self.get_object()
        kwargs = super().get_form_kwargs()
        kwargs.update(school=self.school, user=self.request.user, year=self.chosen_year())
        if self.object is not None:
            kwargs["instance"] = self.object
        if self.request.method == "GET" and self.request.GET:
            kwargs["initial"] = {k: v for k, v in self.request.GET.items() if k in PROCEDURE_FIELDS}
        return kwargs

    def form_valid(self, form: ProcedureForm) -> HttpResponse:
        data = form.cleaned_data
        if not can_plan(
            self.request.user, self.school.pk, data["school_class"].pk, data["subject"].pk
        ):
            form.add_error(
                None, _("You may plan procedures only for the classes and subjects you teach.")
            )
            return self.form_invalid(form)
        try:
            if self.object is None:
                saved = procedure_create(actor=self.actor, instance=form.instance)
            else:
                changes = {name: data[name] for name in form.changed_data}
                saved = procedure_update(actor=self.actor, instance=form.instance, data=changes)
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: %(obj)s.") % {"obj": saved})
        for violation in violations_of(saved):
            messages.warning(self.request, describe(violation))
        return HttpResponseRedirect(self.list_url())

    def list_url(self) -> str:
        return reverse("assessments:schedule", args=[self.school.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Assessment procedure") if self.object else _("New assessment procedure"),
            object=self.object,
            list_url=self.list_url(),
            delete_url=(
                reverse("assessments:delete", args=[self.school.pk, self.object.pk])
                if self.object
                else None
            ),
        )
        return context


class ProcedureDeleteView(ProcedureFormView):
    """Confirm (GET) and delete (POST) one procedure."""

    template_name = "organizations/confirm_delete.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return self.render_to_response(self.delete_context())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        procedure = self.get_object()
        assert procedure is not None
        name = str(procedure)
        procedure_delete(actor=self.actor, instance=procedure)
        messages.success(request, _("Deleted: %(obj)s.") % {"obj": name})
        return HttpResponseRedirect(self.list_url())

    def delete_context(self) -> dict[str, Any]:
        context = SchoolContextMixin.get_context_data(self)
        assert self.object is not None
        context.update(
            title=_("Delete the assessment procedure"),
            object=self.object,
            edit_url=reverse("assessments:edit", args=[self.school.pk, self.object.pk]),
        )
        return context


class GradePlanView(YearFilterMixin, FormView[GradePlanForm]):
    """Plan one procedure for every class of a grade at once (a ВПР, a parallel контрольная);
    all or nothing. School administration."""

    template_name = "assessments/grade_form.html"
    form_class = GradePlanForm
    required_access = "admin"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(school=self.school, year=self.chosen_year())
        return kwargs

    def form_valid(self, form: GradePlanForm) -> HttpResponse:
        year = self.chosen_year()
        if year is None:
            raise Http404(_("No academic year."))
        try:
            planned = procedures_plan_for_grade(
                actor=self.actor, school=self.school, academic_year=year, **form.cleaned_data
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Planned for the classes: %(names)s.")
            % {"names": ", ".join(p.school_class.name for p in planned)},
        )
        ids = {p.pk for p in planned}
        flt = ScheduleFilter(grade=form.cleaned_data["grade"])
        for violation in violations(self.school, year, flt):
            if ids & set(violation.procedure_ids):
                messages.warning(self.request, describe(violation))
        return HttpResponseRedirect(reverse("assessments:schedule", args=[self.school.pk]))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = self.chosen_year()
        context.update(
            title=_("Plan for a whole grade"),
            year=year,
            list_url=reverse("assessments:schedule", args=[self.school.pk]),
        )
        return context
