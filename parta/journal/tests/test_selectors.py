"""The journal's read model: the grid (rows, columns, cells, averages) in a constant number of
queries, the journals a user may open, and a cell's history."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from parta.core.context import Actor
from parta.core.services.audit import audit_record, snapshot
from parta.core.testing import factories as f
from parta.journal.models import (
    Assignment,
    AttendanceMark,
    JournalSettings,
    Mark,
    MarkFreeSubject,
    MarkScale,
)
from parta.journal.selectors import cell_history, journal_audiences_for, journal_grid
from parta.people.models import Enrollment, StaffMember, Student, StudyGroupMembership
from parta.timetable.models import Lesson

pytestmark = pytest.mark.django_db


@dataclass
class Journal:
    school: Any
    school_class: Any
    subject: Any
    teacher: Any
    students: list[Student]
    lessons: list[Lesson]
    work_type: Any

    @property
    def start(self) -> datetime.date:
        return self.lessons[0].date

    @property
    def end(self) -> datetime.date:
        return self.lessons[-1].date


def build_journal(students: int, lessons: int, *, marks: bool = True) -> Journal:
    """A class of `students` with `lessons` mathematics lessons (three a day), an assignment in
    each lesson, a mark for every other student and an absence in every fifth cell; bulk
    inserts, so that 35 × 60 builds quickly."""
    school_class = f.SchoolClassFactory.create()
    school, year = school_class.school, school_class.academic_year
    teacher = f.StaffMemberFactory.create(school=school)
    subject = f.federal_subject()
    people = [f.PersonFactory.build(last_name=f"Ученик{n:02d}") for n in range(students)]
    for person in people:
        person.save()
    pupils = Student.objects.bulk_create(Student(school=school, person=p) for p in people)
    Enrollment.objects.bulk_create(
        Enrollment(school=school, school_class=school_class, student=s, start_date=year.start_date)
        for s in pupils
    )
    first = year.start_date + datetime.timedelta(days=7)
    rows = Lesson.objects.bulk_create(
        Lesson(
            school=school,
            academic_year=year,
            school_class=school_class,
            subject=subject,
            teacher=teacher,
            date=first + datetime.timedelta(days=n // 3),
            slot_number=n % 3 + 1,
            origin="added",
        )
        for n in range(lessons)
    )
    work_type = f.WorkTypeFactory.create(school=school, weight=Decimal("2"))
    if marks:
        assignments = Assignment.objects.bulk_create(
            Assignment(school=school, lesson=lesson, work_type=work_type) for lesson in rows
        )
        Mark.objects.bulk_create(
            Mark(school=school, assignment=a, student=s, value="5" if i % 3 else "4")
            for a in assignments
            for i, s in enumerate(pupils)
            if i % 2 == 0
        )
        AttendanceMark.objects.bulk_create(
            AttendanceMark(school=school, lesson=lesson, student=s, code="б")
            for j, lesson in enumerate(rows)
            for i, s in enumerate(pupils)
            if (i + j) % 5 == 0
        )
    return Journal(school, school_class, subject, teacher, pupils, rows, work_type)


def grid_of(journal: Journal, **extra: Any) -> Any:
    return journal_grid(
        school=journal.school,
        school_class=journal.school_class,
        subject=journal.subject,
        start=journal.start,
        end=journal.end,
        **extra,
    )


@pytest.mark.parametrize(("students", "lessons"), [(5, 3), (35, 60)])
def test_grid_costs_a_constant_number_of_queries(django_assert_max_num_queries, students, lessons):
    # given a small and a full journal
    journal = build_journal(students, lessons)
    # when the grid is read, then it costs at most 12 queries whatever its size
    with django_assert_max_num_queries(12):
        grid = grid_of(journal)
    assert len(grid.students) == students
    assert len(grid.lessons) == lessons
    assert len(grid.cells) == students * lessons
    # and walking it costs nothing more
    with django_assert_max_num_queries(0):
        for row in grid.students:
            for lesson in grid.lessons:
                cell = grid.cell(row.student.pk, lesson.pk)
                for mark in cell.marks:
                    assert mark.assignment.work_type.weight == Decimal("2")
                for assignment in lesson.journal_assignments:
                    assert assignment.work_type.abbreviation
            assert row.student.person.last_name


def test_grid_query_count_does_not_grow_with_size(django_assert_num_queries):
    small = build_journal(5, 3)
    with django_assert_num_queries(5) as small_ctx:
        grid_of(small)
    large = build_journal(35, 60)
    with django_assert_num_queries(len(small_ctx.captured_queries)):
        grid_of(large)


def test_grid_cells_hold_marks_attendance_and_averages():
    # given two students, two lessons with a контрольная (weight 3) and an answer (weight 1)
    journal = build_journal(2, 2, marks=False)
    s1, s2 = journal.students
    l1, l2 = journal.lessons
    test = f.WorkTypeFactory.create(school=journal.school, name="Контрольная", weight=3)
    answer = f.WorkTypeFactory.create(school=journal.school, name="Ответ", weight=1)
    a_test = f.AssignmentFactory.create(lesson=l1, work_type=test)
    a_answer = f.AssignmentFactory.create(lesson=l1, work_type=answer, position=1)
    a_other = f.AssignmentFactory.create(lesson=l2, work_type=answer)
    f.MarkFactory.create(assignment=a_test, student=s1, value="3")
    f.MarkFactory.create(assignment=a_answer, student=s1, value="5")
    f.MarkFactory.create(assignment=a_other, student=s1, value="н/а")
    f.MarkFactory.create(assignment=a_other, student=s2, value="", is_duty=True)
    f.AttendanceMarkFactory.create(lesson=l2, student=s2, code="н")
    # when the grid is read
    grid = grid_of(journal)
    # then the cells hold the marks in assignment order and the attendance
    assert [m.value for m in grid.cell(s1.pk, l1.pk).marks] == ["3", "5"]
    assert [m.value for m in grid.cell(s1.pk, l2.pk).marks] == ["н/а"]
    assert grid.cell(s2.pk, l2.pk).attendance.code == "н"
    assert grid.cell(s2.pk, l2.pk).marks[0].is_duty
    assert grid.cell(s1.pk, l1.pk).attendance is None
    assert [a.work_type.name for a in grid.lessons[0].journal_assignments] == [
        "Контрольная",
        "Ответ",
    ]
    # and the averages count the weights and skip the special and empty values
    assert grid.averages[s1.pk].arithmetic == Decimal("4.00")
    assert grid.averages[s1.pk].weighted == Decimal("3.50")
    assert grid.averages[s1.pk].count == 2
    assert grid.averages[s2.pk].count == 0
    assert grid.averages[s2.pk].weighted is None
    assert grid.mark_free is False
    assert grid.scale["5"] == 5
    assert grid.scale["осв"] is None


def test_grid_rows_show_arrivals_and_leavers_with_their_dates():
    # given a leaver after the first lesson day and an arrival on the second
    journal = build_journal(1, 6, marks=False)
    day1, day2 = journal.lessons[0].date, journal.lessons[3].date
    leaver = journal.students[0]
    Enrollment.objects.filter(student=leaver).update(end_date=day1)
    arrival = f.StudentFactory.create(school=journal.school, person__last_name="Аалто")
    f.EnrollmentFactory.create(school_class=journal.school_class, student=arrival, start_date=day2)
    gone = f.StudentFactory.create(school=journal.school)
    f.EnrollmentFactory.create(
        school_class=journal.school_class,
        student=gone,
        start_date=journal.school_class.academic_year.start_date,
        end_date=day1 - datetime.timedelta(days=1),
    )
    # when the grid is read
    grid = grid_of(journal)
    # then both are rows (by name), with their dates; the one gone before the period is not
    assert [row.student for row in grid.students] == [arrival, leaver]
    assert grid.students[0].start_date == day2
    assert grid.students[0].end_date is None
    assert grid.students[1].end_date == day1
    # and their cells outside the dates are marked as not enrolled
    assert grid.cell(leaver.pk, journal.lessons[0].pk).enrolled
    assert not grid.cell(leaver.pk, journal.lessons[3].pk).enrolled
    assert not grid.cell(arrival.pk, journal.lessons[0].pk).enrolled
    assert grid.cell(arrival.pk, journal.lessons[3].pk).enrolled


def test_grid_takes_only_the_audience_subject_and_dates():
    # given lessons of another subject, of a subgroup, and after the period
    journal = build_journal(2, 3, marks=False)
    year = journal.school_class.academic_year
    f.LessonFactory.create(
        school_class=journal.school_class,
        subject=f.federal_subject("Физика"),
        date=journal.start,
        teacher=journal.teacher,
    )
    group = f.StudyGroupFactory.create(school_class=journal.school_class)
    StudyGroupMembership.objects.create(
        school=journal.school, group=group, student=journal.students[1], start_date=year.start_date
    )
    group_lesson = f.LessonFactory.create(
        school_class=None,
        study_group=group,
        school=journal.school,
        academic_year=year,
        subject=journal.subject,
        date=journal.start,
        teacher=journal.teacher,
    )
    f.LessonFactory.create(
        school_class=journal.school_class,
        subject=journal.subject,
        date=journal.end + datetime.timedelta(days=1),
        teacher=journal.teacher,
    )
    # when the class's grid is read, then it holds only its whole-class lessons of the subject
    grid = grid_of(journal)
    assert [lesson.pk for lesson in grid.lessons] == [lesson.pk for lesson in journal.lessons]
    # and the group's grid holds the group's lesson and member only
    group_grid = journal_grid(
        school=journal.school,
        study_group=group,
        subject=journal.subject,
        start=journal.start,
        end=journal.end,
    )
    assert [lesson.pk for lesson in group_grid.lessons] == [group_lesson.pk]
    assert [row.student for row in group_grid.students] == [journal.students[1]]


@pytest.mark.parametrize(
    ("subject_free", "expected"), [(None, True), ("same", True), ("other", False)]
)
def test_grid_knows_a_class_or_subject_without_marks(subject_free, expected):
    journal = build_journal(1, 1, marks=False)
    subject = {
        None: None,
        "same": journal.subject,
        "other": f.federal_subject("Музыка"),
    }[subject_free]
    MarkFreeSubject.objects.create(
        school=journal.school, school_class=journal.school_class, subject=subject
    )
    assert grid_of(journal).mark_free is expected


def test_grid_needs_a_class_or_a_group():
    journal = build_journal(1, 1, marks=False)
    with pytest.raises(ValueError):
        journal_grid(
            school=journal.school,
            subject=journal.subject,
            start=journal.start,
            end=journal.end,
        )


def test_grid_of_an_empty_period():
    journal = build_journal(3, 1)
    grid = journal_grid(
        school=journal.school,
        school_class=journal.school_class,
        subject=journal.subject,
        start=journal.end + datetime.timedelta(days=1),
        end=journal.end + datetime.timedelta(days=7),
    )
    assert grid.lessons == []
    assert grid.cells == {}
    assert len(grid.students) == 3
    assert all(avg.count == 0 for avg in grid.averages.values())


# --- journal_audiences_for ------------------------------------------------------------------
@pytest.fixture
def journals(world):
    """In school A: a mathematics lesson of 5А by the class teacher, a physics lesson of 5А by
    the other teacher, a lesson of another class by the other teacher; a substitution of the
    class teacher in that lesson."""
    sw = world.a
    other_teacher = StaffMember.objects.get(person__user=sw.users["teacher_no_class"])
    other_class = f.SchoolClassFactory.create(period_set=sw.period_set, grade=6, letter="Б")
    maths, physics = f.federal_subject(), f.federal_subject("Физика")
    f.LessonFactory.create(school_class=sw.school_class, subject=maths, teacher=sw.class_teacher)
    f.LessonFactory.create(school_class=sw.school_class, subject=physics, teacher=other_teacher)
    foreign = f.LessonFactory.create(school_class=other_class, subject=maths, teacher=other_teacher)
    f.SubstitutionFactory.create(lesson=foreign, teacher=sw.class_teacher)
    f.LessonFactory.create(school_class=world.b.school_class, subject=maths)
    return {"maths": maths, "physics": physics, "other_class": other_class}


def _pairs(audiences: list[Any]) -> set[tuple[str, str]]:
    return {(a.name, a.subject_name) for a in audiences}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("deputy_director", {("5А", "Математика"), ("5А", "Физика"), ("6Б", "Математика")}),
        ("hr_officer", {("5А", "Математика"), ("5А", "Физика"), ("6Б", "Математика")}),
        # the class teacher: every journal of the class; not the lesson they substitute in
        ("teacher", {("5А", "Математика"), ("5А", "Физика")}),
        ("teacher_no_class", {("5А", "Физика"), ("6Б", "Математика")}),
        ("student", set()),
        ("parent", set()),
    ],
)
def test_audiences_follow_the_reading_rules(world, journals, who, expected):
    audiences = journal_audiences_for(world.user(who), world.a.school)
    assert _pairs(audiences) == expected
    # and nobody of school A sees a journal of school B
    assert journal_audiences_for(world.user(who), world.b.school) == []


def test_audiences_cost_two_queries_for_a_teacher(world, journals, django_assert_max_num_queries):
    from parta.accounts.access import access_for

    user = world.user("teacher")
    access_for(user)
    # the pairs the teacher teaches, then the journals
    with django_assert_max_num_queries(2):
        audiences = journal_audiences_for(user, world.a.school)
    class_audience = next(a for a in audiences if a.subject_name == "Физика")
    assert class_audience.kind == "class"
    assert class_audience.audience_id == world.a.school_class.pk


# --- cell_history ---------------------------------------------------------------------------
def test_cell_history_lists_the_cells_events_deleted_marks_included(world):
    # given a mark created, changed and deleted, another created, an absence, and events of
    # other cells (another student, another lesson)
    sw = world.a
    actor = Actor(user=sw.users["teacher"], ip_address="10.0.0.1")
    lesson = f.LessonFactory.create(school_class=sw.school_class, teacher=sw.class_teacher)
    other_lesson = f.LessonFactory.create(
        school_class=sw.school_class, teacher=sw.class_teacher, slot_number=2
    )
    assignment = f.AssignmentFactory.create(lesson=lesson)
    mark = f.MarkFactory.create(assignment=assignment, student=sw.student, value="4")
    audit_record(actor=actor, action="create", instance=mark, after=snapshot(mark))
    audit_record(
        actor=actor, action="update", instance=mark, before={"value": "4"}, after={"value": "5"}
    )
    gone_pk = mark.pk
    audit_record(actor=actor, action="delete", instance=mark, before=snapshot(mark))
    mark.delete()
    kept = f.MarkFactory.create(assignment=assignment, student=sw.student, value="3")
    audit_record(actor=actor, action="create", instance=kept, after=snapshot(kept))
    absence = f.AttendanceMarkFactory.create(lesson=lesson, student=sw.student)
    audit_record(actor=actor, action="create", instance=absence, after=snapshot(absence))
    neighbour = f.MarkFactory.create(assignment=assignment, student=sw.other_student)
    audit_record(actor=actor, action="create", instance=neighbour, after=snapshot(neighbour))
    elsewhere = f.AttendanceMarkFactory.create(lesson=other_lesson, student=sw.student)
    audit_record(actor=actor, action="create", instance=elsewhere, after=snapshot(elsewhere))
    # when the cell's history is read
    events = cell_history(school=sw.school, lesson=lesson, student=sw.student)
    # then it holds the five events of the cell, the newest first
    assert [(e.object_type, e.action) for e in events] == [
        ("journal.attendancemark", "create"),
        ("journal.mark", "create"),
        ("journal.mark", "delete"),
        ("journal.mark", "update"),
        ("journal.mark", "create"),
    ]
    assert {e.object_id for e in events if e.object_type == "journal.mark"} == {
        str(gone_pk),
        str(kept.pk),
    }
    assert events[0].actor == sw.users["teacher"]
    # and another school's history of the same ids is empty
    assert cell_history(school=world.b.school, lesson=lesson, student=sw.student) == []


def test_cell_history_costs_a_constant_number_of_queries(world, django_assert_max_num_queries):
    sw = world.a
    lesson = f.LessonFactory.create(school_class=sw.school_class, teacher=sw.class_teacher)
    actor = Actor(user=sw.users["teacher"], ip_address=None)
    for _ in range(5):
        assignment = f.AssignmentFactory.create(lesson=lesson)
        mark = f.MarkFactory.create(assignment=assignment, student=sw.student)
        audit_record(actor=actor, action="create", instance=mark, after=snapshot(mark))
    with django_assert_max_num_queries(7):
        events = cell_history(school=sw.school, lesson=lesson, student=sw.student)
        assert all(e.actor is not None for e in events)
    assert len(events) == 5


def test_grid_uses_the_schools_own_scale():
    # given a school on a ten-point scale
    journal = build_journal(1, 1, marks=False)
    scale = MarkScale.objects.create(
        school=journal.school,
        name="Десятибалльная",
        values=[{"value": str(n), "points": n} for n in range(10, 0, -1)],
    )
    JournalSettings.objects.create(school=journal.school, mark_scale=scale)
    assignment = f.AssignmentFactory.create(lesson=journal.lessons[0])
    f.MarkFactory.create(assignment=assignment, student=journal.students[0], value="9")
    # when the grid is read, then its scale and averages are the school's
    grid = grid_of(journal)
    assert grid.scale["10"] == 10
    assert "н/а" not in grid.scale
    assert grid.averages[journal.students[0].pk].arithmetic == Decimal("9.00")
