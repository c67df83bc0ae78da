"""Messages are asserted by their English msgids (pages through the Accept-Language header,
services through an activated translation). `ktp` is one class with a plan, a teacher and
lessons in the calendar."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from openpyxl import Workbook

from parta.core.context import Actor


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    return Client(headers={"accept-language": "en"})


SYSTEM = Actor.system()


def lessons(plan: Any, count: int, start: datetime.date | None = None, **kwargs: Any) -> list[Any]:
    """`count` lessons of the plan's class and subject on consecutive weekdays."""
    from parta.core.testing import factories as f

    day = start or plan.academic_year.start_date
    made: list[Any] = []
    while len(made) < count:
        if day.weekday() < 5:
            values: dict[str, Any] = {
                "school_class": plan.school_class,
                "academic_year": plan.academic_year,
                "school": plan.school,
                "subject": plan.subject,
                "teacher": plan.teacher,
                "date": day,
                "slot_number": 2,
            }
            values.update(kwargs)
            made.append(f.LessonFactory.create(**values))
        day += datetime.timedelta(days=1)
    return made


def topics(plan: Any, hours: Sequence[Any]) -> list[Any]:
    from parta.core.testing import factories as f

    return [
        f.PlanTopicFactory.create(plan=plan, position=index, title=f"Тема {index}", hours=h)
        for index, h in enumerate(hours, start=1)
    ]


def xlsx(
    rows: Sequence[Sequence[Any]],
    *,
    header: Sequence[str] = (
        "№",
        "Раздел",
        "Тема",
        "Часы",
        "Дата",
        "Домашнее задание",
        "Материалы",
    ),
    meta: Sequence[Sequence[Any]] = (),
    merge: Sequence[str] = (),
) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = "КТП"
    for line in meta:
        ws.append(list(line))
    if meta:
        ws.append([])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    for cells in merge:
        ws.merge_cells(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class Ktp:
    """Class 5А with a teacher who has a login and a maths plan; grade-5 curriculum of 5 h."""

    def __init__(self) -> None:
        from parta.accounts.models import RoleAssignment
        from parta.core.testing import factories as f

        self.plan = f.ThematicPlanFactory.create(school_class__letter="А")
        self.school = self.plan.school
        self.year = self.plan.academic_year
        self.school_class = self.plan.school_class
        self.subject = self.plan.subject
        self.teacher = self.plan.teacher
        self.user = f.UserFactory.create(username="ktp_teacher")
        self.teacher.person.user = self.user
        self.teacher.person.save(update_fields=["user"])
        RoleAssignment.objects.create(user=self.user, organization=self.school, role="teacher")
        self.actor = Actor(user=self.user)


@pytest.fixture
def ktp(db: None) -> Ktp:
    return Ktp()
