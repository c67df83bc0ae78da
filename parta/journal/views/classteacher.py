"""The class teacher's overview of a class: attendance for a week or a month (students × days,
full days marked, totals), marks across all subjects for a study period, students at risk."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from parta.core.mixins import SchoolContextMixin
from parta.journal.classteacher import class_attendance, class_marks, may_read_class_overview
from parta.journal.rules import school_today
from parta.journal.views.common import chosen_period
from parta.organizations.models import StudyPeriod
from parta.people.models import SchoolClass


def attendance_span(span: str, raw_day: str | None, today: datetime.date) -> tuple[Any, Any]:
    """The week (Monday–Sunday) or the calendar month holding `?day=` (default today)."""
    try:
        day = datetime.date.fromisoformat(raw_day) if raw_day else today
    except ValueError:
        day = today
    if span == "month":
        start = day.replace(day=1)
        following = (start + datetime.timedelta(days=32)).replace(day=1)
        return start, following - datetime.timedelta(days=1)
    start = day - datetime.timedelta(days=day.weekday())
    return start, start + datetime.timedelta(days=6)


class ClassOverviewView(SchoolContextMixin, TemplateView):
    template_name = "journal/classteacher_overview.html"
    required_access = "read"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        school_class = get_object_or_404(
            SchoolClass.objects.for_school(self.school), pk=self.kwargs["class_id"]
        )
        if not may_read_class_overview(self.request.user, school_class):
            raise PermissionDenied(_("You do not have permission for this action."))
        today = school_today(self.school)
        span = "month" if self.request.GET.get("span") == "month" else "week"
        start, end = attendance_span(span, self.request.GET.get("day"), today)
        periods = list(
            StudyPeriod.objects.filter(
                school=self.school, period_set_id=school_class.period_set_id
            ).order_by("start_date")
        )
        period = chosen_period(periods, self.request.GET.get("period"), today)
        marks = class_marks(school_class, period.start_date, period.end_date) if period else None
        context.update(
            title=_("Class %(name)s: overview") % {"name": school_class},
            school_class=school_class,
            span=span,
            attendance=class_attendance(school_class, start, end),
            previous=(start - datetime.timedelta(days=1)).isoformat(),
            following=(end + datetime.timedelta(days=1)).isoformat(),
            periods=periods,
            period=period,
            marks=marks,
            at_risk=marks.at_risk() if marks else [],
        )
        return context
