"""What every plan page shares: who may read the plans of the school, the plan of the URL (of
this school, else 404) and whether the user may change it (else 403)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import formats
from django.utils.translation import gettext as _

from parta.core.mixins import SchoolContextMixin
from parta.thematic.models import ThematicPlan
from parta.thematic.rules import can_edit_plan, can_read_plans, can_write_plans
from parta.thematic.selectors import plan_detail


def fmt_hours(value: Any) -> str:
    """Hours as the locale writes them, without a trailing ",0" (5, 0,5, 17)."""
    if value is None:
        return "—"
    number = Decimal(value)
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number
    return formats.number_format(number)


def fmt_diff(value: Any) -> str:
    if value is None:
        return "—"
    text = fmt_hours(value)
    return f"+{text}" if Decimal(value) > 0 else text


def plan_of(school: Any, pk: Any, user: Any, *, edit: bool) -> ThematicPlan:
    """The plan `pk` of the school (else 404); with `edit`, only for its editors (else 403)."""
    plan = plan_detail(ThematicPlan.objects.for_school(school)).filter(pk=pk).first()
    if plan is None:
        raise Http404(_("Record not found."))
    if edit and not can_edit_plan(user, plan):
        raise PermissionDenied(_("You may not change this plan."))
    return plan


class PlansMixin(SchoolContextMixin):
    """Pages of the school's plans: staff of the school and municipal specialists."""

    required_access = "read"

    def has_school_access(self) -> bool:
        return super().has_school_access() and can_read_plans(self.request.user, self.school.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_write_plans"] = can_write_plans(self.request.user, self.school.pk)
        return context


class PlanMixin(PlansMixin):
    """A page of one plan (`pk` in the URL). `edit = True` pages refuse readers with 403."""

    edit = False
    plan: ThematicPlan

    def load_plan(self) -> ThematicPlan:
        self.plan = plan_of(self.school, self.kwargs["pk"], self.request.user, edit=self.edit)
        return self.plan

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["plan"] = self.plan
        context["can_edit"] = can_edit_plan(self.request.user, self.plan)
        return context


class WritePlansMixin(PlansMixin):
    """Creating plans: the administration and the teachers of the school."""

    def has_school_access(self) -> bool:
        return super().has_school_access() and can_write_plans(self.request.user, self.school.pk)
