"""Overdue mandatory work: a duty flag not yet replaced by a value, and homework past its due
date with no mark and not ticked done."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from parta.core.testing import factories as f
from parta.diary.marks import overdue_work
from parta.diary.models import HomeworkCompletion
from parta.diary.tests.test_marks_rig import assignment, day_of, mark, noon, work_type

pytestmark = pytest.mark.django_db


def _homework(sw, lesson_day, due_offset, **extra):
    kind = work_type(sw, "Домашнее задание", "1", is_homework=True)
    return assignment(
        sw, lesson_day, kind, due_date=lesson_day + datetime.timedelta(days=due_offset), **extra
    )


def _overdue(sw, today):
    return overdue_work(school=sw.school, student=sw.student, year=sw.year, today=today)


def test_a_duty_flag_without_a_value_is_overdue_and_a_replaced_one_is_not(world):
    # given: a duty flag alone, and a duty flag the teacher has replaced with «4»
    sw = world.a
    kind = work_type(sw, "Контрольная", "2")
    mark(sw, day_of(sw, 3), kind, "", is_duty=True, subject=f.federal_subject())
    mark(sw, day_of(sw, 4), kind, "4", is_duty=True, subject=f.federal_subject("Русский язык"))
    # when
    items = _overdue(sw, day_of(sw, 10))
    # then: only the open one
    assert [(item.kind, item.day, item.work_type) for item in items] == [
        ("duty", day_of(sw, 3), "Контрольная")
    ]


def test_homework_past_due_without_a_mark_and_not_done_is_overdue(world):
    # given: four homeworks due before today — open, ticked done, marked, of a cancelled lesson
    # — and one due in the future
    sw = world.a
    open_one = _homework(sw, day_of(sw, 2), 2, title="Упражнение 1")
    done = _homework(sw, day_of(sw, 3), 2, title="Упражнение 2")
    HomeworkCompletion.objects.create(school=sw.school, assignment=done, student=sw.student)
    marked = _homework(sw, day_of(sw, 4), 2, title="Упражнение 3")
    f.MarkFactory.create(assignment=marked, student=sw.student, value="5")
    _homework(sw, day_of(sw, 5), 1, title="Отменённый урок", lesson_extra={"status": "cancelled"})
    _homework(sw, day_of(sw, 8), 5, title="Ещё рано")
    # when
    items = _overdue(sw, day_of(sw, 10))
    # then
    assert [(item.kind, item.title) for item in items] == [("homework", "Упражнение 1")]
    assert items[0].day == open_one.due_date


def test_homework_of_another_class_or_before_the_student_joined_is_not_overdue(world):
    # given: homework of school A's other class, and of 5А before the student joined it
    sw = world.a
    other_class = f.SchoolClassFactory.create(period_set=sw.period_set, grade=6, letter="Б")
    _homework(sw, day_of(sw, 2), 1, lesson_extra={"school_class": other_class})
    enrollment = sw.student.enrollments.get()
    enrollment.start_date = day_of(sw, 5)
    enrollment.save(update_fields=["start_date"])
    _homework(sw, day_of(sw, 3), 1)
    # when / then
    assert _overdue(sw, day_of(sw, 10)) == []


def test_the_overdue_work_is_on_the_marks_page(client, world):
    # given
    sw = world.a
    _homework(sw, day_of(sw, 2), 2, title="Упражнение 1")
    client.force_login(sw.users["parent"])
    # when
    with time_machine.travel(noon(sw, day_of(sw, 10)), tick=False):
        response = client.get(
            reverse("diary:marks", args=[sw.school.pk, sw.student.pk]), HTTP_ACCEPT_LANGUAGE="en"
        )
    # then
    html = response.content.decode()
    assert "Overdue work" in html
    assert "Упражнение 1" in html
    assert "homework not done" in html


def test_overdue_work_takes_two_queries_whatever_its_size(world, django_assert_num_queries):
    # given: thirty overdue homeworks and ten duty flags
    sw = world.a
    for i in range(30):
        _homework(sw, day_of(sw, 1 + i), 1)
    for i in range(10):
        mark(sw, day_of(sw, 1 + i), work_type(sw, "Контрольная", "2"), "", is_duty=True)
    # when / then
    with django_assert_num_queries(2):
        items = _overdue(sw, day_of(sw, 60))
    assert len(items) == 40
