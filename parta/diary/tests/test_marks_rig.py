"""Material for the marks page tests (no tests here): dated lessons of the world's class 5А in a
subject, assignments of chosen work types, marks; noon of a school day for `time_machine`."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from parta.core.testing import factories as f
from parta.core.testing.world import SchoolWorld


def noon(sw: SchoolWorld, day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), ZoneInfo(sw.school.timezone))


def day_of(sw: SchoolWorld, offset: int) -> datetime.date:
    """A school day `offset` days after the start of the world's year (Q1 is Sep 1 – Oct 24,
    Q2 Nov 5 – Dec 28)."""
    return sw.year.start_date + datetime.timedelta(days=offset)


def work_type(sw: SchoolWorld, name: str, weight: str, **extra: Any) -> Any:
    return f.WorkTypeFactory.create(
        school=sw.school, name=name, abbreviation=name[:3], weight=Decimal(weight), **extra
    )


def lesson(sw: SchoolWorld, day: datetime.date, subject: Any = None, **extra: Any) -> Any:
    values: dict[str, Any] = {
        "school_class": sw.school_class,
        "school": sw.school,
        "academic_year": sw.year,
        "teacher": sw.class_teacher,
        "date": day,
        "subject": subject if subject is not None else f.federal_subject(),
    }
    values.update(extra)
    return f.LessonFactory.create(**values)


def assignment(sw: SchoolWorld, day: datetime.date, kind: Any, **extra: Any) -> Any:
    subject = extra.pop("subject", None)
    lesson_extra = extra.pop("lesson_extra", {})
    return f.AssignmentFactory.create(
        lesson=lesson(sw, day, subject, **lesson_extra), work_type=kind, **extra
    )


def mark(sw: SchoolWorld, day: datetime.date, kind: Any, value: str, **extra: Any) -> Any:
    student = extra.pop("student", sw.student)
    subject = extra.pop("subject", None)
    return f.MarkFactory.create(
        assignment=assignment(sw, day, kind, subject=subject),
        student=student,
        value=value,
        **extra,
    )
