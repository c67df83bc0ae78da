"""Who sees which students, guardianships and classes: the queryset twins of people.rules."""

import datetime

import pytest
import time_machine

from parta.core.testing import factories as f
from parta.people.models import Guardianship, SchoolClass, StaffMember, Student


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("director", {"a.student", "a.other_student"}),
        ("hr_officer", {"a.student", "a.other_student"}),
        ("teacher", {"a.student", "a.other_student"}),
        ("teacher_no_class", set()),
        ("student", {"a.student"}),
        ("parent", {"a.student"}),
        ("municipal_specialist", {"a.student", "a.other_student", "b.student", "b.other_student"}),
    ],
)
def test_students_visible_to(world, who, expected):
    names = {
        "a.student": world.a.student,
        "a.other_student": world.a.other_student,
        "b.student": world.b.student,
        "b.other_student": world.b.other_student,
    }
    assert set(Student.objects.visible_to(world.user(who))) == {names[n] for n in expected}


def test_class_teacher_loses_a_student_who_left_the_class(world):
    enrollment = world.a.other_student.enrollments.get()
    enrollment.end_date = world.a.year.start_date + datetime.timedelta(days=10)
    enrollment.save()
    with time_machine.travel(world.a.year.start_date + datetime.timedelta(days=30), tick=False):
        visible = set(Student.objects.visible_to(world.user("teacher")))
    assert visible == {world.a.student}


def test_parent_with_children_in_two_schools_sees_both(world):
    parent = world.a.parent
    f.GuardianshipFactory.create(student=world.b.other_student, guardian=parent, relation="mother")
    visible = set(Student.objects.visible_to(world.user("parent")))
    assert visible == {world.a.student, world.b.other_student}
    links = set(Guardianship.objects.visible_to(world.user("parent")))
    assert {link.student for link in links} == {world.a.student, world.b.other_student}


@pytest.mark.parametrize("who", ["director", "teacher", "student", "parent"])
def test_school_b_users_see_no_school_a_rows(world, who):
    user = world.user(who, "b")
    for model in (Student, SchoolClass, StaffMember, Guardianship):
        rows = model.objects.visible_to(user)
        assert not rows.filter(school=world.a.school).exists(), (who, model.__name__)
