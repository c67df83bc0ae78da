"""Querysets of thematic plans: `for_school`, and the `visible_to` / `editable_by` twins of the
predicates in `parta.thematic.rules` (the same conditions, as SQL)."""

from __future__ import annotations

from typing import Any

from django.db import models


class ThematicPlanQuerySet(models.QuerySet[Any]):
    def for_school(self, school: Any) -> ThematicPlanQuerySet:
        return self.filter(school=school)

    def visible_to(self, user: Any) -> ThematicPlanQuerySet:
        from parta.thematic.rules import plan_read_q

        return self.filter(plan_read_q(user))

    def editable_by(self, user: Any) -> ThematicPlanQuerySet:
        from parta.thematic.rules import plan_edit_q

        return self.filter(plan_edit_q(user))

    def templates(self) -> ThematicPlanQuerySet:
        return self.filter(is_template=True)

    def working(self) -> ThematicPlanQuerySet:
        return self.filter(is_template=False)


class PlanTopicQuerySet(models.QuerySet[Any]):
    def for_school(self, school: Any) -> PlanTopicQuerySet:
        return self.filter(school=school)

    def visible_to(self, user: Any) -> PlanTopicQuerySet:
        from parta.thematic.rules import plan_read_q

        return self.filter(plan_read_q(user, prefix="plan__"))

    def editable_by(self, user: Any) -> PlanTopicQuerySet:
        from parta.thematic.rules import plan_edit_q

        return self.filter(plan_edit_q(user, prefix="plan__"))
