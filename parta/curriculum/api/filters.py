from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django_filters import rest_framework as filters

from parta.api.filters import IdFilter, SchoolFilterSet, filter_search
from parta.curriculum.models import Curriculum, CurriculumItem, Subject, TeachingAssignment


class SubjectFilter(filters.FilterSet):
    school = IdFilter(
        method="filter_school",
        help_text="The federal catalogue plus this school's own subjects.",
    )
    federal = filters.BooleanFilter(
        field_name="school", lookup_expr="isnull", help_text="true: only the federal catalogue."
    )
    is_active = filters.BooleanFilter()
    search = filters.CharFilter(method=filter_search(("name", "short_name", "code")))

    class Meta:
        model = Subject
        fields = ["school", "federal", "is_active", "search"]

    def filter_school(self, queryset: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        return queryset.filter(Q(school__isnull=True) | Q(school_id=value))


class CurriculumFilter(SchoolFilterSet):
    academic_year = IdFilter(field_name="academic_year_id")
    grade = IdFilter(field_name="grade")
    school_class = IdFilter(field_name="school_class_id")

    class Meta:
        model = Curriculum
        fields = ["school", "academic_year", "grade", "school_class"]


class CurriculumItemFilter(SchoolFilterSet):
    curriculum = IdFilter(field_name="curriculum_id")
    subject = IdFilter(field_name="subject_id")

    class Meta:
        model = CurriculumItem
        fields = ["school", "curriculum", "subject"]


class TeachingAssignmentFilter(SchoolFilterSet):
    academic_year = IdFilter(field_name="academic_year_id")
    teacher = IdFilter(field_name="teacher_id")
    subject = IdFilter(field_name="subject_id")
    school_class = IdFilter(
        method="filter_class", help_text="Rows of the class and of its subgroups."
    )
    study_group = IdFilter(field_name="study_group_id")

    class Meta:
        model = TeachingAssignment
        fields = ["school", "academic_year", "teacher", "subject", "school_class", "study_group"]

    def filter_class(self, queryset: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        return queryset.filter(Q(school_class_id=value) | Q(study_group__school_class_id=value))
