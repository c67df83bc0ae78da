"""The diary week against the journal: lessons, substitutes, cancellations, enrollment spans,
study groups, marks (none for subjects without marks), attendance, homework due, files, and the
constant number of queries."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.files.base import ContentFile

from parta.core.context import Actor
from parta.core.testing import factories as f
from parta.core.testing.world import World
from parta.diary.selectors import (
    DiaryLesson,
    DiaryWeek,
    diary_week,
    parse_week,
    week_monday,
)
from parta.diary.tests.conftest import DiaryRig, make_rig
from parta.journal import services as journal_services
from parta.journal.models import AssignmentFile, MarkFreeSubject
from parta.people.models import Enrollment, StudyGroupMembership

pytestmark = pytest.mark.django_db


def _lessons(week: DiaryWeek) -> list[DiaryLesson]:
    return [lesson for day in week.days for lesson in day.lessons]


def test_week_shows_the_students_lessons_with_marks_and_attendance(
    diary_week: DiaryRig,
) -> None:
    # given a week of two lessons a day with a mark each, an absence on Tuesday
    rig = diary_week
    # when the diary of the week is read
    week = diary_week_of(rig)
    # then Monday–Saturday are shown, lessons in order, topics without the private note
    assert [day.date.weekday() for day in week.days] == [0, 1, 2, 3, 4, 5]
    monday = week.days[0]
    assert [lesson.number for lesson in monday.lessons] == [1, 2]
    first = monday.lessons[0]
    assert first.topic == "Тема 1"
    assert not hasattr(first, "note")
    assert first.teacher == rig.sw.class_teacher.person.short_name
    assert first.room == "101"
    # the student's own mark with the work type and weight, never another student's
    class_work = first.assignments[0]
    assert [(m.value, m.abbreviation, m.weight) for m in class_work.marks] == [
        ("5", "РУ", Decimal("2"))
    ]
    assert week.days[1].lessons[0].attendance == "н"
    assert week.days[1].lessons[1].attendance == ""
    assert week.class_names == ["5А"]


def diary_week_of(rig: DiaryRig) -> DiaryWeek:
    return diary_week(student=rig.student, week_start=rig.monday)


def test_homework_shows_on_its_lesson_and_on_its_due_day(diary_week: DiaryRig) -> None:
    # given homework given on Monday, due on Wednesday
    week = diary_week_of(diary_week)
    # then it is on Monday's lesson and in Wednesday's due list
    homework = [a for a in week.days[0].lessons[0].assignments if a.is_homework]
    assert [a.title for a in homework] == ["Упражнение 12"]
    assert homework[0].text == "Стр. 34, №1–5"
    assert [a.title for a in week.days[2].due] == ["Упражнение 12"]


def test_homework_of_an_earlier_week_shows_on_its_due_day(world: World) -> None:
    # given homework given on the Friday before the week, due on the week's Tuesday
    rig = make_rig(world)
    friday = rig.monday - datetime.timedelta(days=3)
    lesson = rig.lesson(friday, 1)
    f.AssignmentFactory.create(
        lesson=lesson,
        work_type=rig.homework_type,
        title="Выучить стих",
        due_date=rig.monday + datetime.timedelta(days=1),
    )
    # when the week is read
    week = diary_week_of(rig)
    # then Tuesday lists it as due
    assert [a.title for a in week.days[1].due] == ["Выучить стих"]


def test_mark_saved_in_the_journal_appears_in_the_diary(world: World) -> None:
    # given a lesson without marks yet
    rig = make_rig(world, per_day=1)
    lesson = rig.lesson(rig.monday + datetime.timedelta(days=3), 3)
    test_type = f.WorkTypeFactory.create(
        school=rig.school, name="Контрольная работа", abbreviation="КР", weight=Decimal("3")
    )
    assignment = f.AssignmentFactory.create(lesson=lesson, work_type=test_type)
    teacher = Actor(user=rig.sw.users["teacher"])
    # when the teacher saves a mark through the journal's service on the lesson's day
    with time_machine.travel(rig.noon(lesson.date), tick=False):
        journal_services.mark_set(
            actor=teacher,
            assignment=assignment,
            student=rig.student,
            value="4",
            comment="Хорошо",
            expected_version=None,
        )
    # then the diary shows it with the work type and its weight
    week = diary_week_of(rig)
    shown = week.days[3].lessons[1].assignments[0].marks
    assert [(m.value, m.work_type, m.abbreviation, m.weight, m.comment) for m in shown] == [
        ("4", "Контрольная работа", "КР", Decimal("3"), "Хорошо")
    ]
    assert shown[0].date == lesson.date


@pytest.mark.parametrize("whole_class", [True, False])
def test_mark_free_subject_shows_no_marks(world: World, whole_class: bool) -> None:
    # given the class (or its first-lesson subject) taught without marks
    rig = make_rig(world, per_day=1)
    subject = rig.lessons[0].subject
    MarkFreeSubject.objects.create(
        school=rig.school,
        school_class=rig.sw.school_class,
        subject=None if whole_class else subject,
    )
    # when the diary is read
    week = diary_week_of(rig)
    # then no marks show there, the work and attendance still do
    for lesson in _lessons(week):
        marks = [m for a in lesson.assignments for m in a.marks]
        if whole_class or lesson.subject == subject.name:
            assert marks == []
            assert lesson.mark_free
            assert lesson.assignments
        else:
            assert marks


def test_substitution_shows_the_substitute(diary_week: DiaryRig) -> None:
    # given a substitute for Monday's first lesson
    rig = diary_week
    substitute = f.StaffMemberFactory.create(
        school=rig.school, person__last_name="Заменова", person__first_name="Ирина"
    )
    f.SubstitutionFactory.create(lesson=rig.lessons[0], teacher=substitute)
    # when the week is read
    first = diary_week_of(rig).days[0].lessons[0]
    # then the substitute teaches it, flagged
    assert first.teacher == substitute.person.short_name
    assert first.is_substitution


def test_cancelled_lesson_is_shown_as_cancelled(diary_week: DiaryRig) -> None:
    # given Monday's second lesson cancelled
    lesson = diary_week.lessons[1]
    lesson.status = "cancelled"
    lesson.save(update_fields=["status"])
    # then the diary shows it, cancelled
    second = diary_week_of(diary_week).days[0].lessons[1]
    assert second.is_cancelled
    assert not diary_week_of(diary_week).days[0].lessons[0].is_cancelled


def test_student_who_joined_mid_week_sees_lessons_from_that_day(world: World) -> None:
    # given a student enrolled in 5А from the week's Wednesday
    rig = make_rig(world, per_day=1)
    newcomer = f.StudentFactory.create(school=rig.school)
    f.EnrollmentFactory.create(
        school_class=rig.sw.school_class,
        student=newcomer,
        start_date=rig.monday + datetime.timedelta(days=2),
    )
    # when their week is read
    week = diary_week(student=newcomer, week_start=rig.monday)
    # then only Wednesday's lessons on are theirs
    assert [lesson.date.weekday() for lesson in _lessons(week)] == [2, 3, 4]


def test_student_who_left_mid_week_sees_lessons_until_that_day(world: World) -> None:
    # given the student's enrollment ends on the week's Tuesday
    rig = make_rig(world, per_day=1)
    Enrollment.objects.filter(student=rig.student).update(
        end_date=rig.monday + datetime.timedelta(days=1)
    )
    week = diary_week_of(rig)
    assert [lesson.date.weekday() for lesson in _lessons(week)] == [0, 1]


def test_study_group_lessons_follow_the_membership(world: World) -> None:
    # given a subgroup of 5А the student joined on Thursday, with lessons on Monday and Friday
    rig = make_rig(world, per_day=1)
    group = f.StudyGroupFactory.create(school_class=rig.sw.school_class, name="Англ. 1")
    StudyGroupMembership.objects.create(
        school=rig.school,
        group=group,
        student=rig.student,
        start_date=rig.monday + datetime.timedelta(days=3),
    )
    rig.lesson(rig.monday, 5, school_class=None, study_group=group)
    rig.lesson(rig.monday + datetime.timedelta(days=4), 5, school_class=None, study_group=group)
    # when the week is read
    week = diary_week_of(rig)
    # then Friday's group lesson is there, Monday's is not
    assert [len(day.lessons) for day in week.days] == [1, 1, 1, 1, 2, 0]


def test_sunday_shows_only_when_it_has_lessons(world: World) -> None:
    rig = make_rig(world, per_day=1)
    assert len(diary_week_of(rig).days) == 6
    rig.lesson(rig.monday + datetime.timedelta(days=6), 1)
    assert len(diary_week_of(rig).days) == 7


def test_files_are_listed_with_their_assignment(diary_week: DiaryRig) -> None:
    rig = diary_week
    assignment = rig.lessons[0].assignments.first()
    row = AssignmentFile(
        school=rig.school, assignment=assignment, name="лист.pdf", size=9, content_type="x"
    )
    row.file.save("a.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    first = diary_week_of(rig).days[0].lessons[0]
    assert [(file.id, file.name) for file in first.assignments[0].files] == [(row.pk, "лист.pdf")]


def test_week_of_another_class_year_is_empty(world: World) -> None:
    # given a week before the enrollment starts
    rig = make_rig(world, per_day=1)
    week = diary_week(student=rig.student, week_start=rig.sw.year.start_date.replace(year=2000))
    assert _lessons(week) == []


@pytest.mark.parametrize("per_day", [1, 6])
def test_week_takes_four_queries_whatever_its_size(
    world: World, per_day: int, django_assert_num_queries: Any
) -> None:
    # given a week of 5 or 30 lessons with marks, attendance, homework with a file, a
    # substitution and a group lesson
    rig = make_rig(world, per_day=per_day)
    group = f.StudyGroupFactory.create(school_class=rig.sw.school_class, name="Англ. 2")
    StudyGroupMembership.objects.create(
        school=rig.school, group=group, student=rig.student, start_date=rig.sw.year.start_date
    )
    rig.lesson(rig.monday, 8, school_class=None, study_group=group)
    f.SubstitutionFactory.create(lesson=rig.lessons[0])
    row = AssignmentFile(
        school=rig.school,
        assignment=rig.lessons[-2].assignments.first(),
        name="лист.pdf",
        size=9,
        content_type="x",
    )
    row.file.save("a.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    student = type(rig.student).objects.get(pk=rig.student.pk)
    # when the week is read, then four queries: spans, lessons, assignments with marks, files
    with django_assert_num_queries(4):
        week = diary_week(student=student, week_start=rig.monday)
    lessons = _lessons(week)
    assert len(lessons) == per_day * 5 + 1
    assert sum(
        len(assignment.marks) for lesson in lessons for assignment in lesson.assignments
    ) == (per_day * 5)
    assert [file.name for lesson in lessons for a in lesson.assignments for file in a.files] == [
        "лист.pdf"
    ]


def test_week_without_files_skips_their_query(world: World, django_assert_num_queries: Any) -> None:
    # given a week whose work has no files
    rig = make_rig(world, per_day=2)
    student = type(rig.student).objects.get(pk=rig.student.pk)
    # when the week is read, then three queries
    with django_assert_num_queries(3):
        diary_week(student=student, week_start=rig.monday)


def test_parse_week_normalises_to_monday() -> None:
    today = datetime.date(2026, 11, 26)
    assert parse_week(None, today) == datetime.date(2026, 11, 23)
    assert parse_week("2026-11-29", today) == datetime.date(2026, 11, 23)
    assert week_monday(datetime.date(2026, 11, 23)) == datetime.date(2026, 11, 23)
    for raw in ("2026-13-01", "yesterday", "20261123", "2026-11-2"):
        with pytest.raises(ValueError):
            parse_week(raw, today)
