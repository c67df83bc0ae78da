"""The weekly timetable grids (by class, teacher, room) and the form of one grid cell."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from parta.core.mixins import SchoolContextMixin
from parta.core.registry import add_validation_errors
from parta.organizations.models import Room
from parta.people.choices import StudyGroupKind
from parta.people.models import SchoolClass, StaffMember
from parta.people.selectors import day_in_year
from parta.timetable.choices import Weekday
from parta.timetable.forms import CopyForm, TimetableEntryForm
from parta.timetable.models import TimetableEntry
from parta.timetable.selectors import (
    WEEKDAYS,
    class_bell_schedule,
    class_entries,
    default_bell_schedule,
    grid,
    room_entries,
    teacher_entries,
    year_of,
)
from parta.timetable.services import timetable_copy, timetable_entry_delete, timetable_entry_save


def _day(request: HttpRequest) -> datetime.date | None:
    raw = request.GET.get("date", "")
    try:
        return datetime.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


class TimetableIndexView(SchoolContextMixin, TemplateView):
    """Links to the grid of every class, teacher and room of the current year."""

    template_name = "timetable/index.html"
    required_access = "read"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = year_of(self.school, timezone.localdate())
        context.update(
            title=_("Timetable"),
            year=year,
            classes=SchoolClass.objects.filter(school=self.school, academic_year=year).order_by(
                "grade", "letter"
            ),
            teachers=StaffMember.objects.filter(school=self.school, timetable_entries__isnull=False)
            .select_related("person")
            .distinct(),
            rooms=Room.objects.filter(school=self.school).order_by("number"),
        )
        return context


class GridView(SchoolContextMixin, TemplateView):
    template_name = "timetable/grid.html"
    required_access = "read"
    kind = ""

    def subject_of_grid(self) -> Any:
        raise NotImplementedError

    def entries_and_schedule(self, obj: Any, day: datetime.date) -> tuple[list[Any], Any]:
        raise NotImplementedError

    def year_for(self, obj: Any, day: datetime.date | None) -> Any:
        return year_of(self.school, day or timezone.localdate())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        obj = self.subject_of_grid()
        year = self.year_for(obj, _day(self.request))
        day = day_in_year(year, _day(self.request))
        entries, schedule = self.entries_and_schedule(obj, day)
        context.update(
            obj=obj,
            kind=self.kind,
            day=day,
            weekdays=WEEKDAYS,
            rows=grid(entries, schedule),
            schedule=schedule,
            editable=False,
        )
        return context


class ClassGridView(GridView):
    kind = "class"

    def subject_of_grid(self) -> SchoolClass:
        return get_object_or_404(
            SchoolClass.objects.select_related("academic_year"),
            pk=self.kwargs["pk"],
            school=self.school,
        )

    def year_for(self, obj: Any, day: datetime.date | None) -> Any:
        return obj.academic_year

    def entries_and_schedule(self, obj: Any, day: datetime.date) -> tuple[list[Any], Any]:
        return list(class_entries(obj, day)), class_bell_schedule(obj)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Timetable of class %(name)s") % {"name": context["obj"].name}
        context["editable"] = context["can_admin"]
        return context


class TeacherGridView(GridView):
    kind = "teacher"

    def subject_of_grid(self) -> StaffMember:
        return get_object_or_404(
            StaffMember.objects.select_related("person"), pk=self.kwargs["pk"], school=self.school
        )

    def entries_and_schedule(self, obj: Any, day: datetime.date) -> tuple[list[Any], Any]:
        year = year_of(self.school, day)
        return (
            list(teacher_entries(self.school.pk, obj.pk, day)),
            default_bell_schedule(self.school.pk, year.pk if year else None),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Timetable of teacher %(name)s") % {
            "name": context["obj"].person.short_name
        }
        return context


class RoomGridView(GridView):
    kind = "room"

    def subject_of_grid(self) -> Room:
        return get_object_or_404(Room, pk=self.kwargs["pk"], school=self.school)

    def entries_and_schedule(self, obj: Any, day: datetime.date) -> tuple[list[Any], Any]:
        year = year_of(self.school, day)
        return (
            list(room_entries(self.school.pk, obj.pk, day)),
            default_bell_schedule(self.school.pk, year.pk if year else None),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Timetable of room %(number)s") % {"number": context["obj"].number}
        return context


class CellView(SchoolContextMixin, TemplateView):
    """Add or edit a lesson of a class in one cell (weekday × lesson number). With htmx the
    form is drawn into the grid page and clash messages appear inline; without it, it is a page
    of its own."""

    template_name = "timetable/cell_form.html"
    required_access = "admin"

    def setup_cell(self) -> None:
        self.school_class = get_object_or_404(
            SchoolClass.objects.select_related("academic_year"),
            pk=self.kwargs["pk"],
            school=self.school,
        )
        self.weekday = int(self.kwargs["weekday"])
        if self.weekday not in Weekday.values:
            raise Http404(_("Record not found."))
        self.number = int(self.kwargs["number"])
        self.day = day_in_year(self.school_class.academic_year, _day(self.request))
        self.entry: TimetableEntry | None = None
        raw = self.request.GET.get("entry") or self.request.POST.get("entry") or ""
        if raw.isdigit():
            cls = self.school_class
            self.entry = (
                TimetableEntry.objects.filter(
                    pk=int(raw), school=self.school, weekday=self.weekday, slot_number=self.number
                )
                .filter(
                    Q(school_class=cls)
                    | Q(study_group__school_class=cls)
                    | Q(
                        study_group__kind=StudyGroupKind.CROSS_CLASS,
                        study_group__grade=cls.grade,
                        study_group__academic_year_id=cls.academic_year_id,
                    )
                )
                .first()
            )
            if self.entry is None:
                raise Http404(_("Record not found."))

    def grid_url(self) -> str:
        url = reverse("timetable:class_grid", args=[self.school.pk, self.school_class.pk])
        return f"{url}?date={self.day.isoformat()}"

    def make_form(self, data: Any = None) -> TimetableEntryForm:
        instance = self.entry or TimetableEntry(
            school=self.school,
            academic_year=self.school_class.academic_year,
            weekday=self.weekday,
            slot_number=self.number,
            school_class=self.school_class,
        )
        initial = {}
        if self.entry is None:
            initial = {"valid_from": self.school_class.academic_year.start_date}
        return TimetableEntryForm(
            data,
            instance=instance,
            initial=initial,
            school=self.school,
            school_class=self.school_class,
        )

    def render_form(self, form: TimetableEntryForm) -> HttpResponse:
        context = self.get_context_data(
            form=form,
            entry=self.entry,
            school_class=self.school_class,
            weekday_label=Weekday(self.weekday).label,
            number=self.number,
            grid_url=self.grid_url(),
            day=self.day,
            title=_("Lesson %(number)s, %(weekday)s, class %(name)s")
            % {
                "number": self.number,
                "weekday": Weekday(self.weekday).label,
                "name": self.school_class.name,
            },
        )
        template = self.template_name
        if getattr(self.request, "htmx", False):
            template = f"{template}#cell-form"
        return render(self.request, template, context)

    def done(self) -> HttpResponse:
        if getattr(self.request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = self.grid_url()
            return response
        return HttpResponseRedirect(self.grid_url())

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_cell()
        return self.render_form(self.make_form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_cell()
        if request.POST.get("action") == "delete" and self.entry is not None:
            timetable_entry_delete(actor=self.actor, entry=self.entry)
            messages.success(request, _("The lesson is deleted."))
            return self.done()
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        try:
            saved = timetable_entry_save(actor=self.actor, entry=form.instance)
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.render_form(form)
        messages.success(request, _("Saved: %(obj)s.") % {"obj": saved})
        return self.done()


class CopyView(SchoolContextMixin, TemplateView):
    """Copy the lessons in force during a period into a new period (all or nothing)."""

    template_name = "timetable/copy_form.html"
    required_access = "admin"

    def render_form(self, form: CopyForm) -> HttpResponse:
        context = self.get_context_data(
            form=form,
            title=_("Copy the timetable to a new period"),
            list_url=reverse("timetable:index", args=[self.school.pk]),
        )
        return render(self.request, self.template_name, context)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_form(CopyForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = CopyForm(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        data = form.cleaned_data
        year = year_of(self.school, data["source_from"])
        if year is None:
            form.add_error(None, _("The school has no academic year."))
            return self.render_form(form)
        try:
            copies = timetable_copy(
                actor=self.actor,
                academic_year=year,
                source_from=data["source_from"],
                source_to=data["source_to"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.render_form(form)
        messages.success(request, _("Lessons copied: %(count)s.") % {"count": len(copies)})
        return HttpResponseRedirect(reverse("timetable:index", args=[self.school.pk]))
