"""The teacher's worklist: their lessons over a span with what is still to fill in."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from parta.journal.querysets import journal_writable_lessons
from parta.journal.rules import school_today


@dataclass(frozen=True)
class WorkItem:
    """One lesson of the worklist with its flags."""

    lesson: Any
    substituted: bool  # another teacher substitutes (seen by the replaced teacher)
    as_substitute: bool  # the user substitutes in this lesson
    no_topic: bool
    no_homework: bool
    marks: int
    absences: int
    editable: bool
    url: str


def teacher_lessons(
    *, user: Any, school: Any, start: datetime.date, end: datetime.date
) -> list[WorkItem]:
    """The user's lessons in `school` over [start, end]: as the lesson's teacher (also when
    replaced by a substitute, then marked `substituted`) or as its substitute; not cancelled;
    by date and slot. The number of queries does not depend on the number of lessons."""
    from parta.journal.models import Assignment, AttendanceMark, Mark
    from parta.timetable.choices import LessonStatus
    from parta.timetable.models import Lesson

    if not getattr(user, "is_authenticated", False):
        return []
    mine = Q(teacher__person__user=user) | Q(substitution__teacher__person__user=user)
    lessons = list(
        Lesson.objects.filter(mine, school=school, date__gte=start, date__lte=end)
        .exclude(status=LessonStatus.CANCELLED)
        .select_related("substitution__teacher__person", "teacher__person", "subject")
        .select_related("school_class", "study_group")
        .annotate(
            has_homework=Exists(
                Assignment.objects.filter(lesson=OuterRef("pk"), work_type__is_homework=True)
            )
        )
        .order_by("date", "slot_number", "pk")
    )
    ids = [lesson.pk for lesson in lessons]
    marks = dict(
        Mark.objects.filter(assignment__lesson_id__in=ids)
        .values_list("assignment__lesson_id")
        .annotate(n=Count("pk"))
        .values_list("assignment__lesson_id", "n")
    )
    absences = dict(
        AttendanceMark.objects.filter(lesson_id__in=ids)
        .values_list("lesson_id")
        .annotate(n=Count("pk"))
        .values_list("lesson_id", "n")
    )
    today = school_today(school)
    writable = set(
        journal_writable_lessons(user, today).filter(pk__in=ids).values_list("pk", flat=True)
    )
    items = []
    for lesson in lessons:
        sub = getattr(lesson, "substitution", None)
        as_sub = sub is not None and sub.teacher.person.user_id == user.pk
        items.append(
            WorkItem(
                lesson=lesson,
                substituted=sub is not None and not as_sub,
                as_substitute=as_sub,
                no_topic=lesson.date <= today and not lesson.topic.strip(),
                no_homework=not lesson.has_homework,
                marks=marks.get(lesson.pk, 0),
                absences=absences.get(lesson.pk, 0),
                editable=lesson.pk in writable,
                url=_grid_url(lesson, as_sub),
            )
        )
    return items


def _grid_url(lesson: Any, as_substitute: bool) -> str:
    kind, pk = (
        ("group", lesson.study_group_id)
        if lesson.study_group_id
        else ("class", lesson.school_class_id)
    )
    url = reverse(
        "journal:grid",
        kwargs={
            "school_id": lesson.school_id,
            "kind": kind,
            "pk": pk,
            "subject_id": lesson.subject_id,
        },
    )
    return f"{url}?lesson={lesson.pk}" if as_substitute else url
