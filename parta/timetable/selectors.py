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
