"""The final marks grid: the period suggestion from the period's marks (the school's averaging
and threshold, the too-few flag), the year suggestion from the period marks, the stored marks
and closed periods, and a cost that does not grow with the class."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from parta.core.testing import factories as f
from parta.journal.calculations import Suggestion
from parta.journal.choices import Averaging, FinalMarkKind
from parta.journal.finals import final_marks_grid, year_suggestion
from parta.journal.models import FinalMark, JournalSettings, PeriodClosure
from parta.journal.scales import FIVE_POINT_VALUES
from parta.journal.tests.test_services_rig import Rig
from parta.people.models import StudyGroupMembership

SCALE = {str(row["value"]): row.get("points") for row in FIVE_POINT_VALUES}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["5", "4", "4", "5"], Suggestion(5, too_few=False)),  # 4.5: ties upward
        (["4", "4", "3", "4"], Suggestion(4, too_few=False)),  # 3.75
        (["3", "4", "3", "3"], Suggestion(3, too_few=False)),  # 3.25
        (["5", "4", "", ""], Suggestion(5, too_few=True)),  # two periods without a mark
        (["н/а", "3", "4", "4"], Suggestion(4, too_few=True)),  # н/а counts in no mean
        (["", "", "", ""], Suggestion(None, too_few=True)),
    ],
)
def test_year_suggestion_is_the_mean_of_period_marks_ties_upward(
    values: list[str], expected: Suggestion
) -> None:
    assert year_suggestion(values, SCALE) == expected


def _marks(rig: Rig, values: list[str], weight: str = "1", student: Any = None) -> None:
    work_type = f.WorkTypeFactory.create(
        school=rig.school, name=f"w{weight}", abbreviation="w", weight=Decimal(weight)
    )
    for value in values:
        assignment = f.AssignmentFactory.create(lesson=rig.lesson, work_type=work_type)
        f.MarkFactory.create(assignment=assignment, student=student or rig.student, value=value)


def _settings(rig: Rig, **values: Any) -> None:
    JournalSettings.objects.update_or_create(school=rig.school, defaults=values)


def _grid(rig: Rig) -> Any:
    return final_marks_grid(
        school=rig.school,
        school_class=rig.school_class,
        subject=rig.subject,
        academic_year=rig.year,
    )


@pytest.mark.parametrize(
    ("settings", "marks", "expected"),
    [
        ({}, [("5", "1"), ("4", "1"), ("4", "1")], (Decimal("4.33"), 4, False)),
        (
            {"rounding_threshold": Decimal("0.3")},
            [("5", "1"), ("4", "1"), ("4", "1")],
            (Decimal("4.33"), 5, False),
        ),
        ({}, [("5", "1"), ("4", "1")], (Decimal("4.50"), 5, True)),
        (
            {"rounding_threshold": Decimal("0.6")},
            [("5", "1"), ("4", "1"), ("5", "1"), ("4", "1")],
            (Decimal("4.50"), 4, False),
        ),
        (
            {"averaging": Averaging.WEIGHTED},
            [("5", "2"), ("3", "1"), ("3", "1")],
            (Decimal("4.00"), 4, False),
        ),
        (
            {"averaging": Averaging.ARITHMETIC},
            [("5", "2"), ("3", "1"), ("3", "1")],
            (Decimal("3.67"), 4, False),
        ),
        ({"min_marks": 0}, [("н/а", "1")], (None, None, False)),
        ({}, [], (None, None, True)),
    ],
)
def test_period_suggestion_from_the_periods_marks(
    db: None, settings: dict[str, Any], marks: list[tuple[str, str]], expected: tuple[Any, ...]
) -> None:
    # given marks in a lesson of the first quarter and the school's settings
    rig = Rig()
    _settings(rig, **settings)
    for value, weight in marks:
        _marks(rig, [value], weight)
    # when the grid is read
    grid = _grid(rig)
    first = grid.periods[0]
    cell = grid.cell(rig.student.pk, first.pk)
    # then the first quarter suggests the rounded average; other quarters suggest nothing
    assert cell.suggestion is not None
    assert (cell.average, cell.suggestion.mark, cell.suggestion.too_few) == expected
    assert grid.cell(rig.student.pk, grid.periods[1].pk).average is None


def test_grid_shows_stored_marks_closed_periods_and_the_year_suggestion(db: None) -> None:
    rig = Rig()
    periods = list(rig.school_class.period_set.periods.order_by("number"))
    for period, value in zip(periods, ["5", "4", "4", "5"], strict=True):
        FinalMark.objects.create(
            school=rig.school,
            academic_year=rig.year,
            student=rig.student,
            subject=rig.subject,
            kind=FinalMarkKind.PERIOD,
            study_period=period,
            value=value,
        )
    FinalMark.objects.create(
        school=rig.school,
        academic_year=rig.year,
        student=rig.student,
        subject=rig.subject,
        kind=FinalMarkKind.EXAM,
        value="3",
    )
    PeriodClosure.objects.create(school=rig.school, study_period=periods[0])
    grid = _grid(rig)
    assert [p.pk for p in grid.periods] == [p.pk for p in periods]
    assert grid.closed == {periods[0].pk}
    assert [grid.cell(rig.student.pk, p.pk).mark.value for p in periods] == ["5", "4", "4", "5"]
    assert grid.cell(rig.student.pk, "exam").mark.value == "3"
    assert grid.cell(rig.student.pk, "year").mark is None
    assert grid.cell(rig.student.pk, "year").suggestion == Suggestion(5, too_few=False)
    # the other student has nothing stored and no year suggestion
    assert grid.cell(rig.student2.pk, "year").suggestion == Suggestion(None, too_few=True)
    assert {row.student.pk for row in grid.students} == {rig.student.pk, rig.student2.pk}


def test_grid_of_a_study_group(db: None) -> None:
    rig = Rig()
    group = f.StudyGroupFactory.create(school_class=rig.school_class)
    StudyGroupMembership.objects.create(
        school=rig.school, group=group, student=rig.student, start_date=rig.year.start_date
    )
    grid = final_marks_grid(
        school=rig.school, study_group=group, subject=rig.subject, academic_year=rig.year
    )
    assert [row.student.pk for row in grid.students] == [rig.student.pk]
    assert len(grid.periods) == 4


@pytest.mark.parametrize("size", [5, 30])
def test_grid_costs_the_same_for_5_and_30_students(
    db: None, size: int, django_assert_num_queries: Any
) -> None:
    rig = Rig()
    for _ in range(size - 2):
        student = f.EnrollmentFactory.create(school_class=rig.school_class).student
        _marks(rig, ["5", "4"], student=student)
        FinalMark.objects.create(
            school=rig.school,
            academic_year=rig.year,
            student=student,
            subject=rig.subject,
            kind=FinalMarkKind.YEAR,
            value="4",
        )
    # settings, periods, students, marks, final marks
    with django_assert_num_queries(5):
        grid = _grid(rig)
    assert len(grid.students) == size
