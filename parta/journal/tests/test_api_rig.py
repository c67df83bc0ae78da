"""Material of the journal API tests (no tests here): in schools A and B of the world, 5А's
mathematics taught by the teacher without a class, two lessons on a school day (the second
given by a substitute), a work type, an assignment with a mark and an absence; the clock is
frozen at noon of that day, inside the edit window. Plus the write matrix: every role of
school A requests school A's and school B's rows, allowed ones must succeed, denied ones must
answer 403/404 and change nothing."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from rest_framework.test import APIClient

from parta.accounts.choices import Role
from parta.accounts.models import RoleAssignment, User
from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ALL_WHO, READ_WHOLE_SCHOOL
from parta.core.testing.world import SchoolWorld, World
from parta.journal.models import Assignment, AttendanceMark, JournalSettings, Mark, WorkType
from parta.people.models import StaffMember
from parta.timetable.models import Lesson

V1 = "/api/v1/"

#: who of school A reads 5А's mathematics journal: whole-school readers, the class teacher
#: (`teacher`) and the subject teacher (`teacher_no_class`)
JOURNAL_READERS = READ_WHOLE_SCHOOL | {"teacher", "teacher_no_class"}
#: who changes it: the lesson's teacher, the director and the deputy, the superuser
JOURNAL_WRITERS = frozenset({"teacher_no_class", "director", "deputy_director", "superuser"})
SCHOOL_ADMINS = frozenset({"director", "deputy_director", "secretary", "superuser"})


@dataclass
class Side:
    sw: SchoolWorld
    subject: Any
    teacher: StaffMember
    substitute: User
    lesson: Lesson
    substituted: Lesson
    work_type: WorkType
    assignment: Assignment
    mark: Mark
    absence: AttendanceMark

    @property
    def day(self) -> datetime.date:
        return self.lesson.date

    def journal_url(self) -> str:
        return (
            f"{V1}journal/?school_class={self.sw.school_class.pk}&subject={self.subject.pk}"
            f"&start={self.day}&end={self.day}"
        )


def _side(sw: SchoolWorld) -> Side:
    school = sw.school
    subject = f.federal_subject()
    teacher = StaffMember.objects.get(person__user=sw.users["teacher_no_class"])
    day = sw.year.start_date + datetime.timedelta(days=14)
    lesson = f.LessonFactory.create(
        school_class=sw.school_class, subject=subject, teacher=teacher, date=day, slot_number=1
    )
    substituted = f.LessonFactory.create(
        school_class=sw.school_class, subject=subject, teacher=teacher, date=day, slot_number=2
    )
    person = f.PersonFactory.create(last_name=f"Заменова{school.pk}")
    substitute = f.UserFactory.create(username=f"substitute_{school.pk}")
    person.user = substitute
    person.save(update_fields=["user"])
    RoleAssignment.objects.create(user=substitute, organization=school, role=Role.TEACHER)
    staff = f.StaffMemberFactory.create(school=school, person=person)
    f.SubstitutionFactory.create(lesson=substituted, teacher=staff)
    work_type = f.WorkTypeFactory.create(school=school, name="Ответ на уроке")
    assignment = f.AssignmentFactory.create(lesson=lesson, work_type=work_type)
    mark = f.MarkFactory.create(assignment=assignment, student=sw.student, value="4")
    absence = f.AttendanceMarkFactory.create(lesson=lesson, student=sw.other_student, code="б")
    return Side(
        sw, subject, teacher, substitute, lesson, substituted, work_type, assignment, mark, absence
    )


@dataclass
class Rig:
    world: World
    a: Side
    b: Side

    def side(self, key: str) -> Side:
        side: Side = getattr(self, key)
        return side


def noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), ZoneInfo("Europe/Moscow"))


@pytest.fixture
def api() -> APIClient:
    return APIClient(headers={"accept-language": "en"})


@pytest.fixture
def rig(world: World) -> Iterator[Rig]:
    built = Rig(world, _side(world.a), _side(world.b))
    with time_machine.travel(noon(built.a.day), tick=False):
        yield built


def counts() -> tuple[int, ...]:
    """What a denied write must leave as it was."""
    return (
        Mark.objects.count(),
        AttendanceMark.objects.count(),
        Assignment.objects.count(),
        WorkType.objects.count(),
        AuditEvent.objects.count(),
        *Mark.objects.order_by("pk").values_list("version", flat=True),
        *AttendanceMark.objects.order_by("pk").values_list("version", flat=True),
        *Lesson.objects.order_by("pk").values_list("topic", flat=True),
        *WorkType.objects.order_by("pk").values_list("weight", flat=True),
        *JournalSettings.objects.order_by("pk").values_list("edit_window_days", flat=True),
    )


def check_writes(
    api: APIClient,
    rig: Rig,
    request: Callable[[APIClient, Side], Any],
    *,
    allowed: frozenset[str] | set[str],
    ok: tuple[int, ...] = (200,),
    reset: Callable[[Side], None] | None = None,
    who: tuple[str, ...] = ALL_WHO,
) -> None:
    """Every user of the matrix sends `request` against school A's and school B's rows. An
    allowed user in their own school (the municipal specialist: nowhere; the superuser:
    everywhere) must get one of `ok`; everyone else 403 or 404 with nothing changed. `reset`
    restores the side after a successful write."""
    failures: list[str] = []
    for name in who:
        api.force_login(rig.world.user(name))
        for key in ("a", "b"):
            side = rig.side(key)
            may = name in allowed and (key == "a" or name == "superuser")
            before = counts()
            response = request(api, side)
            status = response.status_code
            if may:
                if status not in ok:
                    failures.append(f"{name} in {key}: {status} {response.content[:200]!r}")
                if reset is not None:
                    reset(side)
            else:
                if status not in (403, 404):
                    failures.append(f"{name} in {key}: {status}, expected 403/404")
                if counts() != before:
                    failures.append(f"{name} in {key}: a denied request changed data")
        api.logout()
    assert not failures, "\n".join(failures)
