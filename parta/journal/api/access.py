"""How the journal's endpoints find rows and check access: ids are resolved within the schools
the user reads (404 otherwise, like a missing row); reading a journal follows
`journal.rules.may_read_journal`, writing a lesson's journal `may_write_journal` (403)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from rest_framework import exceptions

from parta.accounts.access import access_for
from parta.journal.rules import (
    may_read_journal,
    may_read_lesson_journal,
    may_write_journal,
    school_today,
)

M = TypeVar("M", bound=models.Model)


def found(queryset: models.QuerySet[M], pk: Any, user: Any) -> M:
    """The row `pk` of `queryset` in a school the user reads, or 404."""
    schools = sorted(access_for(user).readable_school_ids)
    row = queryset.filter(pk=pk, school_id__in=schools).first()
    if row is None:
        raise exceptions.NotFound()
    return row


def require_read(user: Any, school_id: int, audience: Any) -> None:
    """403 unless the user may open the journal of the class or group in the subject."""
    if not may_read_journal(user, school_id, audience):
        raise exceptions.PermissionDenied()


def require_lesson_read(user: Any, lesson: Any) -> None:
    """403 unless the user may read the lesson's marks and attendance (its substitute too)."""
    if not may_read_lesson_journal(user, lesson):
        raise exceptions.PermissionDenied()


def require_write(user: Any, lesson: Any) -> None:
    """403 unless the user may change the lesson's journal today (the school's date)."""
    if not may_write_journal(user, lesson, school_today(lesson.school)):
        raise exceptions.PermissionDenied()
