from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django_filters import rest_framework as filters

from parta.api.filters import IdFilter, IntegerFilter, SchoolFilterSet
from parta.thematic.models import PlanTopic, ThematicPlan


class ThematicPlanFilter(SchoolFilterSet):
    academic_year = IdFilter(field_name="academic_year_id")
    subject = IdFilter(field_name="subject_id")
    teacher = IdFilter(field_name="teacher_id")
    grade = IntegerFilter()
    school_class = IdFilter(
        method="of_class", help_text="Plans of this class and of its study groups."
    )
    study_group = IdFilter(field_name="study_group_id")
    is_template = filters.BooleanFilter()

    class Meta:
        model = ThematicPlan
        fields = [
            "school",
            "academic_year",
            "subject",
            "teacher",
            "grade",
            "school_class",
            "study_group",
            "is_template",
        ]

    def of_class(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(Q(school_class_id=value) | Q(study_group__school_class_id=value))


class PlanTopicFilter(SchoolFilterSet):
    plan = IdFilter(field_name="plan_id", help_text="Topics of this plan, in plan order.")

    class Meta:
        model = PlanTopic
        fields = ["school", "plan"]
