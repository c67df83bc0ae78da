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
from parta.organizations.models import AcademicYear, Room
from parta.people.choices import StudyGroupKind
from parta.people.models import SchoolClass, StaffMember
from parta.people.selectors import day_in_year
from parta.timetable.choices import Weekday
from parta.timetable.forms import FIXED_FIELDS, CopyForm, TimetableEntryForm
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


#: Per grid: the page of the grid and the form of one of its cells (URL names).
GRID_URLS = {
    "class": "timetable:class_grid",
    "teacher": "timetable:teacher_grid",
    "room": "timetable:room_grid",
}
CELL_URLS = {
    "class": "timetable:cell",
    "teacher": "timetable:teacher_cell",
    "room": "timetable:room_cell",
}


def grid_object(kind: str, school: Any, pk: int) -> SchoolClass | StaffMember | Room:
    """What a grid is of (the class, the teacher, the room), in the school, else 404."""
    if kind == "class":
        return get_object_or_404(
            SchoolClass.objects.select_related("academic_year"), pk=pk, school=school
        )
    if kind == "teacher":
        return get_object_or_404(StaffMember.objects.select_related("person"), pk=pk, school=school)
    return get_object_or_404(Room, pk=pk, school=school)


def _in_grid(kind: str, obj: Any) -> Q:
    """The lessons a grid shows (those its cell form may edit)."""
    if kind == "teacher":
        return Q(teacher=obj)
    if kind == "room":
        return Q(room=obj)
    return (
        Q(school_class=obj)
        | Q(study_group__school_class=obj)
        | Q(
            study_group__kind=StudyGroupKind.CROSS_CLASS,
            study_group__grade=obj.grade,
            study_group__academic_year_id=obj.academic_year_id,
        )
    )


def _name(kind: str, obj: Any) -> str:
    if kind == "class":
        return _("class %(name)s") % {"name": obj.name}
    if kind == "teacher":
        return _("teacher %(name)s") % {"name": obj.person.short_name}
    return _("room %(number)s") % {"number": obj.number}


class GridView(SchoolContextMixin, TemplateView):
    """The week of a class, a teacher or a room; for the school administration every cell links
    to its form (`CellView` of the same kind)."""

    template_name = "timetable/grid.html"
    required_access = "read"
    kind = ""

    def subject_of_grid(self) -> Any:
        return grid_object(self.kind, self.school, self.kwargs["pk"])

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
            # a lesson belongs to an academic year: without one there is nothing to edit
            editable=context["can_admin"] and year is not None,
            cell_url_name=CELL_URLS[self.kind],
        )
        return context


class ClassGridView(GridView):
    kind = "class"

    def year_for(self, obj: Any, day: datetime.date | None) -> Any:
        return obj.academic_year

    def entries_and_schedule(self, obj: Any, day: datetime.date) -> tuple[list[Any], Any]:
        return list(class_entries(obj, day)), class_bell_schedule(obj)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Timetable of class %(name)s") % {"name": context["obj"].name}
        return context


class TeacherGridView(GridView):
    kind = "teacher"

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
    """Add or edit a lesson in one cell (weekday × lesson number) of the grid of a class, a
    teacher or a room (`kind`): the grid's own dimension is fixed, the form asks for the rest.
    With htmx the form is drawn into the grid page and clash messages appear inline; without
    it, it is a page of its own."""

    template_name = "timetable/cell_form.html"
    required_access = "admin"
    kind = "class"

    def setup_cell(self) -> None:
        self.obj = grid_object(self.kind, self.school, self.kwargs["pk"])
        self.weekday = int(self.kwargs["weekday"])
        if self.weekday not in Weekday.values:
            raise Http404(_("Record not found."))
        self.number = int(self.kwargs["number"])
        self.entry: TimetableEntry | None = None
        raw = self.request.GET.get("entry") or self.request.POST.get("entry") or ""
        if raw.isdigit():
            self.entry = (
                TimetableEntry.objects.filter(
                    _in_grid(self.kind, self.obj),
                    pk=int(raw),
                    school=self.school,
                    weekday=self.weekday,
                    slot_number=self.number,
                )
                .select_related("academic_year")
                .first()
            )
            if self.entry is None:
                raise Http404(_("Record not found."))
        year: AcademicYear | None
        if self.entry is not None:
            year = self.entry.academic_year
        elif isinstance(self.obj, SchoolClass):
            year = self.obj.academic_year
        else:
            year = year_of(self.school, _day(self.request) or timezone.localdate())
        if year is None:
            raise Http404(_("The school has no academic year."))
        self.year = year
        self.day = day_in_year(year, _day(self.request))

    def grid_url(self) -> str:
        url = reverse(GRID_URLS[self.kind], args=[self.school.pk, self.obj.pk])
        return f"{url}?date={self.day.isoformat()}"

    def make_form(self, data: Any = None) -> TimetableEntryForm:
        instance = self.entry or TimetableEntry(
            school=self.school,
            academic_year=self.year,
            weekday=self.weekday,
            slot_number=self.number,
            **{FIXED_FIELDS[self.kind]: self.obj},
        )
        initial = {}
        if self.entry is None:
            initial = {"valid_from": self.year.start_date}
        return TimetableEntryForm(
            data,
            instance=instance,
            initial=initial,
            school=self.school,
            fixed=self.kind,
            year=self.year,
            school_class=self.obj if isinstance(self.obj, SchoolClass) else None,
        )

    def render_form(self, form: TimetableEntryForm) -> HttpResponse:
        weekday = Weekday(self.weekday).label
        context = self.get_context_data(
            form=form,
            entry=self.entry,
            kind=self.kind,
            obj=self.obj,
            weekday_label=weekday,
            number=self.number,
            grid_url=self.grid_url(),
            day=self.day,
            title=_("Lesson %(number)s, %(weekday)s, %(whose)s")
            % {"number": self.number, "weekday": weekday, "whose": _name(self.kind, self.obj)},
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
