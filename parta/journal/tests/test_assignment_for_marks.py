"""Where a mark typed into a lesson goes: the lesson's first assignment, or a new class-work
assignment of the school's first non-homework work type (the standard set created if needed)."""

from __future__ import annotations

from parta.core.context import Actor
from parta.core.testing import factories as f
from parta.journal.models import Assignment, WorkType
from parta.journal.services import assignment_for_marks


def _admin() -> Actor:
    """The system administrator writes any lesson's journal at any time."""
    return Actor(user=f.UserFactory.create(is_superuser=True), ip_address=None)


def test_the_first_assignment_of_the_lesson_is_used(db: None) -> None:
    actor = _admin()
    first = f.AssignmentFactory.create()
    f.AssignmentFactory.create(lesson=first.lesson, position=1)
    assert assignment_for_marks(actor=actor, lesson=first.lesson) == first


def test_an_empty_lesson_gets_class_work_and_the_standard_types(db: None) -> None:
    actor = _admin()
    lesson = f.LessonFactory.create()
    assignment = assignment_for_marks(actor=actor, lesson=lesson)
    assert assignment.lesson == lesson
    assert not assignment.work_type.is_homework
    assert WorkType.objects.filter(school=lesson.school).count() > 1
    # a second mark goes to the same assignment
    assert assignment_for_marks(actor=actor, lesson=lesson) == assignment
    assert Assignment.objects.filter(lesson=lesson).count() == 1
