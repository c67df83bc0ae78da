"""Reads of people, classes and groups for pages and the API."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from parta.organizations.models import AcademicYear, Organization
from parta.people.models import Enrollment, SchoolClass, StaffMember, Student


def current_year(school: Organization, day: datetime.date | None = None) -> AcademicYear | None:
    """The academic year containing `day` (today), else the latest one."""
    day = day or timezone.localdate()
    years = AcademicYear.objects.filter(school=school)
    return (
        years.filter(start_date__lte=day, end_date__gte=day).first()
        or years.order_by("-start_date").first()
    )


def class_list(school: Organization, year: AcademicYear | None) -> Any:
    """Classes of a year with class teacher, room and the number of students enrolled today."""
    today = timezone.localdate()
    active = Q(enrollments__start_date__lte=today) & (
        Q(enrollments__end_date__isnull=True) | Q(enrollments__end_date__gte=today)
    )
    qs = SchoolClass.objects.filter(school=school)
    if year is not None:
        qs = qs.filter(academic_year=year)
    return qs.select_related("class_teacher__person", "home_room", "academic_year").annotate(
        student_count=Count("enrollments", filter=active, distinct=True)
    )


def class_roster(school_class: SchoolClass, day: datetime.date | None = None) -> list[Student]:
    """Students enrolled in the class on `day`, in alphabetical order."""
    day = day or timezone.localdate()
    return list(
        Student.objects.filter(
            enrollments__school_class=school_class, enrollments__start_date__lte=day
        )
        .filter(Q(enrollments__end_date__isnull=True) | Q(enrollments__end_date__gte=day))
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
        .distinct()
    )


def current_classes(
    students: list[Student], day: datetime.date | None = None
) -> dict[int, SchoolClass]:
    """Student id → the class they are enrolled in on `day`, in one query."""
    day = day or timezone.localdate()
    rows = (
        Enrollment.objects.filter(student__in=students)
        .active_on(day)
        .select_related("school_class__class_teacher__person")
    )
    return {row.student_id: row.school_class for row in rows}


def school_counts(school_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per school: classes this year, students enrolled today, active staff (three queries)."""
    today = timezone.localdate()
    counts: dict[int, dict[str, int]] = defaultdict(
        lambda: {"classes": 0, "students": 0, "staff": 0}
    )
    for row in (
        SchoolClass.objects.filter(
            school_id__in=school_ids,
            academic_year__start_date__lte=today,
            academic_year__end_date__gte=today,
        )
        .values("school_id")
        .annotate(n=Count("pk"))
    ):
        counts[row["school_id"]]["classes"] = row["n"]
    for row in (
        Enrollment.objects.filter(school_id__in=school_ids)
        .active_on(today)
        .values("school_id")
        .annotate(n=Count("student_id", distinct=True))
    ):
        counts[row["school_id"]]["students"] = row["n"]
    for row in (
        StaffMember.objects.filter(school_id__in=school_ids)
        .active()
        .values("school_id")
        .annotate(n=Count("pk"))
    ):
        counts[row["school_id"]]["staff"] = row["n"]
    return counts


def staff_with_positions(school: Organization) -> Any:
    return (
        StaffMember.objects.filter(school=school)
        .select_related("person")
        .prefetch_related(Prefetch("positions"))
    )
