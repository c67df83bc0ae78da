"""Who sees diary rows: the student themself, their parents, and the school's staff."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from parta.organizations.querysets import SchoolOwnedQuerySet


def _student_scope_q(user: Any) -> Q:
    from parta.people.models import Student
    from parta.people.rules import student_rows_q

    return Q(student_id__in=Student.objects.filter(student_rows_q(user)).values("pk"))


class HomeworkCompletionQuerySet(SchoolOwnedQuerySet[Any]):
    def visible_to(self, user: Any) -> HomeworkCompletionQuerySet:
        return self.filter(_student_scope_q(user))


class DiaryAcknowledgementQuerySet(SchoolOwnedQuerySet[Any]):
    def visible_to(self, user: Any) -> DiaryAcknowledgementQuerySet:
        return self.filter(_student_scope_q(user))
