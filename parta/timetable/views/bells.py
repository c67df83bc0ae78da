"""Bell schedules: the list, one page that edits a schedule with all its lesson times, and the
assignment of schedules to classes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from parta.core.mixins import SchoolContextMixin
from parta.core.registry import Column, RegistryListView, add_validation_errors
from parta.people.models import SchoolClass
from parta.timetable.calculations import SlotRow, slot_warnings
from parta.timetable.forms import BellScheduleForm, SlotFormSet
from parta.timetable.models import BellSchedule, ClassBellSchedule
from parta.timetable.selectors import year_of
from parta.timetable.services import (
    SlotData,
    bell_schedule_save,
    class_bell_schedule_set,
)
from parta.timetable.services.bells import slot_errors


def _times(schedule: BellSchedule) -> str:
    slots = list(schedule.slots.all())
    if not slots:
        return ""
    return f"{slots[0].start_time:%H:%M}–{slots[-1].end_time:%H:%M}"


class BellScheduleListView(RegistryListView):
    model = BellSchedule
    required_access = "read"
    title = gettext_lazy("Bell schedules")
    columns = (
        Column(gettext_lazy("Name"), "name", link=True),
        Column(gettext_lazy("Academic year"), "academic_year.name"),
        Column(gettext_lazy("Default"), lambda o: _("yes") if o.is_default else ""),
        Column(gettext_lazy("Lessons"), lambda o: len(o.slots.all())),
        Column(gettext_lazy("Time"), _times),
    )
    search_fields = ("name",)
    select_related = ("academic_year",)
    prefetch_related = ("slots",)
    create_url_name = "timetable:bell_create"
    edit_url_name = "timetable:bell_edit"


class BellScheduleEditView(SchoolContextMixin, TemplateView):
    """A schedule and its lesson times on one page. Every row is validated first; on any error
    nothing is written."""

    template_name = "timetable/bell_form.html"
    required_access = "admin"
    object: BellSchedule | None = None

    def get_object(self) -> BellSchedule | None:
        pk = self.kwargs.get("pk")
        if pk is None:
            return None
        found = BellSchedule.objects.filter(pk=pk, school=self.school).first()
        if found is None:
            raise Http404(_("Record not found."))
        return found

    def _form(self, data: Any = None) -> BellScheduleForm:
        instance = self.object or BellSchedule(school=self.school)
        initial = {}
        if self.object is None:
            year = year_of(self.school, None)
            initial = {"academic_year": year.pk if year else None}
        return BellScheduleForm(data, instance=instance, school=self.school, initial=initial)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        rows = (
            [
                {"number": s.number, "start_time": s.start_time, "end_time": s.end_time}
                for s in self.object.slots.all()
            ]
            if self.object is not None
            else []
        )
        rows += [{}] * max(1, 8 - len(rows)) if self.object is None else [{}]
        return self.render(self._form(), SlotFormSet(initial=rows, prefix="slots"))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        form = self._form(request.POST)
        formset = SlotFormSet(request.POST, prefix="slots")
        if request.POST.get("action") == "add_row" and formset.management_form.is_valid():
            rows = [
                {name: f[name].value() for name in ("number", "start_time", "end_time")}
                for f in formset.forms
            ]
            return self.render(form, SlotFormSet(initial=[*rows, {}], prefix="slots"))
        if not (form.is_valid() and formset.is_valid()):
            return self.render(form, formset, failed=True)
        row_forms = [f for f in formset.forms if not f.is_blank]
        slots = [
            SlotData(
                f.cleaned_data["number"], f.cleaned_data["start_time"], f.cleaned_data["end_time"]
            )
            for f in row_forms
        ]
        problems = slot_errors(slots)
        for index, errors in problems.items():
            for error in errors:
                row_forms[index].add_error(None, error)
        if problems:
            return self.render(form, formset, failed=True)
        data = {name: form.cleaned_data[name] for name in form.fields}
        try:
            saved = bell_schedule_save(
                actor=self.actor, schedule=form.instance, data=data, slots=slots
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.render(form, formset, failed=True)
        messages.success(request, _("Saved: %(obj)s.") % {"obj": saved})
        slot_rows = [SlotRow(s.number, s.start_time, s.end_time) for s in slots]
        for warning in slot_warnings(slot_rows):
            messages.warning(request, warning)
        return HttpResponseRedirect(reverse("timetable:bell_list", args=[self.school.pk]))

    def render(self, form: Any, formset: Any, failed: bool = False) -> HttpResponse:
        context = self.get_context_data(
            form=form,
            formset=formset,
            failed=failed,
            title=_("Bell schedule") if self.object else _("New bell schedule"),
            list_url=reverse("timetable:bell_list", args=[self.school.pk]),
        )
        return render(self.request, self.template_name, context, status=200)


class ClassSchedulesView(SchoolContextMixin, TemplateView):
    """Which bell schedule each class of the year follows (empty: the default one)."""

    template_name = "timetable/class_schedules.html"
    required_access = "admin"

    def setup_rows(self) -> None:
        self.year = year_of(self.school, None)
        self.classes = list(
            SchoolClass.objects.filter(school=self.school, academic_year=self.year)
            .select_related("bell_schedule_choice")
            .order_by("grade", "letter")
        )
        self.schedules = list(
            BellSchedule.objects.filter(school=self.school, academic_year=self.year)
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        chosen = {}
        for school_class in self.classes:
            try:
                chosen[school_class.pk] = school_class.bell_schedule_choice.bell_schedule_id
            except ClassBellSchedule.DoesNotExist:
                chosen[school_class.pk] = None
        context.update(
            title=_("Bell schedules of classes"),
            year=self.year,
            rows=[(c, chosen[c.pk]) for c in self.classes],
            schedules=self.schedules,
            list_url=reverse("timetable:bell_list", args=[self.school.pk]),
        )
        return context

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_rows()
        return self.render_to_response(self.get_context_data())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_rows()
        by_pk = {s.pk: s for s in self.schedules}
        with transaction.atomic():
            self._save(by_pk)
        messages.success(request, _("The bell schedules of the classes are saved."))
        return HttpResponseRedirect(reverse("timetable:class_schedules", args=[self.school.pk]))

    def _save(self, by_pk: dict[int, BellSchedule]) -> None:
        for school_class in self.classes:
            raw = self.request.POST.get(f"class_{school_class.pk}", "")
            schedule = by_pk.get(int(raw)) if raw.isdigit() else None
            class_bell_schedule_set(
                actor=self.actor, school_class=school_class, bell_schedule=schedule
            )
