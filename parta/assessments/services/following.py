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
    One query when none of the lessons holds a procedure: the bound procedures of the lessons'
    school years (a few hundred at most) are read and matched here, rather than sending the ids
    of a whole generated year (tens of thousands) as query parameters."""
    by_pk = {lesson.pk: lesson for lesson in lessons if lesson.pk is not None}
    if not by_pk:
        return 0
    years = {lesson.academic_year_id for lesson in by_pk.values()}
    bound = AssessmentProcedure.objects.filter(academic_year_id__in=years, lesson__isnull=False)
    changed = 0
    for procedure in bound.order_by("pk"):
        lesson = by_pk.get(procedure.lesson_id or 0)
        if lesson is None:
            continue
        if lesson.status == LessonStatus.CANCELLED:
            record_update(actor=actor, instance=procedure, data={"lesson": None})
            changed += 1
        elif lesson.date != procedure.date:
            record_update(actor=actor, instance=procedure, data={"date": lesson.date})
            changed += 1
    return changed
