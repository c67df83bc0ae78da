"""The demo journal: marks only where they may be, a sane distribution, and a fast seed."""

from __future__ import annotations

import datetime
import random
import statistics
import time
from collections import Counter, defaultdict

import pytest
import time_machine
from django.db.models import F

from parta.demo.builder import seed_demo
from parta.demo.journal import (
    HOMEWORK,
    TEST,
    build_journal,
    mark_for,
    student_level,
)
from parta.journal.models import (
    Assignment,
    AttendanceMark,
    JournalSettings,
    Mark,
    MarkFreeSubject,
    WorkType,
)
from parta.journal.services.settings import DEFAULT_WORK_TYPES
from parta.organizations.models import AcademicYear
from parta.people.models import Enrollment, SchoolClass, StudyGroupMembership
from parta.timetable.choices import LessonStatus
from parta.timetable.models import Lesson

TODAY = datetime.date(2026, 11, 20)
WEEKS = 3
NOON = datetime.datetime(2026, 11, 20, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def demo(db: None) -> None:
    with time_machine.travel(NOON, tick=True):
        seed_demo(schools=1, students_per_school=120, seed=7, today=TODAY, weeks=WEEKS)


@pytest.mark.parametrize("level", [2.6, 3.0, 3.9, 4.5, 4.9])
@pytest.mark.parametrize("test", [False, True])
def test_mark_for_stays_on_the_scale(level: float, test: bool) -> None:
    # given a student's level, when many marks are drawn, then all are 2–5 near the level
    rng = random.Random(1)
    marks = [int(mark_for(level, rng, test=test)) for _ in range(500)]
    assert set(marks) <= {2, 3, 4, 5}
    assert abs(statistics.mean(marks) - level) < 0.4


def test_student_levels_are_mostly_good() -> None:
    rng = random.Random(3)
    levels = [student_level(rng) for _ in range(2000)]
    assert min(levels) >= 2.6
    assert max(levels) <= 4.9
    assert 3.6 < statistics.mean(levels) < 4.2


def test_settings_work_types_and_grade_one_without_marks(demo: None) -> None:
    # then the school has its settings, the standard work types and grade 1 is «без отметок»
    assert JournalSettings.objects.count() == 1
    assert WorkType.objects.count() == len(DEFAULT_WORK_TYPES)
    assert WorkType.objects.get(name=TEST).weight == 3
    grade_one = set(SchoolClass.objects.filter(grade=1).values_list("pk", flat=True))
    assert grade_one
    free = MarkFreeSubject.objects.all()
    assert {row.school_class_id for row in free} == grade_one
    assert all(row.subject_id is None for row in free)
    # and no mark in a grade-1 lesson
    assert not Mark.objects.filter(assignment__lesson__school_class__grade=1).exists()
    assert not Mark.objects.filter(assignment__lesson__study_group__school_class__grade=1).exists()


def test_marks_only_for_students_enrolled_and_present(demo: None) -> None:
    enrolled: dict[int, list[tuple[int, datetime.date, datetime.date | None]]] = defaultdict(list)
    for row in Enrollment.objects.values_list(
        "school_class_id", "student_id", "start_date", "end_date"
    ):
        enrolled[row[0]].append(row[1:])
    members: dict[int, list[tuple[int, datetime.date, datetime.date | None]]] = defaultdict(list)
    for row in StudyGroupMembership.objects.values_list(
        "group_id", "student_id", "start_date", "end_date"
    ):
        members[row[0]].append(row[1:])
    absent = set(AttendanceMark.objects.exclude(code="о").values_list("lesson_id", "student_id"))
    rows = Mark.objects.values_list(
        "student_id",
        "assignment__lesson_id",
        "assignment__lesson__date",
        "assignment__lesson__school_class_id",
        "assignment__lesson__study_group_id",
        "school_id",
        "assignment__school_id",
    )
    assert rows
    for student, lesson, day, class_id, group_id, school, assignment_school in rows:
        spans = enrolled[class_id] if class_id else members[group_id]
        assert any(
            s == student and start <= day and (end is None or day <= end) for s, start, end in spans
        ), (student, lesson, day)
        assert (lesson, student) not in absent
        assert school == assignment_school


def test_only_lessons_that_took_place_in_the_weeks(demo: None) -> None:
    first = TODAY - datetime.timedelta(weeks=WEEKS)
    lessons = Lesson.objects.filter(assignments__isnull=False).distinct()
    assert lessons.exists()
    assert not lessons.filter(date__gte=TODAY).exists()
    assert not lessons.filter(date__lt=first).exists()
    assert not lessons.exclude(status=LessonStatus.SCHEDULED).exists()
    assert not AttendanceMark.objects.filter(lesson__date__gte=TODAY).exists()


def test_distribution_is_sane(demo: None) -> None:
    values = Counter(Mark.objects.values_list("value", flat=True))
    total = sum(values.values())
    assert set(values) <= {"2", "3", "4", "5"}
    mean = sum(int(v) * n for v, n in values.items()) / total
    assert 3.5 < mean < 4.3
    assert values["2"] < values["4"]
    assert values["5"] > values["2"]
    # about a third of the audience answers in a lesson with marks
    oral = Assignment.objects.exclude(work_type__name__in=[TEST, HOMEWORK])
    per_lesson = [a.marks.count() for a in oral.prefetch_related("marks")[:200]]
    assert 2 <= statistics.mean(per_lesson) <= 14
    # контрольные for the whole audience now and then, homework on about a third of lessons
    tests = Assignment.objects.filter(work_type__name=TEST)
    assert tests.exists()
    marked = Lesson.objects.filter(date__lt=TODAY, assignments__isnull=False).distinct().count()
    homework = Assignment.objects.filter(work_type__name=HOMEWORK)
    assert 0.2 < homework.count() / marked < 0.45
    assert not homework.filter(text="").exists()
    assert not homework.filter(due_date__lte=F("lesson__date")).exists()
    # absences are about 5 % of student-lessons, mostly illness
    codes = Counter(AttendanceMark.objects.values_list("code", flat=True))
    assert codes["б"] > codes["н"]
    assert codes["б"] > codes["у"]


def test_topics_come_from_the_thematic_plans(demo: None) -> None:
    first = TODAY - datetime.timedelta(weeks=WEEKS)
    bound = Lesson.objects.filter(
        plan_topic__isnull=False,
        date__gte=first,
        date__lt=TODAY,
        status=LessonStatus.SCHEDULED,
    ).select_related("plan_topic")
    assert bound.exists()
    for lesson in bound[:100]:
        assert lesson.topic == lesson.plan_topic.title


def test_zero_weeks_leave_the_journal_empty(db: None) -> None:
    with time_machine.travel(NOON, tick=True):
        seed_demo(schools=1, students_per_school=40, seed=7, today=TODAY, weeks=0)
    assert WorkType.objects.exists()
    assert not Assignment.objects.exists()
    assert not Mark.objects.exists()


def test_journal_seeds_fast(db: None) -> None:
    # given a demo school without its journal
    with time_machine.travel(NOON, tick=True):
        seed_demo(schools=1, students_per_school=300, seed=7, today=TODAY, weeks=0)
        year = AcademicYear.objects.get()
        # when six weeks of journal are written
        started = time.perf_counter()
        counts = build_journal(year=year, today=TODAY, weeks=6, seed=7)
        seconds = time.perf_counter() - started
    # then thousands of rows take a few seconds at most
    assert counts.marks > 5000
    assert Mark.objects.count() == counts.marks
    assert seconds < 10
