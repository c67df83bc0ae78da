"""The journal pages: the list of journals a user may open, and one journal (a class or study
group × a subject × a study period) as a grid of students × lessons."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from parta.core.mixins import SchoolContextMixin
from parta.journal.rules import may_read_journal, school_today
from parta.journal.selectors import journal_audiences_for, journal_grid
from parta.journal.views.common import (
    audience_from_url,
    chosen_period,
    study_periods,
    writable_lesson_ids,
)
from parta.journal.views.grid import grid_columns, grid_rows


class JournalIndexView(SchoolContextMixin, TemplateView):
    """The journals (class or group × subject) the user may open."""

    template_name = "journal/index.html"
    required_access = "read"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Class journals")
        context["audiences"] = journal_audiences_for(self.request.user, self.school)
        return context


class JournalGridView(SchoolContextMixin, TemplateView):
    """One journal for one study period; cells are editable where the user may write."""

    template_name = "journal/grid.html"
    required_access = "read"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        audience = audience_from_url(
            self.school, self.kwargs["kind"], self.kwargs["pk"], self.kwargs["subject_id"]
        )
        if not may_read_journal(self.request.user, self.school.pk, audience):
            raise PermissionDenied(_("You do not have permission for this action."))
        today = school_today(self.school)
        periods = study_periods(self.school, audience)
        period = chosen_period(periods, self.request.GET.get("period"), today)
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
            start=period.start_date,
            end=period.end_date,
        )
        writable = writable_lesson_ids(self.request.user, grid.lessons, today)
        context.update(
            grid=grid,
            columns=grid_columns(grid),
            rows=grid_rows(grid, writable),
            editable=bool(writable),
            writable=writable,
        )
        return context
