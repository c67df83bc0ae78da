"""The audience helpers: words, form choices, and exactly which users are in an audience."""

from __future__ import annotations

from typing import Any

import pytest

from parta.core.testing import factories as f
from parta.core.testing.world import World
from parta.messaging.audience import (
    audience_users,
    describe_audience,
    scope_choices,
)
from parta.messaging.choices import AudienceScope
from parta.messaging.models import Announcement, Event

pytestmark = pytest.mark.django_db


def _announcement(world: World, **fields: Any) -> Announcement:
    from django.utils import timezone

    values: dict[str, Any] = {
        "school": world.a.school,
        "title": "Субботник",
        "body": "Приходите все",
        "publish_from": timezone.now(),
        "author": world.user("director"),
    }
    values.update(fields)
    return Announcement.objects.create(**values)


def _names(users: Any) -> set[str]:
    return {user.username for user in users}


STAFF_A = {
    "a_director",
    "a_deputy_director",
    "a_secretary",
    "a_hr_officer",
    "a_teacher",
    "a_teacher_no_class",
}


def test_audience_users_of_the_parents_of_a_class_are_its_students_parents(world: World) -> None:
    # given an announcement for the parents of 5А of school A
    item = _announcement(
        world,
        scope=AudienceScope.CLASS,
        school_class=world.a.school_class,
        for_staff=False,
        for_students=False,
    )
    # when its audience is asked for
    users = audience_users(item)
    # then it is the parent of the 5А student only (not the student, not school B's parent)
    assert _names(users) == {"a_parent"}


def test_audience_users_of_the_whole_school_is_staff_students_and_parents(world: World) -> None:
    # given an announcement for everybody in school A
    item = _announcement(world)
    # when its audience is asked for
    users = audience_users(item)
    # then staff of A, the student with a login and the parent; nobody of school B, nor the
    # municipal specialist or the superuser
    assert _names(users) == STAFF_A | {"a_student", "a_parent"}


def test_audience_users_of_staff_only_is_the_staff(world: World) -> None:
    # given a staff-only announcement
    item = _announcement(world, for_students=False, for_parents=False)
    # then only school A's staff
    assert _names(audience_users(item)) == STAFF_A


def test_audience_users_of_a_grade_are_the_students_of_its_classes(world: World) -> None:
    # given a second class of grade 5 and a class of grade 6 in school A, each with a student
    # with a login
    for grade, letter, username in ((5, "Б", "five_b"), (6, "А", "six_a")):
        school_class = f.SchoolClassFactory.create(
            period_set=world.a.period_set, grade=grade, letter=letter
        )
        person = f.PersonFactory.create(user=f.UserFactory.create(username=username))
        student = f.StudentFactory.create(school=world.a.school, person=person)
        f.EnrollmentFactory.create(school_class=school_class, student=student)
    # when an announcement for the students of grade 5 is asked for its audience
    item = _announcement(
        world, scope=AudienceScope.GRADE, grade=5, for_staff=False, for_parents=False
    )
    # then the students of 5А and 5Б, not 6А
    assert _names(audience_users(item)) == {"a_student", "five_b"}


def test_audience_users_leave_out_a_student_who_left_and_inactive_users(world: World) -> None:
    # given the 5А student's enrollment ended in the past and the parent's account disabled
    import datetime

    from django.utils import timezone

    from parta.people.models import Enrollment

    Enrollment.objects.filter(student=world.a.student).update(
        end_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    parent_user = world.user("parent")
    parent_user.is_active = False
    parent_user.save(update_fields=["is_active"])
    # when the audience of a class announcement for students and parents is asked for
    item = _announcement(
        world, scope=AudienceScope.CLASS, school_class=world.a.school_class, for_staff=False
    )
    # then nobody
    assert list(audience_users(item)) == []


def test_audience_users_of_an_event_in_one_query(
    world: World, django_assert_num_queries: Any
) -> None:
    # given a parent meeting of 5А
    from django.utils import timezone

    event = Event.objects.create(
        school=world.a.school,
        kind="parent_meeting",
        title="Собрание",
        starts_at=timezone.now(),
        scope=AudienceScope.CLASS,
        school_class=world.a.school_class,
        for_staff=False,
        for_students=False,
    )
    # when its audience is read
    with django_assert_num_queries(1):
        users = list(audience_users(event))
    # then the parent, in one query
    assert _names(users) == {"a_parent"}


def test_describe_audience_in_words(world: World) -> None:
    # given a class announcement for students and parents
    item = _announcement(
        world, scope=AudienceScope.CLASS, school_class=world.a.school_class, for_staff=False
    )
    # then it reads as such
    assert describe_audience(item) == "Students and parents: class 5А"
    # and a staff-only one for the whole school
    assert (
        describe_audience(_announcement(world, for_students=False, for_parents=False))
        == "Staff: the whole school"
    )


def test_scope_choices_of_a_teacher_is_the_class_only() -> None:
    # then the administration chooses any scope, a teacher only a class
    assert [value for value, _ in scope_choices(whole_school=True)] == ["school", "grade", "class"]
    assert [value for value, _ in scope_choices(whole_school=False)] == ["class"]
