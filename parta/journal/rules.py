"""Who may read and who may write the journal. Each predicate is built on the same condition as
its queryset twin in `journal.querysets`, so a page and a list never disagree.

* Writing the journal of a lesson (marks, attendance, assignments, the topic): the lesson's
  teacher or that lesson's substitute within the school's edit window (counted in the school's
  time zone from the lesson date), or after it while an approved correction request of theirs
  for that lesson is open (until its `open_until`, inclusive); the school administration
  (director, deputy director) at any time.
* Reading the journal of a class or group in a subject: school staff who read the whole school
  (and municipal specialists above it), the teacher of the class's or group's lessons in that
  subject, the class teacher. A substitute reads the journal of the substituted lesson only
  (`may_read_lesson_journal`).
"""

from __future__ import annotations

import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from django.utils import timezone

from parta.accounts.access import UserAccess, access_for
from parta.accounts.choices import Role
from parta.journal.calculations import within_window

#: The roles that change a journal at any time (corrections after the edit window).
JOURNAL_ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.DIRECTOR, Role.DEPUTY_DIRECTOR})


class Audience(Protocol):
    """A class or a study group in a subject: a lesson, or any object with these ids."""

    @property
    def school_class_id(self) -> int | None: ...

    @property
    def study_group_id(self) -> int | None: ...

    @property
    def subject_id(self) -> int: ...


def today_in(time_zone: str) -> datetime.date:
    return timezone.localtime(timezone.now(), ZoneInfo(time_zone)).date()


def school_today(school: Any) -> datetime.date:
    """Today's date in the school's time zone (the edit window counts school days)."""
    return today_in(school.timezone)


def is_journal_admin(access: UserAccess, school_id: int) -> bool:
    """Director, deputy director (and the system administrator): any lesson, any time."""
    return access.is_superuser or bool(access.roles_in(school_id) & JOURNAL_ADMIN_ROLES)


def writes_journal(
    *,
    is_admin: bool,
    is_keeper: bool,
    lesson_date: datetime.date,
    today: datetime.date,
    window_days: int,
    open_until: datetime.date | None = None,
) -> bool:
    """The write rule on facts already known (services load them in their own query).
    `open_until`: the last day of the keeper's approved correction of the lesson, if any."""
    return is_admin or (
        is_keeper and (within_window(lesson_date, today, window_days) or granted(open_until, today))
    )


def granted(open_until: datetime.date | None, today: datetime.date) -> bool:
    """An approved correction is open today (`open_until` inclusive)."""
    return open_until is not None and today <= open_until


def may_write_journal(user: Any, lesson: Any, today: datetime.date) -> bool:
    """Twin of `journal.querysets.journal_writable_lessons(user, today)`. `today` is the
    school's date (`school_today`). At most three queries (the edit window; after it, the
    user's open approved correction of the lesson; whether the user keeps the lesson)."""
    from parta.journal.choices import CorrectionStatus
    from parta.journal.models import CorrectionRequest, JournalSettings
    from parta.timetable.rules import may_keep_journal

    access = access_for(user)
    if is_journal_admin(access, lesson.school_id):
        return True
    if access.user_id is None or not access.can_read_school(lesson.school_id):
        return False
    window = (
        JournalSettings.objects.filter(school_id=lesson.school_id)
        .values_list("edit_window_days", flat=True)
        .first()
    )
    if window is None:
        window = JournalSettings._meta.get_field("edit_window_days").get_default()
    if not within_window(lesson.date, today, window):
        correcting = CorrectionRequest.objects.filter(
            lesson_id=lesson.pk,
            requested_by_id=access.user_id,
            status=CorrectionStatus.APPROVED,
            open_until__gte=today,
        )
        if not correcting.exists():
            return False
    return may_keep_journal(user, lesson)


def may_read_journal(user: Any, school_id: int, audience: Audience) -> bool:
    """May the user open the journal of this class or group in this subject? Twin of
    `journal.querysets.journal_audience_q`. At most one query."""
    from parta.journal.querysets import audience_filter, journal_audience_q
    from parta.timetable.models import Lesson

    access = access_for(user)
    if access.reads_whole_school(school_id):
        return True
    if access.user_id is None or not access.can_read_school(school_id):
        return False
    return (
        Lesson.objects.filter(school_id=school_id, **audience_filter(audience))
        .filter(journal_audience_q(user))
        .exists()
    )


def may_read_lesson_journal(user: Any, lesson: Any) -> bool:
    """May the user read the marks and attendance of this lesson? Twin of
    `journal.querysets.journal_readable_lessons`. At most one query."""
    from parta.journal.querysets import journal_reader_q
    from parta.timetable.models import Lesson

    access = access_for(user)
    if access.reads_whole_school(lesson.school_id):
        return True
    if access.user_id is None or not access.can_read_school(lesson.school_id):
        return False
    return Lesson.objects.filter(journal_reader_q(user), pk=lesson.pk).exists()
