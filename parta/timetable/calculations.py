"""Pure rules of the timetable (no ORM): when two lessons meet, and whether the lesson times of
a bell schedule are consistent."""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from parta.timetable.choices import ClashKind, WeekParity


def parities_meet(a: str, b: str) -> bool:
    """Every week meets anything; odd and even weeks never meet."""
    return a == WeekParity.EVERY or b == WeekParity.EVERY or a == b


def ranges_meet(
    a_from: datetime.date,
    a_to: datetime.date | None,
    b_from: datetime.date,
    b_to: datetime.date | None,
) -> bool:
    """Closed date ranges, an open end (None) runs to the end of time."""
    return (a_to is None or b_from <= a_to) and (b_to is None or a_from <= b_to)


@dataclass(frozen=True)
class Audience:
    """Who sits in a lesson: a whole class (`class_id`) or a study group (`group_id`).

    `covered_class_ids` are the classes whose whole-class lessons a group's lesson excludes: the
    subgroup's own class, or for a group across a grade every class with a member in it.
    `student_ids` are the group's members over the lesson's dates."""

    class_id: int | None = None
    group_id: int | None = None
    covered_class_ids: frozenset[int] = frozenset()
    student_ids: frozenset[int] = frozenset()


def audience_clash(a: Audience, b: Audience) -> str | None:
    """The kind of clash between the audiences of two lessons at the same time, or None."""
    if a.class_id is not None and b.class_id is not None:
        return ClashKind.CLASS if a.class_id == b.class_id else None
    if a.class_id is not None:
        return ClashKind.GROUP if a.class_id in b.covered_class_ids else None
    if b.class_id is not None:
        return ClashKind.GROUP if b.class_id in a.covered_class_ids else None
    if a.group_id == b.group_id:
        return ClashKind.GROUP
    if a.student_ids & b.student_ids:
        return ClashKind.STUDENTS
    return None


@dataclass(frozen=True)
class Placement:
    """A timetable entry as the clash rules see it."""

    weekday: int
    slot_number: int
    week_parity: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    teacher_id: int
    room_id: int | None
    audience: Audience


def clash_kinds(a: Placement, b: Placement) -> list[str]:
    """Every reason why lessons `a` and `b` cannot both take place (empty: they can)."""
    if (a.weekday, a.slot_number) != (b.weekday, b.slot_number):
        return []
    if not parities_meet(a.week_parity, b.week_parity):
        return []
    if not ranges_meet(a.valid_from, a.valid_to, b.valid_from, b.valid_to):
        return []
    kinds: list[str] = []
    if a.teacher_id == b.teacher_id:
        kinds.append(ClashKind.TEACHER)
    if a.room_id is not None and a.room_id == b.room_id:
        kinds.append(ClashKind.ROOM)
    audience = audience_clash(a.audience, b.audience)
    if audience is not None:
        kinds.append(audience)
    return kinds


@dataclass(frozen=True)
class SlotRow:
    number: int | None
    start_time: datetime.time | None
    end_time: datetime.time | None


def slot_problems(rows: Sequence[SlotRow]) -> dict[int, list[str]]:
    """Problems of the lesson times of one bell schedule, by row index: a lesson must end after
    it starts, numbers are unique, and no two lessons overlap in time."""
    problems: dict[int, list[str]] = {}
    seen: dict[int, int] = {}
    for index, row in enumerate(rows):
        if row.start_time and row.end_time and row.start_time >= row.end_time:
            problems.setdefault(index, []).append(_("A lesson must end after it starts."))
        if row.number is not None:
            if row.number in seen:
                problems.setdefault(index, []).append(
                    _("Lesson number %(number)s appears twice.") % {"number": row.number}
                )
            seen.setdefault(row.number, index)
    timed = sorted(
        (
            (row.start_time, row.end_time, index)
            for index, row in enumerate(rows)
            if row.start_time and row.end_time and row.start_time < row.end_time
        ),
        key=lambda item: item[0],
    )
    latest_end: datetime.time | None = None
    for start, end, index in timed:
        if latest_end is not None and start < latest_end:
            problems.setdefault(index, []).append(
                _("The lesson overlaps another lesson of the schedule in time.")
            )
        latest_end = end if latest_end is None else max(latest_end, end)
    return problems


#: The school day of the 2025 sanitary recommendations: lessons from 08:00 to 19:00.
DAY_START = datetime.time(8, 0)
DAY_END = datetime.time(19, 0)
MAX_LESSON_MINUTES = 45


def slot_warnings(rows: Sequence[SlotRow]) -> list[str]:
    """Advice that does not block saving: lessons outside 08:00–19:00, lessons over 45 minutes."""
    warnings: list[str] = []
    for row in rows:
        if row.number is None or row.start_time is None or row.end_time is None:
            continue
        if row.start_time < DAY_START or row.end_time > DAY_END:
            warnings.append(
                _("Lesson %(number)s lies outside the school day of 08:00–19:00.")
                % {"number": row.number}
            )
        minutes = (row.end_time.hour * 60 + row.end_time.minute) - (
            row.start_time.hour * 60 + row.start_time.minute
        )
        if minutes > MAX_LESSON_MINUTES:
            warnings.append(
                _("Lesson %(number)s lasts %(minutes)s minutes (more than 45).")
                % {"number": row.number, "minutes": minutes}
            )
    return warnings


def week_parity_of(day: datetime.date, year_start: datetime.date) -> str:
    """Odd or even week of the academic year: the week holding the year's first day is week 1
    (odd), counted Monday to Sunday."""
    first_monday = year_start - datetime.timedelta(days=year_start.weekday())
    week = (day - first_monday).days // 7 + 1
    return WeekParity.ODD if week % 2 else WeekParity.EVEN


@dataclass(frozen=True)
class EntryDays:
    """A timetable entry as lesson generation sees it."""

    weekday: int
    week_parity: str
    valid_from: datetime.date
    valid_to: datetime.date | None


def entry_dates(
    entry: EntryDays,
    start: datetime.date,
    end: datetime.date,
    *,
    year_start: datetime.date,
    closed: frozenset[datetime.date] | set[datetime.date] = frozenset(),
) -> list[datetime.date]:
    """The dates in [start, end] on which `entry` gives a lesson: its weekday, within its own
    dates, in weeks of its parity, not on a `closed` day (holidays)."""
    first = max(start, entry.valid_from)
    last = end if entry.valid_to is None else min(end, entry.valid_to)
    if first > last:
        return []
    day = first + datetime.timedelta(days=(entry.weekday - 1 - first.weekday()) % 7)
    dates: list[datetime.date] = []
    while day <= last:
        if day not in closed and (
            entry.week_parity == WeekParity.EVERY
            or week_parity_of(day, year_start) == entry.week_parity
        ):
            dates.append(day)
        day += datetime.timedelta(days=7)
    return dates


def days_between(start: datetime.date, end: datetime.date) -> set[datetime.date]:
    """Every date of the closed range [start, end]."""
    return {start + datetime.timedelta(days=n) for n in range((end - start).days + 1)}


@dataclass(frozen=True)
class WeeklyLesson:
    """A timetable entry as the hours check sees it."""

    week_parity: str
    valid_from: datetime.date
    valid_to: datetime.date | None


def weekly_hours(lesson: WeeklyLesson) -> Decimal:
    """An entry of every week gives one hour a week; an entry of odd or even weeks gives half."""
    return Decimal("1") if lesson.week_parity == WeekParity.EVERY else Decimal("0.5")


def peak_weekly_hours(
    lessons: Sequence[WeeklyLesson], start: datetime.date, end: datetime.date | None
) -> Decimal:
    """The most hours a week that `lessons` give together on any day of [start, end]: entries
    that follow one another (a timetable copied to a new period) do not add up."""
    moments = {start} | {
        lesson.valid_from
        for lesson in lessons
        if lesson.valid_from > start and (end is None or lesson.valid_from <= end)
    }
    peak = Decimal("0")
    for day in moments:
        total = sum(
            (
                weekly_hours(lesson)
                for lesson in lessons
                if lesson.valid_from <= day and (lesson.valid_to is None or day <= lesson.valid_to)
            ),
            Decimal("0"),
        )
        peak = max(peak, total)
    return peak


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of the week holding `day`."""
    return day - datetime.timedelta(days=day.weekday())


@dataclass(frozen=True)
class ChangeRow:
    """A lesson as the substitutions and cancellations report sees it."""

    #: Teachers are told apart by a key that holds more than the name (two namesakes in one
    #: school stay two rows): the selector passes (full name, staff id).
    teacher: Hashable
    subject: str
    substitute: Hashable | None
    cancelled: bool


@dataclass
class ChangeCounts:
    replaced: int = 0
    substituting: int = 0
    cancelled: int = 0


def change_counts(
    rows: Sequence[ChangeRow],
) -> tuple[dict[Any, ChangeCounts], dict[str, ChangeCounts]]:
    """Counts per teacher (lessons where they were replaced, lessons they substituted in, their
    lessons cancelled) and per subject (substituted as `replaced`, cancelled), names sorted."""
    teachers: dict[Any, ChangeCounts] = {}
    subjects: dict[str, ChangeCounts] = {}
    for row in rows:
        own = teachers.setdefault(row.teacher, ChangeCounts())
        subject = subjects.setdefault(row.subject, ChangeCounts())
        if row.cancelled:
            own.cancelled += 1
            subject.cancelled += 1
        elif row.substitute is not None:
            own.replaced += 1
            subject.replaced += 1
            teachers.setdefault(row.substitute, ChangeCounts()).substituting += 1
    return dict(sorted(teachers.items())), dict(sorted(subjects.items()))
