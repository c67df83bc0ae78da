from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django_filters import rest_framework as filters

from parta.api.filters import IdFilter, IntegerFilter, SchoolFilterSet
from parta.timetable.choices import LessonStatus
from parta.timetable.models import (
    BellSchedule,
    BellScheduleDay,
    Lesson,
    Substitution,
    TimetableEntry,
)


class BellScheduleFilter(SchoolFilterSet):
    academic_year = IdFilter(field_name="academic_year_id")

    class Meta:
        model = BellSchedule
        fields = ["school", "academic_year"]


class TimetableEntryFilter(SchoolFilterSet):
    academic_year = IdFilter(field_name="academic_year_id")
    school_class = IdFilter(
        field_name="school_class_id", help_text="Whole-class lessons of this class."
    )
    study_group = IdFilter(field_name="study_group_id")
    teacher = IdFilter(field_name="teacher_id")
    room = IdFilter(field_name="room_id")
    weekday = IntegerFilter(help_text="1 = Monday … 6 = Saturday.")
    date = filters.DateFilter(method="in_force_on", help_text="Only lessons in force on this day.")

    class Meta:
        model = TimetableEntry
        fields = [
            "school",
            "academic_year",
            "school_class",
            "study_group",
            "teacher",
            "room",
            "weekday",
            "date",
        ]

    def in_force_on(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(
            Q(valid_from__lte=value) & (Q(valid_to__isnull=True) | Q(valid_to__gte=value))
        )


class LessonFilter(SchoolFilterSet):
    academic_year = IdFilter(field_name="academic_year_id")
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")
    school_class = IdFilter(
        method="of_class", help_text="Lessons of this class: whole-class and its subgroups'."
    )
    study_group = IdFilter(field_name="study_group_id")
    teacher = IdFilter(
        method="of_teacher", help_text="Lessons the teacher gives or substitutes in."
    )
    status = filters.ChoiceFilter(choices=LessonStatus.choices)

    class Meta:
        model = Lesson
        fields = [
            "school",
            "academic_year",
            "date_from",
            "date_to",
            "school_class",
            "study_group",
            "teacher",
            "status",
        ]

    def of_class(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(Q(school_class_id=value) | Q(study_group__school_class_id=value))

    def of_teacher(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(Q(teacher_id=value) | Q(substitution__teacher_id=value))


class SubstitutionFilter(SchoolFilterSet):
    date_from = filters.DateFilter(field_name="lesson__date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="lesson__date", lookup_expr="lte")
    teacher = IdFilter(field_name="teacher_id", help_text="The substitute.")

    class Meta:
        model = Substitution
        fields = ["school", "date_from", "date_to", "teacher"]


class BellScheduleDayFilter(SchoolFilterSet):
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = BellScheduleDay
        fields = ["school", "date_from", "date_to"]
