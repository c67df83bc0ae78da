"""My lessons: the teacher's week with what is still to fill in."""

from __future__ import annotations

import datetime
from itertools import groupby
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from parta.core.mixins import SchoolContextMixin
from parta.journal.rules import school_today
from parta.journal.worklist import teacher_lessons
from parta.people.models import StaffMember


class MyLessonsView(SchoolContextMixin, TemplateView):
    """The week (`?week=` any date in it) of the user's lessons grouped by day; 403 without a
    staff record in the school."""

    template_name = "journal/worklist.html"
    required_access = "read"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        if not StaffMember.objects.filter(school=self.school, person__user=user).exists():
            raise PermissionDenied
        today = school_today(self.school)
        try:
            day = datetime.date.fromisoformat(self.request.GET.get("week", ""))
        except ValueError:
            day = today
        monday = day - datetime.timedelta(days=day.weekday())
        items = teacher_lessons(
            user=user, school=self.school, start=monday, end=monday + datetime.timedelta(days=6)
        )
        context["title"] = _("My lessons")
        context["today"] = today
        context["days"] = [(d, list(rows)) for d, rows in groupby(items, lambda i: i.lesson.date)]
        context["no_topic_count"] = sum(1 for item in items if item.no_topic)
        context["previous_week"] = monday - datetime.timedelta(days=7)
        context["next_week"] = monday + datetime.timedelta(days=7)
        return context
