"""Querysets of dated lessons and substitutions, with the `visible_to(user)` twins of
`timetable.rules`.

* Reading: everybody who reads a school reads its lessons and substitutions, like its weekly
  timetable (the timetable of a class is public within the school).
* Keeping the journal of a lesson (`journal_keepable_by`): the lesson's teacher, or the substitute
  named on that lesson's substitution. A substitute reaches that one lesson only, never the
  group's other lessons. The school administration is a separate rule of the journal.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q

from parta.organizations.querysets import SchoolOwnedQuerySet


def journal_keeper_q(user: Any) -> Q:
    """Lessons whose journal the user keeps: they teach it, or they substitute in it. Written
    as `IN (subquery)` terms, evaluated once per query."""
    from parta.accounts.access import access_for
    from parta.people.models import StaffMember
    from parta.timetable.models import Substitution

    uid = access_for(user).user_id
    if uid is None:
        return Q(pk__in=[])
    own_staff = StaffMember.objects.filter(person__user_id=uid).values("pk")
    substituted = Substitution.objects.filter(teacher__person__user_id=uid).values("lesson_id")
    return Q(teacher_id__in=own_staff) | Q(pk__in=substituted)


class LessonQuerySet(SchoolOwnedQuerySet[Any]):
    def journal_keepable_by(self, user: Any) -> LessonQuerySet:
        """Twin of `timetable.rules.may_keep_journal`."""
        return self.filter(journal_keeper_q(user))

    def between(self, start: datetime.date, end: datetime.date) -> LessonQuerySet:
        return self.filter(date__range=(start, end))

    def taught_by(self, teacher_id: int) -> LessonQuerySet:
        """Lessons the teacher gives: their own (not handed to a substitute) and those they
        substitute in."""
        return self.filter(
            Q(teacher_id=teacher_id, substitution__isnull=True)
            | Q(substitution__teacher_id=teacher_id)
        )

    def with_details(self) -> LessonQuerySet:
        return self.select_related(
            "school_class",
            "study_group",
            "subject",
            "teacher__person",
            "room",
            "substitution__teacher__person",
        )


class SubstitutionQuerySet(SchoolOwnedQuerySet[Any]):
    def between(self, start: datetime.date, end: datetime.date) -> SubstitutionQuerySet:
        return self.filter(lesson__date__range=(start, end))
