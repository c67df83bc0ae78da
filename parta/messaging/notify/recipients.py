"""Who is told: a student's account and their parents' accounts, the students of a lesson
(its class or group on its date) with their parents, the other participants of a conversation.
Each function answers for many rows at once in one query, so the dispatch's query count does
not grow with the number of events."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from parta.accounts.models import User
from parta.messaging.models import ThreadParticipant
from parta.people.models import Enrollment, Guardianship, Student, StudyGroupMembership


def _covers(start: datetime.date, end: datetime.date | None, day: datetime.date) -> bool:
    return start <= day and (end is None or end >= day)


def student_users(student_ids: Iterable[int]) -> dict[int, int]:
    """student id → the student's account (students without one are left out)."""
    ids = sorted(set(student_ids))
    if not ids:
        return {}
    rows = Student.objects.filter(pk__in=ids, person__user__isnull=False).values_list(
        "pk", "person__user_id"
    )
    return dict(rows)


def guardian_users(student_ids: Iterable[int]) -> dict[int, list[int]]:
    """student id → the accounts of the student's parents (one query)."""
    ids = sorted(set(student_ids))
    found: dict[int, list[int]] = defaultdict(list)
    if not ids:
        return found
    rows = (
        Guardianship.objects.filter(student_id__in=ids, guardian__user__isnull=False)
        .order_by("student_id", "guardian_id")
        .values_list("student_id", "guardian__user_id")
    )
    for student_id, user_id in rows:
        found[student_id].append(user_id)
    return found


def lesson_students(lessons: Iterable[Any]) -> dict[int, set[int]]:
    """lesson id → the students of its class or study group on the lesson's date (two
    queries for any number of lessons)."""
    lessons = list(lessons)
    class_ids = {lesson.school_class_id for lesson in lessons if lesson.school_class_id}
    group_ids = {lesson.study_group_id for lesson in lessons if lesson.study_group_id}
    by_class: dict[int, list[tuple[int, datetime.date, datetime.date | None]]] = defaultdict(list)
    by_group: dict[int, list[tuple[int, datetime.date, datetime.date | None]]] = defaultdict(list)
    if class_ids:
        for class_id, student_id, start, end in Enrollment.objects.filter(
            school_class_id__in=class_ids
        ).values_list("school_class_id", "student_id", "start_date", "end_date"):
            by_class[class_id].append((student_id, start, end))
    if group_ids:
        for group_id, student_id, start, end in StudyGroupMembership.objects.filter(
            group_id__in=group_ids
        ).values_list("group_id", "student_id", "start_date", "end_date"):
            by_group[group_id].append((student_id, start, end))
    found: dict[int, set[int]] = {}
    for lesson in lessons:
        members = (
            by_class[lesson.school_class_id]
            if lesson.school_class_id
            else by_group[lesson.study_group_id]
        )
        found[lesson.pk] = {sid for sid, start, end in members if _covers(start, end, lesson.date)}
    return found


def thread_participants(thread_ids: Iterable[int]) -> dict[int, list[int]]:
    """thread id → its participants' accounts (one query)."""
    ids = sorted(set(thread_ids))
    found: dict[int, list[int]] = defaultdict(list)
    if not ids:
        return found
    for thread_id, user_id in (
        ThreadParticipant.objects.filter(thread_id__in=ids)
        .order_by("thread_id", "user_id")
        .values_list("thread_id", "user_id")
    ):
        found[thread_id].append(user_id)
    return found


def audience_user_ids(item: Any) -> list[int]:
    """The accounts an announcement or event is addressed to (one query per item)."""
    from parta.messaging.audience import audience_users

    return list(audience_users(item).values_list("pk", flat=True))


def active_emails(user_ids: Iterable[int]) -> dict[int, str]:
    """user id → the e-mail address (the account's, else the person's; may be empty) of every
    ACTIVE user among `user_ids`; inactive users are left out, so nobody locked out is told."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    rows = User.objects.filter(pk__in=ids, is_active=True).values_list(
        "pk", "email", "person__email"
    )
    return {pk: (email or person_email or "") for pk, email, person_email in rows}
