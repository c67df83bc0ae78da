"""Querysets of the journal, with the `visible_to(user)` twins of `journal.rules`.

* Reading a class's or group's journal in a subject (`journal_audience_q`): school staff who
  read the whole school (and municipal specialists above it); the teacher of any of its lessons
  (every lesson of that class or group in that subject); the class teacher (the lessons of the
  class and of its subgroups).
* Reading one lesson's journal (`journal_reader_q`, `journal_readable_lessons`, `visible_to`):
  all of the above, and the substitute of that lesson (that lesson only).
* Writing (`journal_writable_lessons`): the lesson's teacher or its substitute within the edit
  window, or after it while their approved correction request of that lesson is open; the
  director and the deputy director at any time.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from parta.organizations.querysets import SchoolOwnedQuerySet

if TYPE_CHECKING:
    from parta.journal.rules import Audience


def audience_filter(audience: Audience) -> dict[str, Any]:
    """Lesson filter for a class or group in a subject."""
    if audience.study_group_id:
        return {"study_group_id": audience.study_group_id, "subject_id": audience.subject_id}
    return {"school_class_id": audience.school_class_id, "subject_id": audience.subject_id}


def journal_audience_q(user: Any) -> Q:
    """Lessons of the classes and groups × subjects whose whole journal the user reads (twin of
    `journal.rules.may_read_journal`), as terms on `timetable.Lesson`: the whole school for its
    staff, every lesson of a class or group in a subject for a teacher of any of them, every
    lesson of their class (and its subgroups) for the class teacher. Not a substitute: they
    reach the substituted lesson only (`journal_reader_q`)."""
    from parta.accounts.access import access_for
    from parta.people.models import StaffMember
    from parta.timetable.models import Lesson

    access = access_for(user)
    if access.is_superuser:
        return Q()
    whole = Q(school_id__in=access.whole_school_ids)
    uid = access.user_id
    if uid is None:
        return Q(pk__in=[])
    readable = sorted(access.readable_school_ids)
    own_staff = StaffMember.objects.filter(person__user_id=uid, school_id__in=readable).values("pk")
    taught = Lesson.objects.filter(teacher_id__in=own_staff, subject_id=OuterRef("subject_id"))
    return (
        whole
        | Exists(taught.filter(school_class_id=OuterRef("school_class_id")))
        | Exists(taught.filter(study_group_id=OuterRef("study_group_id")))
        | Q(school_class__class_teacher__person__user_id=uid, school_id__in=readable)
        | Q(study_group__school_class__class_teacher__person__user_id=uid, school_id__in=readable)
    )


def journal_reader_q(user: Any) -> Q:
    """Lessons whose journal the user reads (twin of `journal.rules.may_read_lesson_journal`):
    those of `journal_audience_q` and the lessons the user substitutes in."""
    from parta.accounts.access import access_for
    from parta.timetable.models import Substitution

    access = access_for(user)
    if access.is_superuser or access.user_id is None:
        return journal_audience_q(user)
    substituted = Substitution.objects.filter(
        teacher__person__user_id=access.user_id,
        school_id__in=sorted(access.readable_school_ids),
    ).values("lesson_id")
    return journal_audience_q(user) | Q(pk__in=substituted)


def journal_readable_lessons(user: Any) -> QuerySet[Any]:
    from parta.timetable.models import Lesson

    return Lesson.objects.filter(journal_reader_q(user))


def journal_writable_lessons(user: Any, today: datetime.date) -> QuerySet[Any]:
    """Lessons whose journal the user may change today (twin of
    `journal.rules.may_write_journal`)."""
    from parta.accounts.access import access_for
    from parta.journal.choices import CorrectionStatus
    from parta.journal.models import CorrectionRequest, JournalSettings
    from parta.journal.rules import JOURNAL_ADMIN_ROLES
    from parta.timetable.models import Lesson
    from parta.timetable.querysets import journal_keeper_q

    access = access_for(user)
    if access.is_superuser:
        return Lesson.objects.all()
    admin_ids = [sid for sid, roles in access.school_roles.items() if roles & JOURNAL_ADMIN_ROLES]
    keeper_ids = sorted(set(access.school_roles) - set(admin_ids))
    windows = dict(
        JournalSettings.objects.filter(school_id__in=keeper_ids).values_list(
            "school_id", "edit_window_days"
        )
    )
    default = JournalSettings._meta.get_field("edit_window_days").get_default()
    recent = Q(pk__in=[])
    for school_id in keeper_ids:
        days = windows.get(school_id, default)
        recent |= Q(school_id=school_id, date__gte=today - datetime.timedelta(days=days))
    # after the window: the lessons of the user's approved corrections still open today
    granted = CorrectionRequest.objects.filter(
        school_id__in=keeper_ids,
        requested_by_id=access.user_id,
        status=CorrectionStatus.APPROVED,
        open_until__gte=today,
    ).values("lesson_id")
    return Lesson.objects.filter(
        Q(school_id__in=admin_ids) | ((recent | Q(pk__in=granted)) & journal_keeper_q(user))
    )


class JournalOwnedQuerySet(SchoolOwnedQuerySet[Any]):
    """Rows held by a lesson (`lesson_path` names the lesson from the row)."""

    lesson_path = "lesson"

    def visible_to(self, user: Any) -> JournalOwnedQuerySet:
        from parta.accounts.access import access_for

        access = access_for(user)
        if access.is_superuser:
            return self.all()
        lessons = journal_readable_lessons(user).filter(
            school_id__in=sorted(access.readable_school_ids)
        )
        return self.filter(
            school_id__in=sorted(access.readable_school_ids),
            **{f"{self.lesson_path}_id__in": lessons.values("pk")},
        )


class AssignmentQuerySet(JournalOwnedQuerySet):
    lesson_path = "lesson"


class AttendanceMarkQuerySet(JournalOwnedQuerySet):
    lesson_path = "lesson"


class MarkQuerySet(JournalOwnedQuerySet):
    lesson_path = "assignment__lesson"

    def for_cell(self, lesson_id: int, student_id: int) -> MarkQuerySet:
        return self.filter(assignment__lesson_id=lesson_id, student_id=student_id)


class AssignmentFileQuerySet(JournalOwnedQuerySet):
    lesson_path = "assignment__lesson"


class CorrectionRequestQuerySet(SchoolOwnedQuerySet[Any]):
    def visible_to(self, user: Any) -> CorrectionRequestQuerySet:
        """The requests the user made, and every request of the schools where the user
        decides them (director, deputy director; the system administrator everywhere)."""
        from parta.accounts.access import access_for
        from parta.journal.rules import JOURNAL_ADMIN_ROLES

        access = access_for(user)
        if access.is_superuser:
            return self.all()
        if access.user_id is None:
            return self.none()
        deciding = [
            sid for sid, roles in access.school_roles.items() if roles & JOURNAL_ADMIN_ROLES
        ]
        return self.filter(Q(school_id__in=deciding) | Q(requested_by_id=access.user_id))
