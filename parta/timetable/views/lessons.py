"""Pages of dated lessons: a class's and a teacher's week, the school's day (the deputy's
«замены» page), one lesson with its forms (move, cancel, restore, substitute), adding a lesson."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from parta.core.mixins import SchoolContextMixin
from parta.core.registry import add_validation_errors
from parta.people.models import SchoolClass, StaffMember
from parta.people.selectors import day_in_year
from parta.timetable.calculations import week_start
from parta.timetable.forms import LessonAddForm, LessonCancelForm, LessonMoveForm, SubstituteForm
from parta.timetable.models import Lesson, Substitution
from parta.timetable.selectors import (
    class_bell_schedule,
    class_lessons,
    day_lessons,
    default_bell_schedule,
    teacher_lessons,
    week_days,
    week_grid,
    year_of,
)
from parta.timetable.services import lessons as services
from parta.timetable.services.substitutions import substitution_remove, substitution_set


def parse_day(raw: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


class WeekView(SchoolContextMixin, TemplateView):
    """Lessons of one week: lesson numbers × the six school days; previous and next week."""

    template_name = "timetable/lessons_week.html"
    required_access = "read"
    kind = ""

    def owner(self) -> Any:
        raise NotImplementedError

    def lessons_and_schedule(self, owner: Any, monday: datetime.date) -> tuple[list[Lesson], Any]:
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        owner = self.owner()
        year = year_of(self.school, timezone.localdate())
        day = parse_day(self.request.GET.get("week")) or day_in_year(year)
        monday = week_start(day)
        lessons, schedule = self.lessons_and_schedule(owner, monday)
        week = datetime.timedelta(days=7)
        context.update(
            obj=owner,
            kind=self.kind,
            monday=monday,
            days=week_days(monday),
            rows=week_grid(lessons, monday, schedule),
            schedule=schedule,
            previous=(monday - week).isoformat(),
            next=(monday + week).isoformat(),
        )
        return context


class ClassWeekView(WeekView):
    kind = "class"

    def owner(self) -> SchoolClass:
        return get_object_or_404(SchoolClass, pk=self.kwargs["pk"], school=self.school)

    def lessons_and_schedule(self, owner: Any, monday: datetime.date) -> tuple[list[Lesson], Any]:
        end = monday + datetime.timedelta(days=5)
        return list(class_lessons(owner, monday, end)), class_bell_schedule(owner)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Lessons of class %(name)s") % {"name": context["obj"].name}
        return context


class TeacherWeekView(WeekView):
    kind = "teacher"

    def owner(self) -> StaffMember:
        return get_object_or_404(
            StaffMember.objects.select_related("person"), pk=self.kwargs["pk"], school=self.school
        )

    def lessons_and_schedule(self, owner: Any, monday: datetime.date) -> tuple[list[Lesson], Any]:
        end = monday + datetime.timedelta(days=5)
        year = year_of(self.school, monday)
        schedule = default_bell_schedule(self.school.pk, year.pk if year else None)
        return list(teacher_lessons(self.school.pk, owner.pk, monday, end)), schedule

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Lessons of teacher %(name)s") % {
            "name": context["obj"].person.short_name
        }
        return context


class DayView(SchoolContextMixin, TemplateView):
    """Every lesson of the school on one date, with substitutions and cancellations."""

    template_name = "timetable/lessons_day.html"
    required_access = "read"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = year_of(self.school, timezone.localdate())
        day = parse_day(self.request.GET.get("date")) or day_in_year(year)
        lessons = list(day_lessons(self.school.pk, day))
        changed = [lesson for lesson in lessons if lesson.is_cancelled or _sub(lesson)]
        only_changes = self.request.GET.get("changes") == "1"
        one = datetime.timedelta(days=1)
        context.update(
            title=_("Lessons and substitutions on %(date)s") % {"date": f"{day:%d.%m.%Y}"},
            day=day,
            lessons=changed if only_changes else lessons,
            total=len(lessons),
            changes=len(changed),
            only_changes=only_changes,
            previous=(day - one).isoformat(),
            next=(day + one).isoformat(),
        )
        return context


def _sub(lesson: Lesson) -> Substitution | None:
    try:
        return lesson.substitution
    except Substitution.DoesNotExist:
        return None


class LessonView(SchoolContextMixin, TemplateView):
    """One lesson; the administration also gets its forms. Each form posts to its own action
    (`action` in the POST data); on a refusal the page is shown again with the messages."""

    template_name = "timetable/lesson.html"
    required_access = "read"
    lesson: Lesson

    def load(self) -> None:
        self.lesson = get_object_or_404(
            Lesson.objects.with_details().select_related("academic_year"),
            pk=self.kwargs["pk"],
            school=self.school,
        )

    def forms(self, data: Any = None, action: str = "") -> dict[str, Any]:
        lesson = self.lesson
        substitution = _sub(lesson)
        return {
            "move_form": LessonMoveForm(
                data if action == "move" else None,
                school=self.school,
                initial={
                    "date": lesson.date,
                    "slot_number": lesson.slot_number,
                    "room": lesson.room_id,
                },
                prefix="move",
            ),
            "cancel_form": LessonCancelForm(data if action == "cancel" else None, prefix="cancel"),
            "substitute_form": SubstituteForm(
                data if action == "substitute" else None,
                school=self.school,
                exclude_id=lesson.teacher_id,
                initial=(
                    {
                        "teacher": substitution.teacher_id,
                        "reason": substitution.reason,
                        "note": substitution.note,
                    }
                    if substitution
                    else {}
                ),
                prefix="substitute",
            ),
        }

    def page(self, forms: dict[str, Any], errors: list[str] | None = None) -> HttpResponse:
        lesson = self.lesson
        context = self.get_context_data(
            errors=errors or [],
            title=_("%(subject)s, %(audience)s: lesson %(number)s on %(date)s")
            % {
                "subject": lesson.subject.name,
                "audience": lesson.audience_name,
                "number": lesson.slot_number,
                "date": f"{lesson.date:%d.%m.%Y}",
            },
            lesson=lesson,
            substitution=_sub(lesson),
            day_url=reverse("timetable:lessons_day", args=[self.school.pk])
            + f"?date={lesson.date.isoformat()}",
            **forms,
        )
        return render(self.request, self.template_name, context)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        return self.page(self.forms())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        if not self.access.is_school_admin(self.school.pk):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(_("You do not have permission for this action."))
        action = request.POST.get("action", "")
        forms = self.forms(request.POST, action)
        try:
            done = self.apply(action, forms)
        except ValidationError as exc:
            form = forms.get(f"{action}_form")
            if form is None or not form.is_bound:
                return self.page(forms, errors=exc.messages)
            add_validation_errors(form, exc)
            return self.page(forms)
        if not done:
            return self.page(forms)
        url = reverse("timetable:lesson", args=[self.school.pk, self.lesson.pk])
        return HttpResponseRedirect(url)

    def apply(self, action: str, forms: dict[str, Any]) -> bool:
        """Run the action; False when its form is invalid."""
        lesson, actor = self.lesson, self.actor
        if action == "restore":
            services.lesson_restore(actor=actor, lesson=lesson)
            messages.success(self.request, _("The lesson is restored."))
            return True
        if action == "unsubstitute":
            substitution_remove(actor=actor, lesson=lesson)
            messages.success(self.request, _("The substitution is removed."))
            return True
        form = forms.get(f"{action}_form")
        if form is None:
            raise ValidationError(_("Unknown action."))
        if not form.is_valid():
            return False
        data = form.cleaned_data
        if action == "move":
            services.lesson_move(
                actor=actor,
                lesson=lesson,
                date=data["date"],
                slot_number=data["slot_number"],
                room=data["room"],
            )
            messages.success(self.request, _("The lesson is moved."))
        elif action == "cancel":
            services.lesson_cancel(actor=actor, lesson=lesson, reason=data["reason"])
            messages.success(self.request, _("The lesson is cancelled."))
        else:
            substitution_set(
                actor=actor,
                lesson=lesson,
                teacher=data["teacher"],
                reason=data["reason"],
                note=data["note"],
            )
            messages.success(self.request, _("The substitute is saved."))
        return True


class LessonAddView(SchoolContextMixin, TemplateView):
    """Add a lesson by hand."""

    template_name = "timetable/lesson_add.html"
    required_access = "admin"

    def form(self, data: Any = None) -> LessonAddForm:
        year = year_of(self.school, timezone.localdate())
        query = self.request.GET
        initial = {
            "date": parse_day(query.get("date")),
            "slot_number": query.get("slot_number", ""),
            "school_class": query.get("school_class", ""),
        }
        return LessonAddForm(data, school=self.school, year=year, initial=initial)

    def page(self, form: LessonAddForm) -> HttpResponse:
        context = self.get_context_data(
            form=form,
            title=_("Add a lesson"),
            back_url=reverse("timetable:lessons_day", args=[self.school.pk]),
        )
        return render(self.request, self.template_name, context)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.page(self.form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.form(request.POST)
        if not form.is_valid():
            return self.page(form)
        try:
            lesson = services.lesson_add(actor=self.actor, school=self.school, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.page(form)
        messages.success(request, _("The lesson is added."))
        return HttpResponseRedirect(reverse("timetable:lesson", args=[self.school.pk, lesson.pk]))
