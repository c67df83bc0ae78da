"""The journal's pure rules, case by case."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from parta.journal.calculations import (
    WeightedMark,
    averages,
    is_valid,
    normalize,
    points,
    rounded,
    suggestion,
    within_window,
)
from parta.journal.scales import FIVE_POINT_VALUES

SCALE = {str(row["value"]): row["points"] for row in FIVE_POINT_VALUES}
D = Decimal


@pytest.mark.parametrize(
    ("typed", "value"),
    [("5", "5"), (" 5 / 4 ", "5/4"), ("Н/А", "н/а"), ("h/a", "н/а"), ("ОСВ", "осв")],
)
def test_normalize(typed: str, value: str) -> None:
    assert normalize(typed) == value


@pytest.mark.parametrize(
    ("value", "valid", "counted"),
    [
        ("5", True, [5]),
        ("1", True, [1]),
        ("5/4", True, [5, 4]),
        ("н/а", True, []),
        ("осв", True, []),
        ("зч", True, []),
        ("нз", True, []),
        ("6", False, []),
        ("5/н/а", False, []),
        ("5/4/3", False, [5, 4, 3]),
        ("", False, []),
        ("н", False, []),
    ],
)
def test_values_of_the_five_point_scale(value: str, valid: bool, counted: list[int]) -> None:
    assert is_valid(value, SCALE) is valid
    assert points(value, SCALE) == counted


@pytest.mark.parametrize(
    ("marks", "arithmetic", "weighted", "count"),
    [
        ([], None, None, 0),
        ([("5", "1")], D("5.00"), D("5.00"), 1),
        ([("5", "1"), ("4", "1"), ("4", "1")], D("4.33"), D("4.33"), 3),
        # a контрольная of weight 3 pulls the weighted average down
        ([("5", "1"), ("5", "1"), ("2", "3")], D("4.00"), D("3.20"), 3),
        # special values and the duty flag alone count in no average
        ([("5", "1"), ("н/а", "1"), ("осв", "2"), ("", "1")], D("5.00"), D("5.00"), 1),
        # a double mark counts as two marks with its assignment's weight
        ([("5/3", "2"), ("4", "1")], D("4.00"), D("4.00"), 3),
        ([("5/4", "1.5")], D("4.50"), D("4.50"), 2),
    ],
)
def test_averages(
    marks: list[tuple[str, str]], arithmetic: Decimal | None, weighted: Decimal | None, count: int
) -> None:
    result = averages([WeightedMark(value, D(weight)) for value, weight in marks], SCALE)
    assert (result.arithmetic, result.weighted, result.count) == (arithmetic, weighted, count)


@pytest.mark.parametrize(
    ("average", "threshold", "mark"),
    [
        (D("2.5"), D("0.5"), 3),
        (D("2.49"), D("0.5"), 2),
        (D("2.5"), D("0.6"), 2),
        (D("2.6"), D("0.6"), 3),
        (D("4.0"), D("0.5"), 4),
        (D("4.99"), D("0.5"), 5),
        (D("1.0"), D("0.5"), 1),
    ],
)
def test_rounding_threshold(average: Decimal, threshold: Decimal, mark: int) -> None:
    assert rounded(average, threshold) == mark


@pytest.mark.parametrize(
    ("average", "count", "min_marks", "mark", "too_few"),
    [
        (D("4.5"), 5, 3, 5, False),
        (D("4.5"), 2, 3, 5, True),
        (D("3.4"), 3, 3, 3, False),
        (None, 0, 3, None, True),
        (None, 0, 0, None, False),
    ],
)
def test_suggestion(
    average: Decimal | None, count: int, min_marks: int, mark: int | None, too_few: bool
) -> None:
    result = suggestion(average, count, threshold=D("0.5"), min_marks=min_marks)
    assert (result.mark, result.too_few) == (mark, too_few)


@pytest.mark.parametrize(
    ("lesson", "today", "window", "open_"),
    [
        (datetime.date(2026, 9, 1), datetime.date(2026, 9, 1), 0, True),
        (datetime.date(2026, 9, 1), datetime.date(2026, 9, 2), 0, False),
        (datetime.date(2026, 9, 1), datetime.date(2026, 9, 8), 7, True),
        (datetime.date(2026, 9, 1), datetime.date(2026, 9, 9), 7, False),
        # a lesson in the future (a test planned ahead) is open
        (datetime.date(2026, 9, 10), datetime.date(2026, 9, 1), 7, True),
    ],
)
def test_edit_window(lesson: datetime.date, today: datetime.date, window: int, open_: bool) -> None:
    assert within_window(lesson, today, window) is open_
