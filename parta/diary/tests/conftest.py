"""Fixtures of the diary tests: messages in English (tests assert the msgids), and a student of
the two-school world with a week of lessons, assignments, marks and attendance.

`diary_week` (a `DiaryRig`) holds, for school A's class 5А and its student `world.a.student`:
a week from `rig.monday` (the third Monday of the year), Monday–Friday, `per_day` lessons a
day, each with a class-work assignment marked «5» for the student, Monday's first lesson also
with a homework due on Wednesday, an absence («н») on Tuesday's first lesson. Time is frozen at
noon of the week's Wednesday. `rig.add_week(...)` builds more lessons."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from parta.core.testing import factories as f
from parta.core.testing.world import SchoolWorld, World


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


SUBJECTS = ("Математика", "Русский язык", "Литература", "Биология", "История", "География")


@dataclass
class DiaryRig:
    world: World
    sw: SchoolWorld
    monday: datetime.date
    work_type: Any
    homework_type: Any
    lessons: list[Any] = field(default_factory=list)
    marks: list[Any] = field(default_factory=list)

    @property
    def school(self) -> Any:
        return self.sw.school

    @property
    def student(self) -> Any:
        return self.sw.student

    def noon(self, day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(12), ZoneInfo(self.school.timezone))

    def lesson(self, day: datetime.date, number: int = 1, **kwargs: Any) -> Any:
        values: dict[str, Any] = {
            "school_class": self.sw.school_class,
            "teacher": self.sw.class_teacher,
            "subject": f.federal_subject(SUBJECTS[number % len(SUBJECTS)]),
            "date": day,
            "slot_number": number,
            "school": self.school,
            "academic_year": self.sw.year,
            "room": self.sw.room,
        }
        values.update(kwargs)
        lesson = f.LessonFactory.create(**values)
        self.lessons.append(lesson)
        return lesson

    def add_week(
        self, monday: datetime.date, per_day: int, days: int = 5, marks: bool = True
    ) -> None:
        """`per_day` lessons on each of `days` days from `monday`, each with a class-work
        assignment and (with `marks`) the student's «5» and the other student's «4»."""
        for offset in range(days):
            day = monday + datetime.timedelta(days=offset)
            for number in range(1, per_day + 1):
                lesson = self.lesson(day, number, topic=f"Тема {number}", note="личная заметка")
                assignment = f.AssignmentFactory.create(
                    lesson=lesson, work_type=self.work_type, title=f"Работа {number}"
                )
                if marks:
                    self.marks.append(
                        f.MarkFactory.create(assignment=assignment, student=self.student, value="5")
                    )
                    f.MarkFactory.create(
                        assignment=assignment, student=self.sw.other_student, value="4"
                    )


def make_rig(world: World, per_day: int = 2) -> DiaryRig:
    sw = world.a
    start = sw.year.start_date
    monday = start + datetime.timedelta(days=(7 - start.weekday()) % 7 + 14)
    rig = DiaryRig(
        world=world,
        sw=sw,
        monday=monday,
        work_type=f.WorkTypeFactory.create(
            school=sw.school, name="Работа на уроке", abbreviation="РУ", weight=Decimal("2")
        ),
        homework_type=f.WorkTypeFactory.create(
            school=sw.school,
            name="Домашнее задание",
            abbreviation="ДЗ",
            weight=Decimal("1"),
            is_homework=True,
        ),
    )
    rig.add_week(monday, per_day)
    first = rig.lessons[0]
    f.AssignmentFactory.create(
        lesson=first,
        work_type=rig.homework_type,
        title="Упражнение 12",
        text="Стр. 34, №1–5",
        due_date=monday + datetime.timedelta(days=2),
    )
    tuesday_first = next(
        lesson for lesson in rig.lessons if lesson.date == monday + datetime.timedelta(days=1)
    )
    f.AttendanceMarkFactory.create(lesson=tuesday_first, student=rig.student, code="н")
    return rig


@pytest.fixture
def diary_week(world: World) -> Iterator[DiaryRig]:
    rig = make_rig(world)
    with time_machine.travel(rig.noon(rig.monday + datetime.timedelta(days=2)), tick=False):
        yield rig
