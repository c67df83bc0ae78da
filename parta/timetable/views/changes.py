"""Administration pages around dated lessons: generating them from the timetable, the report of
substitutions and cancellations (with its XLSX export), days with another bell schedule."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from parta.core.mixins import SchoolContextMixin
from parta.core.registry import add_validation_errors
from parta.people.models import SchoolClass
from parta.people.selectors import day_in_year
from parta.timetable.export import XLSX, changes_workbook
from parta.timetable.forms import BellDayForm, DateRangeForm, GenerateForm
from parta.timetable.models import BellScheduleDay
from parta.timetable.selectors import bell_days, changes_report, year_of, year_periods
from parta.timetable.services.bell_days import bell_schedule_day_add, bell_schedule_day_delete
from parta.timetable.services.generation import lessons_generate


class GenerateView(SchoolContextMixin, TemplateView):
    """Generate (or regenerate) the lessons of a period or of the whole year from the weekly
    timetable, for all or chosen classes, and show what happened."""

    template_name = "timetable/lessons_generate.html"
    required_access = "admin"

    def form(self, data: Any = None) -> GenerateForm:
        self.year = year_of(self.school, timezone.localdate())
        self.periods = year_periods(self.year)
        classes = SchoolClass.objects.filter(school=self.school, academic_year=self.year).order_by(
            "grade", "letter"
        )
        return GenerateForm(data, periods=self.periods, classes=classes)

    def page(self, form: GenerateForm, result: Any = None) -> HttpResponse:
        context = self.get_context_data(
            form=form, result=result, year=self.year, title=_("Generate lessons")
        )
        return render(self.request, self.template_name, context)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.page(self.form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.form(request.POST)
        if self.year is None:
            form.add_error(None, _("The school has no academic year."))
            return self.page(form)
        if not form.is_valid():
            return self.page(form)
        start, end = self.year.start_date, self.year.end_date
        chosen = form.cleaned_data["period"]
        if chosen:
            period = next(p for p in self.periods if str(p.pk) == chosen)
            start, end = period.start_date, period.end_date
        classes = form.cleaned_data["classes"]
        try:
            result = lessons_generate(
                actor=self.actor,
                academic_year=self.year,
                start=start,
                end=end,
                class_ids=[c.pk for c in classes] or None,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.page(form)
        return self.page(form, result)


def report_range(request: HttpRequest, school: Any) -> tuple[DateRangeForm, Any]:
    """The date range of the report from the query string (default: the current month)."""
    today = day_in_year(year_of(school, timezone.localdate()))
    first = today.replace(day=1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    data = request.GET if "start" in request.GET else {"start": first, "end": last}
    form = DateRangeForm(data)
    return form, form.cleaned_data if form.is_valid() else None


class ChangesReportView(SchoolContextMixin, TemplateView):
    """Substitutions and cancellations over a date range: counts per teacher and per subject,
    and the full list."""

    template_name = "timetable/changes_report.html"
    required_access = "whole_school"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form, dates = report_range(self.request, self.school)
        report = changes_report(self.school.pk, dates["start"], dates["end"]) if dates else None
        query = self.request.GET.urlencode() if dates and "start" in self.request.GET else ""
        if dates and not query:
            query = f"start={dates['start'].isoformat()}&end={dates['end'].isoformat()}"
        context.update(
            title=_("Substitutions and cancellations"),
            form=form,
            report=report,
            export_query=query,
        )
        return context


class ChangesExportView(SchoolContextMixin, TemplateView):
    required_access = "whole_school"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _form, dates = report_range(request, self.school)
        if dates is None:
            raise Http404(_("Choose at most a year, ending after the start."))
        report = changes_report(self.school.pk, dates["start"], dates["end"])
        response = HttpResponse(changes_workbook(report), content_type=XLSX)
        name = f"changes-{dates['start']:%Y%m%d}-{dates['end']:%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class BellDaysView(SchoolContextMixin, TemplateView):
    """Days on which the school follows another bell schedule; the administration adds them
    here."""

    template_name = "timetable/bell_days.html"
    required_access = "read"

    def page(self, form: BellDayForm | None) -> HttpResponse:
        year = year_of(self.school, timezone.localdate())
        context = self.get_context_data(
            title=_("Days with another bell schedule"),
            days=list(bell_days(self.school.pk, year.pk if year else None)),
            form=form,
        )
        return render(self.request, self.template_name, context)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        admin = self.access.is_school_admin(self.school.pk)
        return self.page(BellDayForm(school=self.school) if admin else None)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.access.is_school_admin(self.school.pk):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(_("You do not have permission for this action."))
        form = BellDayForm(request.POST, school=self.school)
        if not form.is_valid():
            return self.page(form)
        try:
            bell_schedule_day_add(actor=self.actor, school=self.school, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.page(form)
        messages.success(request, _("The day is added; its lessons follow the new times."))
        return HttpResponseRedirect(reverse("timetable:bell_days", args=[self.school.pk]))


class BellDayDeleteView(SchoolContextMixin, TemplateView):
    required_access = "admin"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        day = get_object_or_404(BellScheduleDay, pk=self.kwargs["pk"], school=self.school)
        bell_schedule_day_delete(actor=self.actor, day=day)
        messages.success(request, _("The day follows the usual bell schedule again."))
        return HttpResponseRedirect(reverse("timetable:bell_days", args=[self.school.pk]))
