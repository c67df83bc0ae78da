"""The people the message tests write between, on top of the two-school world: a subject
teacher of 5А, a teacher of a study group, a substitute, a teacher without load, a second
parent, a second student with a login, and class 6Б with a student and a parent; plus the
day all message tests run on and a fresh file storage."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.core.files.storage import InMemoryStorage
from django.test import Client

from parta.accounts.choices import Role
from parta.accounts.models import RoleAssignment, User
from parta.core.testing import factories as f
from parta.core.testing.world import SchoolWorld, World
from parta.messaging.models import MessageAttachment
from parta.people.choices import StudyGroupKind
from parta.people.models import StudyGroupMembership

#: Every message test runs on a school day of the autumn term (09:00 in Moscow).
DAY = datetime.datetime(2026, 11, 10, 6, 0, tzinfo=datetime.UTC)

PDF = b"%PDF-1.7\n1 0 obj\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00"


@pytest.fixture(autouse=True)
def _school_day() -> Iterator[None]:
    with time_machine.travel(DAY, tick=True):
        yield


@pytest.fixture(autouse=True)
def fresh_storage(monkeypatch: pytest.MonkeyPatch) -> InMemoryStorage:
    """An empty storage for the message files of each test (ids repeat between tests)."""
    store = InMemoryStorage()
    monkeypatch.setattr(MessageAttachment._meta.get_field("file"), "storage", store)
    return store


@pytest.fixture
def client() -> Client:
    """Pages in English (the tests assert the msgids)."""
    return Client(headers={"accept-language": "en"})


def login_for(person: Any, school: Any, role: str, username: str) -> User:
    user = f.UserFactory.create(username=username)
    person.user = user
    person.save(update_fields=["user"])
    RoleAssignment.objects.create(user=user, organization=school, role=role)
    return user


@dataclass
class Cast:
    world: World
    a: SchoolWorld
    #: teaches mathematics to 5А (the world's teacher_no_class)
    subject_teacher: User
    #: teaches a subgroup of 5А that the student is in
    group_teacher: User
    #: substitutes a lesson of 5А (no teaching load)
    substitute: User
    #: a teacher of the school without any load
    idle_teacher: User
    #: parent of 5А's other student
    other_parent: User
    #: 5А's other student
    other_student: User
    #: a student and a parent of 6Б (nobody of 5А's teachers teaches 6Б)
    student_6b: User
    parent_6b: User

    def user(self, who: str, school: str = "a") -> User:
        return self.world.user(who, school)


def build_cast(world: World) -> Cast:
    sw = world.a
    school = sw.school
    subject_teacher = world.user("teacher_no_class")
    f.TeachingAssignmentFactory.create(
        school_class=sw.school_class,
        teacher=subject_teacher.person.staff_records.get(school=school),
        subject=f.federal_subject("Математика"),
    )
    group_staff = f.StaffMemberFactory.create(
        school=school, person=f.PersonFactory.create(last_name="Группова", first_name="Инна")
    )
    group_teacher = login_for(group_staff.person, school, Role.TEACHER, "a_group_teacher")
    group = f.StudyGroupFactory.create(
        school=school,
        academic_year=sw.year,
        school_class=sw.school_class,
        kind=StudyGroupKind.SUBGROUP,
        name="Английский, группа 1",
        subject=f.federal_subject("Иностранный (английский) язык"),
    )
    StudyGroupMembership.objects.create(
        school=school, group=group, student=sw.student, start_date=sw.year.start_date
    )
    f.TeachingAssignmentFactory.create(
        school_class=None,
        study_group=group,
        school=school,
        academic_year=sw.year,
        teacher=group_staff,
        subject=group.subject,
    )
    substitute_staff = f.StaffMemberFactory.create(
        school=school, person=f.PersonFactory.create(last_name="Заменова", first_name="Вера")
    )
    substitute = login_for(substitute_staff.person, school, Role.TEACHER, "a_substitute")
    lesson = f.LessonFactory.create(
        school_class=sw.school_class,
        date=DAY.date(),
        subject=f.federal_subject("Математика"),
        teacher=subject_teacher.person.staff_records.get(school=school),
    )
    f.SubstitutionFactory.create(lesson=lesson, teacher=substitute_staff)
    idle_staff = f.StaffMemberFactory.create(
        school=school, person=f.PersonFactory.create(last_name="Свободнова", first_name="Ада")
    )
    idle_teacher = login_for(idle_staff.person, school, Role.TEACHER, "a_idle_teacher")
    other_parent_person = f.PersonFactory.create(last_name="Другова", first_name="Ирина")
    f.GuardianshipFactory.create(student=sw.other_student, guardian=other_parent_person)
    other_parent = login_for(other_parent_person, school, Role.PARENT, "a_other_parent")
    other_student = login_for(sw.other_student.person, school, Role.STUDENT, "a_other_student")
    class_6b = f.SchoolClassFactory.create(
        period_set=sw.period_set, grade=6, letter="Б", class_teacher=None
    )
    student_6b_record = f.StudentFactory.create(
        school=school, person=f.PersonFactory.create(last_name="Шестов", first_name="Иван")
    )
    f.EnrollmentFactory.create(school_class=class_6b, student=student_6b_record)
    student_6b = login_for(student_6b_record.person, school, Role.STUDENT, "a_student_6b")
    parent_6b_person = f.PersonFactory.create(last_name="Шестова", first_name="Ольга")
    f.GuardianshipFactory.create(student=student_6b_record, guardian=parent_6b_person)
    parent_6b = login_for(parent_6b_person, school, Role.PARENT, "a_parent_6b")
    return Cast(
        world=world,
        a=sw,
        subject_teacher=subject_teacher,
        group_teacher=group_teacher,
        substitute=substitute,
        idle_teacher=idle_teacher,
        other_parent=other_parent,
        other_student=other_student,
        student_6b=student_6b,
        parent_6b=parent_6b,
    )


@pytest.fixture
def cast(world: World) -> Cast:
    return build_cast(world)
