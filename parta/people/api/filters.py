"""Query filters of the people, class and group endpoints."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django_filters import rest_framework as filters

from parta.api.filters import IdFilter, IntegerFilter, SchoolFilterSet, filter_search
from parta.core.validation import active_on
from parta.people.choices import StudyGroupKind
from parta.people.models import (
    Enrollment,
    Guardianship,
    SchoolClass,
    StaffMember,
    Student,
    StudyGroup,
)

_NAME_FIELDS = ("person__last_name", "person__first_name", "person__patronymic")


class SchoolClassFilter(SchoolFilterSet):
    academic_year = IdFilter(field_name="academic_year_id")
    grade = IntegerFilter()
    class_teacher = IdFilter(field_name="class_teacher_id", help_text="A staff member's id.")
    current = filters.BooleanFilter(
        method="filter_current", help_text="true: only classes of the year that contains today."
    )

    class Meta:
        model = SchoolClass
        fields = ["school", "academic_year", "grade", "class_teacher", "current"]

    def filter_current(self, queryset: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        today = timezone.localdate()
        condition = {
            "academic_year__start_date__lte": today,
            "academic_year__end_date__gte": today,
        }
        return queryset.filter(**condition) if value else queryset.exclude(**condition)


class StudyGroupFilter(SchoolFilterSet):
    academic_year = IdFilter(field_name="academic_year_id")
    school_class = IdFilter(field_name="school_class_id")
    grade = IntegerFilter()
    subject = IdFilter(field_name="subject_id")
    kind = filters.ChoiceFilter(choices=StudyGroupKind.choices)

    class Meta:
        model = StudyGroup
        fields = ["school", "academic_year", "school_class", "grade", "subject", "kind"]


class StaffMemberFilter(SchoolFilterSet):
    position = IdFilter(field_name="positions", help_text="A position's id.")
    is_active = filters.BooleanFilter(
        field_name="dismissal_date", lookup_expr="isnull", help_text="false: dismissed staff."
    )
    search = filters.CharFilter(
        method=filter_search(_NAME_FIELDS), help_text="Words to find in the full name."
    )

    class Meta:
        model = StaffMember
        fields = ["school", "position", "is_active", "search"]


def _enrolled_today(**condition: Any) -> QuerySet[Any]:
    return Enrollment.objects.filter(active_on(""), **condition).values("student_id")


class StudentFilter(SchoolFilterSet):
    school_class = IdFilter(
        method="filter_school_class", help_text="Students enrolled in this class today."
    )
    grade = IntegerFilter(
        method="filter_grade", help_text="Students enrolled in a class of this grade today."
    )
    search = filters.CharFilter(
        method=filter_search(_NAME_FIELDS), help_text="Words to find in the full name."
    )

    class Meta:
        model = Student
        fields = ["school", "school_class", "grade", "search"]

    def filter_school_class(self, queryset: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        return queryset.filter(pk__in=_enrolled_today(school_class_id=value))

    def filter_grade(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(pk__in=_enrolled_today(school_class__grade=value))


class GuardianshipFilter(SchoolFilterSet):
    student = IdFilter(field_name="student_id")

    class Meta:
        model = Guardianship
        fields = ["school", "student"]


class EnrollmentFilter(SchoolFilterSet):
    student = IdFilter(field_name="student_id")
    school_class = IdFilter(field_name="school_class_id")
    active = filters.BooleanFilter(
        method="filter_active", help_text="true: only rows in force today."
    )

    class Meta:
        model = Enrollment
        fields = ["school", "student", "school_class", "active"]

    def filter_active(self, queryset: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        condition = active_on("")
        return queryset.filter(condition) if value else queryset.exclude(condition)
