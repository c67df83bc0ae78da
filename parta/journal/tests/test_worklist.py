"""The teacher's worklist selector: flags, substitutions and a cost constant in lessons."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from parta.core.testing import factories as f
from parta.core.testing.matrix import check_matrix
from parta.journal.rules import school_today
from parta.journal.worklist import teacher_lessons

pytestmark = pytest.mark.django_db


def _teacher(school: Any) -> Any:
    user = f.UserFactory.create()
    f.RoleAssignmentFactory.create(user=user, organization=school, role="teacher")
    return f.StaffMemberFactory.create(school=school, person__user=user)


def test_flags_today_and_tomorrow() -> None:
    school_class = f.SchoolClassFactory.create()
    school = school_class.school
    teacher = _teacher(school)
    today = school_today(school)
    past = f.LessonFactory.create(school_class=school_class, teacher=teacher, date=today)
    future = f.LessonFactory.create(
        school_class=school_class, teacher=teacher, date=today + datetime.timedelta(days=1)
    )
    homework = f.WorkTypeFactory.create(school=school, name="ДЗ", is_homework=True)
    f.AssignmentFactory.create(lesson=future, work_type=homework)
    answer = f.AssignmentFactory.create(lesson=past)
    f.MarkFactory.create(assignment=answer)
    f.MarkFactory.create(assignment=answer)
    f.AttendanceMarkFactory.create(lesson=past)
    f.LessonFactory.create(
        school_class=school_class, teacher=teacher, date=today, slot_number=2, status="cancelled"
    )

    items = teacher_lessons(
        user=teacher.person.user, school=school, start=today, end=today + datetime.timedelta(days=6)
    )

    assert [item.lesson.pk for item in items] == [past.pk, future.pk]
    first, second = items
    assert (first.no_topic, first.no_homework, first.marks, first.absences) == (True, True, 2, 1)
    assert (second.no_topic, second.no_homework, second.marks, second.absences) == (
        False,
        False,
        0,
        0,
    )
    assert first.editable
    assert second.editable
    old = f.LessonFactory.create(
        school_class=school_class, teacher=teacher, date=today - datetime.timedelta(days=400)
    )
    (stale,) = teacher_lessons(
        user=teacher.person.user, school=school, start=old.date, end=old.date
    )
    assert not stale.editable
    assert stale.no_topic
    assert "?lesson=" not in first.url
    assert f"/{school_class.pk}/{past.subject_id}/" in first.url


def test_topic_filled_clears_flag() -> None:
    school_class = f.SchoolClassFactory.create()
    teacher = _teacher(school_class.school)
    today = school_today(school_class.school)
    f.LessonFactory.create(school_class=school_class, teacher=teacher, date=today, topic="Дроби")
    (item,) = teacher_lessons(
        user=teacher.person.user, school=school_class.school, start=today, end=today
    )
    assert not item.no_topic


def test_substituted_lesson_seen_by_both() -> None:
    school_class = f.SchoolClassFactory.create()
    school = school_class.school
    teacher, substitute = _teacher(school), _teacher(school)
    today = school_today(school)
    lesson = f.LessonFactory.create(school_class=school_class, teacher=teacher, date=today)
    f.SubstitutionFactory.create(lesson=lesson, teacher=substitute)

    (mine,) = teacher_lessons(user=substitute.person.user, school=school, start=today, end=today)
    assert mine.as_substitute
    assert not mine.substituted
    assert mine.url.endswith(f"?lesson={lesson.pk}")
    (theirs,) = teacher_lessons(user=teacher.person.user, school=school, start=today, end=today)
    assert theirs.substituted
    assert not theirs.as_substitute


def test_other_school_and_non_staff_see_nothing() -> None:
    school_class = f.SchoolClassFactory.create()
    teacher = _teacher(school_class.school)
    today = school_today(school_class.school)
    f.LessonFactory.create(school_class=school_class, teacher=teacher, date=today)
    other = f.OrganizationFactory.create()
    assert teacher_lessons(user=teacher.person.user, school=other, start=today, end=today) == []
    stranger = f.UserFactory.create()
    assert teacher_lessons(user=stranger, school=school_class.school, start=today, end=today) == []


@pytest.mark.parametrize("count", [3, 30])
def test_cost_constant_in_lessons(count: int, django_assert_max_num_queries: Any) -> None:
    school_class = f.SchoolClassFactory.create()
    school = school_class.school
    teacher = _teacher(school)
    today = school_today(school)
    for n in range(count):
        lesson = f.LessonFactory.create(
            school_class=school_class,
            teacher=teacher,
            date=today - datetime.timedelta(days=n // 6),
            slot_number=n % 6 + 1,
        )
        f.MarkFactory.create(assignment=f.AssignmentFactory.create(lesson=lesson))
        if n % 3 == 0:
            f.SubstitutionFactory.create(lesson=lesson)
    user = teacher.person.user
    with django_assert_max_num_queries(6):
        items = teacher_lessons(
            user=user, school=school, start=today - datetime.timedelta(days=10), end=today
        )
    assert len(items) == count


def _api_url(sw: Any, start: datetime.date, days: int = 6) -> str:
    end = start + datetime.timedelta(days=days)
    return f"/api/v1/journal/my-lessons/?school={sw.school.pk}&start={start}&end={end}"


def test_api_matrix(client: Any, world: Any) -> None:
    """Only users with a staff record in the school (its teachers) get their list; others 403."""
    today = school_today(world.a.school)
    check_matrix(
        client, world, lambda sw: _api_url(sw, today), allowed={"teacher", "teacher_no_class"}
    )


def test_api_lists_own_lessons_and_limits_span(client: Any, world: Any) -> None:
    today = school_today(world.a.school)
    lesson = f.LessonFactory.create(
        school_class=world.a.school_class, teacher=world.a.class_teacher, date=today
    )
    f.LessonFactory.create(school_class=world.a.school_class, date=today, slot_number=2)
    client.force_login(world.user("teacher"))
    response = client.get(_api_url(world.a, today))
    assert response.status_code == 200
    (row,) = response.json()["lessons"]
    assert row["id"] == lesson.pk
    assert row["no_topic"] is True
    assert client.get(_api_url(world.a, today, days=31)).status_code == 400
    assert client.get(_api_url(world.a, today, days=30)).status_code == 200


def test_page_matrix(client: Any, world: Any) -> None:
    """Teachers of the school see their week; everyone else 403 (no staff record) or 404."""
    check_matrix(
        client,
        world,
        lambda sw: reverse("journal:my_lessons", args=[sw.school.pk]),
        allowed={"teacher", "teacher_no_class"},
    )


def test_page_week_and_summary(client: Any, world: Any, django_assert_max_num_queries: Any) -> None:
    today = school_today(world.a.school)
    for slot in (1, 2, 3):
        f.LessonFactory.create(
            school_class=world.a.school_class,
            teacher=world.a.class_teacher,
            date=today,
            slot_number=slot,
        )
    client.force_login(world.user("teacher"))
    url = reverse("journal:my_lessons", args=[world.a.school.pk])
    with django_assert_max_num_queries(25):
        response = client.get(url, {"week": today.isoformat()})
    assert response.status_code == 200
    assert "3 урока без темы" in response.content.decode()  # the page speaks Russian
    assert 'aria-current="date"' in response.content.decode()
    nxt = client.get(url, {"week": (today + datetime.timedelta(days=7)).isoformat()})
    assert "<table" not in nxt.content.decode(), nxt.content.decode()[-1500:]
