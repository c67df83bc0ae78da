"""Messages are asserted by their English msgids, so these tests run in English whatever
Russian catalogs exist: pages through the Accept-Language header, services through an
activated translation."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    return Client(headers={"accept-language": "en"})


class Timetable:
    """One school's timetable material: grade 5 classes 5А and 5Б, two subgroups of 5А, two
    groups across grade 5, teachers, rooms, and the default seven-lesson bell schedule."""

    def __init__(self) -> None:
        from parta.core.testing import factories as f

        self.period_set = f.PeriodSetFactory.create()
        self.year = self.period_set.academic_year
        self.school = self.year.school
        self.bells = f.BellScheduleFactory.create(academic_year=self.year, name="Основное")
        self.c5a = f.SchoolClassFactory.create(period_set=self.period_set, grade=5, letter="А")
        self.c5b = f.SchoolClassFactory.create(period_set=self.period_set, grade=5, letter="Б")
        self.t1 = f.StaffMemberFactory.create(
            school=self.school,
            person__last_name="Иванова",
            person__first_name="Анна",
            person__patronymic="Петровна",
        )
        self.t2 = f.StaffMemberFactory.create(school=self.school, person__last_name="Петров")
        self.r1 = f.RoomFactory.create(school=self.school, number="204")
        self.r2 = f.RoomFactory.create(school=self.school, number="205")
        start = self.year.start_date
        self.s1, self.s2 = (
            f.EnrollmentFactory.create(school_class=self.c5a).student for _ in range(2)
        )
        self.s3 = f.EnrollmentFactory.create(school_class=self.c5b).student
        self.g1 = self._group("5А англ. 1", self.c5a, [self.s1])
        self.g2 = self._group("5А англ. 2", self.c5a, [self.s2])
        self.cross_b = self._group("5 проф. (Б)", None, [self.s3])
        self.cross_a = self._group("5 проф. (А)", None, [self.s1])
        self.subject = f.federal_subject()
        self.start = start

    def _group(self, name: str, school_class: Any, students: list[Any]) -> Any:
        from parta.core.testing import factories as f
        from parta.people.models import StudyGroupMembership

        if school_class is not None:
            group = f.StudyGroupFactory.create(school_class=school_class, name=name)
        else:
            group = f.StudyGroupFactory.create(
                school_class=None,
                school=self.school,
                academic_year=self.year,
                kind="cross_class",
                grade=5,
                name=name,
            )
        for student in students:
            StudyGroupMembership.objects.create(
                school=self.school, group=group, student=student, start_date=self.year.start_date
            )
        return group

    def entry(self, **kwargs: Any) -> Any:
        from parta.timetable.models import TimetableEntry

        values: dict[str, Any] = {
            "school": self.school,
            "academic_year": self.year,
            "weekday": 2,
            "slot_number": 3,
            "subject": self.subject,
            "teacher": self.t1,
            "week_parity": "every",
            "valid_from": self.year.start_date,
        }
        values.update(kwargs)
        if "study_group" not in values and "school_class" not in values:
            values["school_class"] = self.c5a
        return TimetableEntry(**values)


@pytest.fixture
def tt(db: None) -> Timetable:
    return Timetable()
