"""The plan follows the timetable: generating, moving, cancelling and adding lessons re-bind
the topics through the timetable's lessons-changed hook, in the same transaction."""

from __future__ import annotations

import datetime

from parta.core.testing import factories as f
from parta.thematic.tests.conftest import Ktp, topics
from parta.timetable.models import Lesson
from parta.timetable.services import lessons_generate
from parta.timetable.services.lessons import lesson_cancel, lesson_move


def _titles(ktp: Ktp) -> list[str | None]:
    return [
        lesson.plan_topic.title if lesson.plan_topic else None
        for lesson in Lesson.objects.filter(school_class=ktp.school_class)
        .select_related("plan_topic")
        .order_by("date", "slot_number")
    ]


def test_generated_lessons_are_bound_and_rebound_after_changes(ktp: Ktp) -> None:
    # given a weekly maths lesson on Tuesdays and a plan of three one-hour topics
    f.BellScheduleFactory.create(academic_year=ktp.year)
    f.TimetableEntryFactory.create(
        school_class=ktp.school_class,
        subject=ktp.subject,
        teacher=ktp.teacher,
        weekday=2,
        slot_number=3,
    )
    topics(ktp.plan, [1, 1, 1])
    first_tuesday = ktp.year.start_date + datetime.timedelta(
        days=(1 - ktp.year.start_date.weekday()) % 7
    )
    # when four weeks of lessons are generated, then the topics take the first three lessons
    lessons_generate(
        actor=ktp.actor,
        academic_year=ktp.year,
        start=first_tuesday,
        end=first_tuesday + datetime.timedelta(weeks=3),
    )
    assert _titles(ktp) == ["Тема 1", "Тема 2", "Тема 3", None]
    # when the first lesson is cancelled, the topics move on by one lesson
    first = Lesson.objects.filter(school_class=ktp.school_class).order_by("date").first()
    assert first is not None
    lesson_cancel(actor=ktp.actor, lesson=first, reason="Карантин")
    assert _titles(ktp) == [None, "Тема 1", "Тема 2", "Тема 3"]
    # when the last lesson is moved before the second one, it takes topic 1
    last = Lesson.objects.filter(school_class=ktp.school_class).order_by("date").last()
    assert last is not None
    lesson_move(
        actor=ktp.actor,
        lesson=last,
        date=first_tuesday + datetime.timedelta(days=2),
        slot_number=3,
    )
    assert _titles(ktp) == [None, "Тема 1", "Тема 2", "Тема 3"]
    moved = Lesson.objects.get(pk=last.pk)
    assert moved.plan_topic is not None
    assert moved.plan_topic.title == "Тема 1"
