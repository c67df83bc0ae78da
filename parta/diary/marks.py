"""Reads of the marks page: a student's marks per subject in a study period (or the whole
year) with the averages of the journal, the period and year marks, the chart points of the
weighted average, and the overdue mandatory work. A constant number of queries whatever the
number of marks (`marks_page`: six; `overdue_work`: two).

Averages are the journal's (`journal.calculations.averages` over the school's scale): special
values count in none, a double mark «5/4» counts twice. A mark-free class or subject
(«без отметок») shows no marks and no averages.

Overdue mandatory work (kept simple, see docs/diary-marks-calendar.md):

* a duty flag (точка/долг) the teacher set on the student's mark and has not yet replaced with
  a value (`Mark.is_duty` with an empty value), in the student's academic year;
* homework past due: an assignment with a due date before today, of a lesson of the student
  (a class lesson while enrolled, a study-group lesson while a member; not cancelled), in the
  academic year, with no mark of the student on it and not ticked done by the student.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Exists, OuterRef

from parta.diary.calendar import student_lessons_q
from parta.diary.charts import ChartPoint, average_chart
from parta.journal.calculations import TWO_PLACES, Averages, WeightedMark, averages, points
from parta.journal.choices import FinalMarkKind
from parta.journal.models import Assignment, FinalMark, Mark
from parta.journal.selectors import mark_free_exists, school_scale, school_settings

YEAR = "year"


@dataclass(frozen=True)
class MarkEntry:
    mark_id: int
    day: datetime.date
    value: str
    comment: str
    is_duty: bool
    work_type: str
    weight: Decimal
    title: str


@dataclass
class SubjectMarks:
    subject_id: int
    subject_name: str
    mark_free: bool = False
    marks: list[MarkEntry] = field(default_factory=list)
    averages: Averages = field(default_factory=lambda: Averages(None, None, 0))
    period_marks: list[Any] = field(default_factory=list)
    year_mark: Any = None
    chart_points: list[ChartPoint] = field(default_factory=list)
    chart: str = ""


@dataclass
class OverdueItem:
    kind: str  # "duty" or "homework"
    day: datetime.date
    subject_name: str
    title: str
    work_type: str


@dataclass
class MarksPage:
    student: Any
    school_class: Any
    academic_year: Any
    periods: list[Any]
    #: the chosen study period; None for the whole year
    period: Any
    start: datetime.date | None
    end: datetime.date | None
    subjects: list[SubjectMarks]
    overdue: list[OverdueItem]


def visible_student(user: Any, school: Any, student_id: int) -> Any:
    """The student of the school if the user reads their diary (the week's rule,
    `diary.selectors.readable_student`: the student, their parents, the class teacher, those
    who read the whole school), else None. One query."""
    from parta.diary.selectors import readable_student

    return readable_student(user, school, student_id)


def student_place(student: Any, today: datetime.date) -> Any:
    """The student's enrollment of today, else the latest one (class and year selected). One
    query."""
    from parta.people.models import Enrollment

    rows = list(
        Enrollment.objects.filter(school_id=student.school_id, student_id=student.pk)
        .select_related("school_class__academic_year")
        .order_by("-start_date")
    )
    for row in rows:
        if row.start_date <= today and (row.end_date is None or today <= row.end_date):
            return row
    return rows[0] if rows else None


def choose_period(periods: list[Any], wanted: str | None, today: datetime.date) -> Any:
    """The period named by `wanted` (an id), None for «year», else the current one (the last
    that has started; the first before the year starts)."""
    if wanted == YEAR:
        return None
    if wanted and wanted.isdigit():
        for period in periods:
            if period.pk == int(wanted):
                return period
    started = [period for period in periods if period.start_date <= today]
    if started:
        return started[-1]
    return periods[0] if periods else None


def _scale_bounds(scale: dict[str, int | None]) -> tuple[Decimal, Decimal]:
    counted = [value for value in scale.values() if value is not None]
    if not counted:
        return Decimal(0), Decimal(5)
    return Decimal(min(counted)), Decimal(max(counted))


def chart_points(marks: list[MarkEntry], scale: dict[str, int | None]) -> list[ChartPoint]:
    """The weighted average after each dated mark that counts, cumulative, in date order (the
    same sums as `journal.calculations.averages`)."""
    found: list[ChartPoint] = []
    weighted_total = Decimal(0)
    weights = Decimal(0)
    for mark in marks:
        counted = points(mark.value, scale)
        if not counted:
            continue
        for value in counted:
            weighted_total += value * mark.weight
            weights += mark.weight
        if weights:
            found.append(
                ChartPoint(mark.day, (weighted_total / weights).quantize(TWO_PLACES, ROUND_HALF_UP))
            )
    return found


def _year_marks(school: Any, student: Any, year: Any, class_id: int | None) -> list[Any]:
    return list(
        Mark.objects.filter(
            school=school, student_id=student.pk, assignment__lesson__academic_year=year
        )
        .annotate(
            mark_free=mark_free_exists(school, class_id, OuterRef("assignment__lesson__subject_id"))
        )
        .select_related("assignment__work_type", "assignment__lesson__subject")
        .order_by(
            "assignment__lesson__date",
            "assignment__lesson__slot_number",
            "assignment__position",
            "pk",
        )
    )


def _final_marks(school: Any, student: Any, year: Any, class_id: int | None) -> list[Any]:
    return list(
        FinalMark.objects.filter(
            school=school,
            student_id=student.pk,
            academic_year=year,
            kind__in=[FinalMarkKind.PERIOD, FinalMarkKind.YEAR],
        )
        .annotate(mark_free=mark_free_exists(school, class_id, OuterRef("subject_id")))
        .select_related("subject", "study_period")
        .order_by("study_period__number", "pk")
    )


def _entry(mark: Any) -> MarkEntry:
    assignment = mark.assignment
    return MarkEntry(
        mark_id=mark.pk,
        day=assignment.lesson.date,
        value=mark.value,
        comment=mark.comment,
        is_duty=mark.is_duty,
        work_type=assignment.work_type.name,
        weight=assignment.work_type.weight,
        title=assignment.title,
    )


def marks_page(
    *, school: Any, student: Any, wanted_period: str | None, today: datetime.date, chart_title: str
) -> MarksPage:
    """The marks page of a visible student. Six queries whatever the number of marks: the
    enrollment, the periods, the school's settings, the year's marks, the final marks, and the
    overdue homework (the duty flags come from the year's marks). `chart_title` has a `%(subject)s` placeholder."""
    from parta.organizations.models import StudyPeriod

    place = student_place(student, today)
    if place is None:
        return MarksPage(student, None, None, [], None, None, None, [], [])
    school_class = place.school_class
    year = school_class.academic_year
    periods = list(
        StudyPeriod.objects.filter(
            school=school, period_set_id=school_class.period_set_id
        ).order_by("number")
    )
    period = choose_period(periods, wanted_period, today)
    start = period.start_date if period is not None else year.start_date
    end = period.end_date if period is not None else year.end_date
    scale = school_scale(school_settings(school))
    low, high = _scale_bounds(scale)

    subjects: dict[int, SubjectMarks] = {}

    def subject_of(subject: Any, mark_free: bool) -> SubjectMarks:
        found = subjects.get(subject.pk)
        if found is None:
            found = subjects[subject.pk] = SubjectMarks(subject.pk, subject.name, mark_free)
        return found

    weighted: dict[int, list[WeightedMark]] = defaultdict(list)
    year_marks = _year_marks(school, student, year, school_class.pk)
    for mark in year_marks:
        lesson = mark.assignment.lesson
        if not start <= lesson.date <= end:
            continue
        row = subject_of(lesson.subject, mark.mark_free)
        if row.mark_free:
            continue
        row.marks.append(_entry(mark))
        weighted[row.subject_id].append(WeightedMark(mark.value, mark.assignment.work_type.weight))
    for final in _final_marks(school, student, year, school_class.pk):
        row = subject_of(final.subject, final.mark_free)
        if row.mark_free:
            continue
        if final.kind == FinalMarkKind.YEAR:
            row.year_mark = final
        elif period is None or final.study_period_id == period.pk:
            row.period_marks.append(final)
    for row in subjects.values():
        row.averages = averages(weighted[row.subject_id], scale)
        row.chart_points = chart_points(row.marks, scale)
        row.chart = average_chart(
            row.chart_points, title=chart_title % {"subject": row.subject_name}, low=low, high=high
        )
    return MarksPage(
        student=student,
        school_class=school_class,
        academic_year=year,
        periods=periods,
        period=period,
        start=start,
        end=end,
        subjects=sorted(subjects.values(), key=lambda row: (row.subject_name, row.subject_id)),
        overdue=overdue_work(
            school=school, student=student, year=year, today=today, year_marks=year_marks
        ),
    )


def overdue_work(
    *,
    school: Any,
    student: Any,
    year: Any,
    today: datetime.date,
    year_marks: list[Any] | None = None,
) -> list[OverdueItem]:
    """The student's overdue mandatory work in the year (the rule in the module's docstring),
    oldest first. Two queries (one when the year's marks are passed in)."""
    from parta.diary.models import HomeworkCompletion
    from parta.timetable.choices import LessonStatus

    if year_marks is None:
        year_marks = _year_marks(school, student, year, None)
    items = [
        OverdueItem(
            kind="duty",
            day=mark.assignment.lesson.date,
            subject_name=mark.assignment.lesson.subject.name,
            title=mark.assignment.title,
            work_type=mark.assignment.work_type.name,
        )
        for mark in year_marks
        if mark.is_duty and not mark.value
    ]
    marked = Mark.objects.filter(assignment_id=OuterRef("pk"), student_id=student.pk)
    done = HomeworkCompletion.objects.filter(
        school=school, assignment_id=OuterRef("pk"), student_id=student.pk
    )
    homework = (
        Assignment.objects.filter(
            school=school,
            due_date__lt=today,
            due_date__gte=year.start_date,
            lesson__academic_year=year,
        )
        .exclude(lesson__status=LessonStatus.CANCELLED)
        .filter(student_lessons_q(student.pk, "lesson__"))
        .filter(~Exists(marked), ~Exists(done))
        .select_related("work_type", "lesson__subject")
        .order_by("due_date", "lesson__date", "pk")
    )
    items.extend(
        OverdueItem(
            kind="homework",
            day=assignment.due_date,
            subject_name=assignment.lesson.subject.name,
            title=assignment.title or assignment.text[:100],
            work_type=assignment.work_type.name,
        )
        for assignment in homework
    )
    items.sort(key=lambda item: item.day)
    return items


def student_year(student: Any, today: datetime.date) -> Any:
    """The academic year of the student's current (or latest) class, or None."""
    place = student_place(student, today)
    return place.school_class.academic_year if place is not None else None
