"""The journal pages: the list of journals a user may open, and one journal (a class or study
group × a subject × a study period) as a grid of students × lessons."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from parta.core.mixins import SchoolContextMixin
from parta.journal.querysets import audience_filter
from parta.journal.rules import may_read_lesson_journal, school_today
from parta.journal.selectors import journal_audiences_for, journal_grid
from parta.journal.views.common import (
    Audience,
    chosen_period,
    journal_header,
    study_periods,
)
from parta.journal.views.grid import grid_columns, grid_rows
from parta.people.models import SchoolClass
from parta.timetable.models import Lesson

#: How many of the lessons a teacher substitutes in the list shows, the latest first.
SUBSTITUTED_SHOWN = 20


class JournalIndexView(SchoolContextMixin, TemplateView):
    """The journals (class or group × subject) the user may open."""

    template_name = "journal/index.html"
    required_access = "read"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Class journals")
        context["audiences"] = journal_audiences_for(self.request.user, self.school)
        context["substituted"] = list(
            Lesson.objects.for_school(self.school)
            .filter(substitution__teacher__person__user_id=self.access.user_id or 0)
            .select_related("school_class", "study_group", "subject")
            .order_by("-date", "-slot_number")[:SUBSTITUTED_SHOWN]
        )
        # the classes whose overview and absence documents the user keeps
        context["led_classes"] = list(
            SchoolClass.objects.filter(
                school=self.school, class_teacher__person__user_id=self.access.user_id or 0
            ).order_by("-academic_year__start_date", "grade", "letter")
        )
        return context


class JournalGridView(SchoolContextMixin, TemplateView):
    """One journal for one study period; cells are editable where the user may write."""

    template_name = "journal/grid.html"
    required_access = "read"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        header = journal_header(
            self.school,
            self.kwargs["kind"],
            self.kwargs["pk"],
            self.kwargs["subject_id"],
            self.request.user,
        )
        audience = header.audience
        today = school_today(self.school)
        only = None
        if not header.readable:
            # a substitute reads the lesson they substitute in, not the whole journal
            only = self.only_lesson(audience)
        periods = study_periods(self.school, audience)
        period = chosen_period(periods, self.request.GET.get("period"), today)
        if only is not None:
            period = next((p for p in periods if p.start_date <= only.date <= p.end_date), None)
        context.update(
            title=_("Journal: %(owner)s, %(subject)s")
            % {"owner": audience.owner.name, "subject": audience.subject.name},
            audience=audience,
            periods=periods,
            period=period,
            grid=None,
        )
        if period is None:
            return context
        grid = journal_grid(
            school=self.school,
            school_class=audience.school_class,
            study_group=audience.study_group,
            subject=audience.subject,
            start=only.date if only is not None else period.start_date,
            end=only.date if only is not None else period.end_date,
            settings=header.settings,
            mark_free=header.mark_free,
            writer=self.request.user,
            today=today,
        )
        if only is not None:
            grid.lessons = [lesson for lesson in grid.lessons if lesson.pk == only.pk]
        writable = {
            lesson.pk for lesson in grid.lessons if getattr(lesson, "journal_writable", False)
        }
        context.update(
            grid=grid,
            columns=grid_columns(
                grid,
                reverse("journal:lesson", args=[self.school.pk, 0])
                + "?"
                + urlencode({"next": self.request.get_full_path()}),
            ),
            rows=grid_rows(grid, writable),
            editable=bool(writable),
            writable=writable,
            only_lesson=only,
        )
        return context

    def only_lesson(self, audience: Audience) -> Lesson:
        """The lesson of `?lesson=` in this journal if the user may read that lesson (a
        substitute); refused otherwise."""
        raw = self.request.GET.get("lesson", "")
        lesson = (
            Lesson.objects.for_school(self.school)
            .filter(pk=int(raw), **audience_filter(audience))
            .first()
            if raw.isdigit()
            else None
        )
        if lesson is None or not may_read_lesson_journal(self.request.user, lesson):
            raise PermissionDenied(_("You do not have permission for this action."))
        return lesson
