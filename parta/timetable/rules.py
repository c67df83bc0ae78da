"""Who may do what with dated lessons. Each predicate is built on the same condition as its
queryset twin in `timetable.querysets`, so a page and a list never disagree."""

from __future__ import annotations

from typing import Any

from parta.accounts.access import access_for
from parta.timetable.models import Lesson
from parta.timetable.querysets import journal_keeper_q


def may_read_lesson(user: Any, lesson: Lesson) -> bool:
    """Twin of `Lesson.objects.visible_to(user)`: everybody who reads the school."""
    return access_for(user).can_read_school(lesson.school_id)


def may_change_lesson(user: Any, lesson: Lesson) -> bool:
    """Moving, cancelling, adding lessons and substitutions: the school administration."""
    return access_for(user).is_school_admin(lesson.school_id)


def may_keep_journal(user: Any, lesson: Lesson) -> bool:
    """The lesson's teacher or that lesson's substitute (twin of
    `Lesson.objects.journal_keepable_by(user)`). One query."""
    return Lesson.objects.filter(journal_keeper_q(user), pk=lesson.pk).exists()
