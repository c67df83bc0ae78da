"""Messages are asserted by their English msgids (pages through Accept-Language, services
through an activated translation). `aw` is the two-school world with, in each school, a
subject taught to class 5А by its class teacher (the `teacher` user), a week of lessons and one
planned procedure."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from parta.core.context import Actor


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def actor(db: None) -> Actor:
    return Actor.system()


def monday_of(year: Any, weeks: int = 1) -> datetime.date:
    """The Monday `weeks` weeks after the first Monday of the year (clear of holidays)."""
    start = year.start_date
    first = start + datetime.timedelta(days=(7 - start.weekday()) % 7)
    return first + datetime.timedelta(weeks=weeks)


def day_lessons(sw: Any, day: datetime.date, subjects: list[Any], teacher: Any) -> list[Any]:
    """Lessons 1..n of class 5А on `day`, one per subject in order."""
    from parta.core.testing import factories as f

    return [
        f.LessonFactory.create(
            school_class=sw.school_class,
            date=day,
            slot_number=number,
            subject=subject,
            teacher=teacher,
        )
        for number, subject in enumerate(subjects, start=1)
    ]


@pytest.fixture
def aw(world: Any) -> Any:
    from parta.assessments.models import AssessmentProcedure
    from parta.core.testing import factories as f

    world.math = f.federal_subject("Математика")
    world.russian = f.federal_subject("Русский язык")
    world.history = f.federal_subject("История")
    world.procedures = {}
    for sw in (world.a, world.b):
        f.TeachingAssignmentFactory.create(
            school_class=sw.school_class, teacher=sw.class_teacher, subject=world.math
        )
        sw.day = monday_of(sw.year, 2)
        sw.lessons = day_lessons(
            sw, sw.day, [world.russian, world.math, world.history], sw.class_teacher
        )
        world.procedures[sw.school.pk] = AssessmentProcedure.objects.create(
            school=sw.school,
            academic_year=sw.year,
            school_class=sw.school_class,
            subject=world.math,
            date=sw.day,
            lesson=sw.lessons[1],
            title="Контрольная работа №1",
        )
    return world
