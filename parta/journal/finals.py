"""The final marks of a class or study group in a subject for a year: students × (study
periods, year, exam, final) with the stored FinalMark of each cell and the suggestions — a
period's from the marks of its lessons (the school's averaging and rounding threshold, flagged
with fewer marks than the school's minimum), the year's from the period marks (their mean, ties
upward). Five queries whatever the number of students, lessons and marks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from parta.journal.calculations import (
    TWO_PLACES,
    Suggestion,
    WeightedMark,
    averages,
    points,
    rounded,
    suggestion,
)
from parta.journal.choices import Averaging, FinalMarkKind
from parta.journal.models import FinalMark, JournalSettings, Mark
from parta.journal.selectors import (
    StudentRow,
    _rows,
    journal_lessons,
    school_scale,
    school_settings,
)
from parta.organizations.models import StudyPeriod

#: the columns after the periods
YEAR_KINDS = (FinalMarkKind.YEAR, FinalMarkKind.EXAM, FinalMarkKind.FINAL)
HALF = Decimal("0.5")


@dataclass
class FinalCell:
    mark: FinalMark | None = None
    average: Decimal | None = None
    suggestion: Suggestion | None = None


@dataclass
class FinalsGrid:
    school: Any
    school_class: Any
    study_group: Any
    subject: Any
    academic_year: Any
    periods: list[StudyPeriod]
    #: ids of the closed study periods
    closed: set[int]
    students: list[StudentRow]
    #: (student id, column key) → cell; the key is the period id or the kind
    cells: dict[tuple[int, int | str], FinalCell] = field(default_factory=dict)
    settings: JournalSettings | None = None
    scale: dict[str, int | None] = field(default_factory=dict)

    @property
    def columns(self) -> list[int | str]:
        return [period.pk for period in self.periods] + [str(kind) for kind in YEAR_KINDS]

    def cell(self, student_id: int, key: int | str) -> FinalCell:
        return self.cells[(student_id, key)]


def year_suggestion(period_values: Sequence[str], scale: dict[str, int | None]) -> Suggestion:
    """The mean of the period marks that count, ties upward (3.5 → 4); flagged when a period has
    no counting mark."""
    counted = [point for value in period_values for point in points(value, scale)]
    if not counted:
        return Suggestion(None, too_few=True)
    mean = (Decimal(sum(counted)) / len(counted)).quantize(TWO_PLACES, ROUND_HALF_UP)
    return Suggestion(rounded(mean, HALF), too_few=len(counted) < len(period_values))


def _periods(school: Any, school_class: Any, study_group: Any, academic_year: Any) -> Any:
    found = StudyPeriod.objects.for_school(school).filter(period_set__academic_year=academic_year)
    class_ = school_class if school_class is not None else study_group.school_class
    if class_ is not None:
        found = found.filter(period_set_id=class_.period_set_id)
    else:  # a grade group: the periods of its members' classes
        found = found.filter(
            period_set__classes__grade=study_group.grade,
            period_set__classes__academic_year=academic_year,
        ).distinct()
    return found.select_related("closure").order_by("period_set_id", "number")


def final_marks_grid(
    *,
    school: Any,
    school_class: Any = None,
    study_group: Any = None,
    subject: Any,
    academic_year: Any,
) -> FinalsGrid:
    if (school_class is None) == (study_group is None):
        raise ValueError("final_marks_grid needs either a class or a study group")
    settings = school_settings(school)
    scale = school_scale(settings)
    periods = list(_periods(school, school_class, study_group, academic_year))
    if periods:
        first_set = periods[0].period_set_id
        periods = [period for period in periods if period.period_set_id == first_set]
    closed = {period.pk for period in periods if hasattr(period, "closure")}
    students = _rows(
        school, school_class, study_group, academic_year.start_date, academic_year.end_date
    )
    student_ids = [row.student.pk for row in students]
    grid = FinalsGrid(
        school=school,
        school_class=school_class,
        study_group=study_group,
        subject=subject,
        academic_year=academic_year,
        periods=periods,
        closed=closed,
        students=students,
        settings=settings,
        scale=scale,
    )
    lessons = journal_lessons(
        school=school, school_class=school_class, study_group=study_group, subject=subject
    ).filter(academic_year=academic_year)
    by_period: dict[tuple[int, int], list[WeightedMark]] = defaultdict(list)
    if student_ids and periods:
        rows = Mark.objects.filter(
            school=school, student_id__in=student_ids, assignment__lesson__in=lessons
        ).values_list(
            "student_id", "value", "assignment__work_type__weight", "assignment__lesson__date"
        )
        for student_id, value, weight, day in rows:
            for period in periods:
                if period.start_date <= day <= period.end_date:
                    by_period[(student_id, period.pk)].append(WeightedMark(value, weight))
                    break
    stored: dict[tuple[int, int | str], FinalMark] = {}
    if student_ids:
        for mark in FinalMark.objects.filter(
            school=school, academic_year=academic_year, subject=subject, student_id__in=student_ids
        ):
            key = mark.study_period_id if mark.kind == FinalMarkKind.PERIOD else mark.kind
            if key is not None:
                stored[(mark.student_id, key)] = mark
    weighted = settings.averaging == Averaging.WEIGHTED
    for student_id in student_ids:
        period_values: list[str] = []
        for period in periods:
            found = averages(by_period[(student_id, period.pk)], scale)
            average = found.weighted if weighted else found.arithmetic
            cell = FinalCell(
                mark=stored.get((student_id, period.pk)),
                average=average,
                suggestion=suggestion(
                    average,
                    found.count,
                    threshold=settings.rounding_threshold,
                    min_marks=settings.min_marks,
                ),
            )
            grid.cells[(student_id, period.pk)] = cell
            period_values.append(cell.mark.value if cell.mark is not None else "")
        for kind in YEAR_KINDS:
            grid.cells[(student_id, str(kind))] = FinalCell(
                mark=stored.get((student_id, str(kind))),
                suggestion=year_suggestion(period_values, scale)
                if kind == FinalMarkKind.YEAR
                else None,
            )
    return grid
