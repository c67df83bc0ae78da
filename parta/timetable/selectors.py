"""Reads of the timetable: the weekly grids of a class, a teacher and a room."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from parta.organizations.models import AcademicYear
from parta.people.choices import StudyGroupKind
from parta.people.models import SchoolClass
from parta.timetable.choices import Weekday
from parta.timetable.models import BellSchedule, ClassBellSchedule, Slot, TimetableEntry
from parta.timetable.querysets import LessonQuerySet

WEEKDAYS = list(Weekday)


def in_force_on(day: datetime.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def _entries(qs: QuerySet[TimetableEntry]) -> QuerySet[TimetableEntry]:
    return qs.select_related(
        "school_class", "study_group", "subject", "teacher__person", "room"
    ).order_by("weekday", "slot_number", "study_group__name", "pk")


def class_entries(school_class: SchoolClass, day: datetime.date) -> QuerySet[TimetableEntry]:
    """Lessons of the class on the week of `day`: whole-class lessons, lessons of its
    subgroups, and lessons of the groups across its grade."""
    audience = (
        Q(school_class=school_class)
        | Q(study_group__school_class=school_class)
        | Q(
            study_group__kind=StudyGroupKind.CROSS_CLASS,
            study_group__grade=school_class.grade,
            study_group__academic_year_id=school_class.academic_year_id,
        )
    )
    return _entries(
        TimetableEntry.objects.filter(audience, in_force_on(day), school_id=school_class.school_id)
    )


def teacher_entries(
    school_id: int, teacher_id: int, day: datetime.date
) -> QuerySet[TimetableEntry]:
    return _entries(
        TimetableEntry.objects.filter(in_force_on(day), school_id=school_id, teacher_id=teacher_id)
    )


def room_entries(school_id: int, room_id: int, day: datetime.date) -> QuerySet[TimetableEntry]:
    return _entries(
        TimetableEntry.objects.filter(in_force_on(day), school_id=school_id, room_id=room_id)
    )


def class_bell_schedule(school_class: SchoolClass) -> BellSchedule | None:
    choice = (
        ClassBellSchedule.objects.filter(school_class=school_class)
        .select_related("bell_schedule")
        .first()
    )
    if choice is not None:
        return choice.bell_schedule
    return default_bell_schedule(school_class.school_id, school_class.academic_year_id)


def default_bell_schedule(school_id: int, year_id: int | None) -> BellSchedule | None:
    return BellSchedule.objects.filter(
        school_id=school_id, academic_year_id=year_id, is_default=True
    ).first()


@dataclass
class GridRow:
    number: int
    slot: Slot | None
    cells: list[tuple[int, list[TimetableEntry]]] = field(default_factory=list)


def grid(entries: list[TimetableEntry], schedule: BellSchedule | None) -> list[GridRow]:
    """Rows of lesson numbers (those of the schedule and any used by an entry) × weekday
    columns, each cell with its entries."""
    slots = {slot.number: slot for slot in schedule.slots.all()} if schedule else {}
    numbers = set(slots) | {entry.slot_number for entry in entries}
    by_cell: dict[tuple[int, int], list[TimetableEntry]] = {}
    for entry in entries:
        by_cell.setdefault((entry.weekday, entry.slot_number), []).append(entry)
    return [
        GridRow(
            number=number,
            slot=slots.get(number),
            cells=[(day.value, by_cell.get((day.value, number), [])) for day in WEEKDAYS],
        )
        for number in sorted(numbers)
    ]


def year_of(school: Any, day: datetime.date | None) -> AcademicYear | None:
    from parta.people.selectors import current_year

    return current_year(school, day)


# --- dated lessons ---------------------------------------------------------------------------
SCHOOL_DAYS = 6


def week_days(monday: datetime.date) -> list[datetime.date]:
    return [monday + datetime.timedelta(days=n) for n in range(SCHOOL_DAYS)]


def _lessons(school_id: int) -> LessonQuerySet:
    from parta.timetable.models import Lesson

    lessons: LessonQuerySet = Lesson.objects.filter(school_id=school_id)
    return lessons.with_details()


def class_lessons(school_class: SchoolClass, start: datetime.date, end: datetime.date) -> Any:
    """Lessons of the class between two dates: whole-class lessons, lessons of its subgroups,
    lessons of the groups across its grade."""
    audience = (
        Q(school_class=school_class)
        | Q(study_group__school_class=school_class)
        | Q(
            study_group__kind=StudyGroupKind.CROSS_CLASS,
            study_group__grade=school_class.grade,
            study_group__academic_year_id=school_class.academic_year_id,
        )
    )
    return (
        _lessons(school_class.school_id)
        .filter(audience)
        .between(start, end)
        .order_by("date", "slot_number", "study_group__name", "pk")
    )


def teacher_lessons(
    school_id: int, teacher_id: int, start: datetime.date, end: datetime.date
) -> Any:
    """The teacher's own lessons (also those a substitute gives) and the lessons they
    substitute in."""
    return (
        _lessons(school_id)
        .filter(Q(teacher_id=teacher_id) | Q(substitution__teacher_id=teacher_id))
        .between(start, end)
        .order_by("date", "slot_number", "pk")
    )


def day_lessons(school_id: int, day: datetime.date) -> Any:
    return (
        _lessons(school_id)
        .filter(date=day)
        .order_by(
            "slot_number", "school_class__grade", "school_class__letter", "study_group__name", "pk"
        )
    )


def changed_lessons(school_id: int, start: datetime.date, end: datetime.date) -> Any:
    """Lessons with a substitute or cancelled, between two dates."""
    from parta.timetable.choices import LessonStatus

    return (
        _lessons(school_id)
        .filter(Q(substitution__isnull=False) | Q(status=LessonStatus.CANCELLED))
        .between(start, end)
        .order_by("date", "slot_number", "pk")
    )


@dataclass
class WeekRow:
    number: int
    slot: Slot | None
    cells: list[tuple[datetime.date, list[Any]]] = field(default_factory=list)


def week_grid(
    lessons: list[Any], monday: datetime.date, schedule: BellSchedule | None
) -> list[WeekRow]:
    """Rows of lesson numbers (those of the schedule and any used by a lesson) × the six school
    days of the week, each cell with its lessons."""
    slots = {slot.number: slot for slot in schedule.slots.all()} if schedule else {}
    numbers = set(slots) | {lesson.slot_number for lesson in lessons}
    by_cell: dict[tuple[datetime.date, int], list[Any]] = {}
    for lesson in lessons:
        by_cell.setdefault((lesson.date, lesson.slot_number), []).append(lesson)
    days = week_days(monday)
    return [
        WeekRow(
            number=number,
            slot=slots.get(number),
            cells=[(day, by_cell.get((day, number), [])) for day in days],
        )
        for number in sorted(numbers)
    ]


def bell_days(school_id: int, year_id: int | None) -> Any:
    from parta.timetable.models import BellScheduleDay

    days = BellScheduleDay.objects.filter(school_id=school_id).select_related("bell_schedule")
    if year_id is not None:
        days = days.filter(bell_schedule__academic_year_id=year_id)
    return days.order_by("date")


@dataclass
class ChangesReport:
    start: datetime.date
    end: datetime.date
    lessons: list[Any]
    teachers: list[tuple[str, Any]]
    subjects: list[tuple[str, Any]]


def changes_report(school_id: int, start: datetime.date, end: datetime.date) -> ChangesReport:
    """Substitutions and cancellations between two dates: every such lesson and the counts per
    teacher and per subject. One query."""
    from parta.timetable.calculations import ChangeRow, change_counts

    lessons = list(changed_lessons(school_id, start, end))
    rows = [
        ChangeRow(
            teacher=(lesson.teacher.person.full_name, lesson.teacher_id),
            subject=lesson.subject.name,
            substitute=(
                (lesson.substitution.teacher.person.full_name, lesson.substitution.teacher_id)
                if lesson.status != "cancelled" and substitution_of(lesson) is not None
                else None
            ),
            cancelled=lesson.status == "cancelled",
        )
        for lesson in lessons
    ]
    teachers, subjects = change_counts(rows)
    return ChangesReport(
        start=start,
        end=end,
        lessons=lessons,
        teachers=[(name, counts) for (name, _staff_id), counts in teachers.items()],
        subjects=list(subjects.items()),
    )


def substitution_of(lesson: Any) -> Any:
    from parta.timetable.models import Substitution

    try:
        return lesson.substitution
    except Substitution.DoesNotExist:
        return None


def year_periods(year: AcademicYear | None) -> list[Any]:
    """The study periods of the year's period sets (quarters, half-years…), by set and number."""
    from parta.organizations.models import StudyPeriod

    if year is None:
        return []
    return list(
        StudyPeriod.objects.filter(period_set__academic_year=year)
        .select_related("period_set")
        .order_by("period_set__name", "number")
    )
