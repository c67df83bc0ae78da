"""A planned procedure follows its lesson: moving the lesson moves the procedure, cancelling it
unbinds the procedure, and regenerating the timetable keeps a lesson that holds a procedure."""

from __future__ import annotations

import datetime
from typing import Any

from parta.assessments.models import AssessmentProcedure
from parta.core.context import Actor
from parta.core.testing import factories as f
from parta.timetable.models import Lesson
from parta.timetable.services import lessons_generate
from parta.timetable.services.lessons import lesson_cancel, lesson_move


def _procedure(aw: Any) -> AssessmentProcedure:
    return AssessmentProcedure.objects.get(pk=aw.procedures[aw.a.school.pk].pk)


def test_a_moved_lesson_takes_its_procedure_along(aw: Any, actor: Actor) -> None:
    # given the maths lesson of Monday holding the контрольная
    f.BellScheduleFactory.create(academic_year=aw.a.year)
    lesson = aw.a.lessons[1]
    # when the lesson moves to Wednesday
    wednesday = aw.a.day + datetime.timedelta(days=2)
    lesson_move(actor=actor, lesson=lesson, date=wednesday, slot_number=3)
    # then the procedure is on Wednesday, still in that lesson
    procedure = _procedure(aw)
    assert (procedure.date, procedure.lesson_id) == (wednesday, lesson.pk)
    # and the other school's procedure did not move
    other = AssessmentProcedure.objects.get(pk=aw.procedures[aw.b.school.pk].pk)
    assert other.date == aw.b.day


def test_a_cancelled_lesson_leaves_its_procedure_without_a_lesson(aw: Any, actor: Actor) -> None:
    lesson_cancel(actor=actor, lesson=aw.a.lessons[1], reason="Карантин")
    procedure = _procedure(aw)
    assert (procedure.date, procedure.lesson_id) == (aw.a.day, None)


def test_regeneration_keeps_a_lesson_holding_a_procedure(aw: Any, actor: Actor) -> None:
    # given the maths lesson came from the timetable and its entry is gone
    lesson = aw.a.lessons[1]
    entry = f.TimetableEntryFactory.create(
        school_class=aw.a.school_class, subject=aw.math, weekday=lesson.date.isoweekday()
    )
    Lesson.objects.filter(pk=lesson.pk).update(
        origin="timetable", timetable_entry=entry, planned_date=lesson.date
    )
    entry.delete()
    # when the week is regenerated
    result = lessons_generate(actor=actor, academic_year=aw.a.year, start=aw.a.day, end=aw.a.day)
    # then the lesson with the procedure is kept and reported
    assert Lesson.objects.filter(pk=lesson.pk).exists()
    assert len(result.kept) == 1
    assert _procedure(aw).lesson_id == lesson.pk
