"""Procedures follow their lessons: when the timetable moves a lesson that holds a planned
procedure, the procedure moves to the lesson's new date; when it cancels the lesson, the
procedure keeps its date but loses the lesson (the violations page then shows it). Called by
the timetable's lessons-changed hook inside the timetable's transaction."""

from __future__ import annotations

from collections.abc import Iterable

from parta.assessments.models import AssessmentProcedure
from parta.core.context import Actor
from parta.core.services.records import record_update
from parta.timetable.choices import LessonStatus
from parta.timetable.models import Lesson


def procedures_follow_lessons(*, actor: Actor, lessons: Iterable[Lesson]) -> int:
    """Re-date or unbind the procedures of the changed `lessons`; returns how many changed.
    One query when none of the lessons holds a procedure."""
    by_pk = {lesson.pk: lesson for lesson in lessons if lesson.pk is not None}
    if not by_pk:
        return 0
    changed = 0
    for procedure in AssessmentProcedure.objects.filter(lesson_id__in=list(by_pk)).order_by("pk"):
        lesson = by_pk[procedure.lesson_id]
        if lesson.status == LessonStatus.CANCELLED:
            record_update(actor=actor, instance=procedure, data={"lesson": None})
            changed += 1
        elif lesson.date != procedure.date:
            record_update(actor=actor, instance=procedure, data={"date": lesson.date})
            changed += 1
    return changed
