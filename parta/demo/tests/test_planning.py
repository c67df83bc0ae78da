"""The pure parts of the demo's plans and assessment schedule."""

from __future__ import annotations

import datetime

import pytest

from parta.demo.planning import hours_split, pick_lesson, syllabus_rows
from parta.demo.syllabus import CLASS_SYLLABI, GROUP_SYLLABI

D = datetime.date


@pytest.mark.parametrize(
    ("total", "count", "expected"),
    [(10, 4, [3, 3, 2, 2]), (4, 4, [1, 1, 1, 1]), (3, 5, [1, 1, 1, 0, 0]), (7, 0, [])],
)
def test_hours_split(total: int, count: int, expected: list[int]) -> None:
    assert hours_split(total, count) == expected
    assert sum(expected) == (total if count else 0)


@pytest.mark.parametrize(("name", "syllabus"), [*CLASS_SYLLABI, *GROUP_SYLLABI])
def test_syllabus_rows_take_the_year_of_hours(name: str, syllabus: object) -> None:
    rows = syllabus_rows(syllabus, weekly_hours=3)  # type: ignore[arg-type]
    assert sum(row.hours for row in rows) == 3 * 34
    assert all(row.title and row.section for row in rows)


def test_pick_lesson_avoids_the_first_and_last_lesson() -> None:
    maths, russian = 1, 2
    days = {
        # Monday: maths is the first lesson — skipped
        D(2026, 10, 19): [(1, maths, 10), (2, russian, 11), (3, russian, 12)],
        # Tuesday: maths in the middle
        D(2026, 10, 20): [(1, russian, 20), (2, maths, 21), (3, russian, 22)],
    }
    assert pick_lesson(days, maths, D(2026, 10, 19), D(2026, 10, 25)) == (D(2026, 10, 20), 21)
    assert pick_lesson(days, maths, D(2026, 10, 19), D(2026, 10, 19)) is None
    assert pick_lesson(days, 3, D(2026, 10, 1), D(2026, 10, 31)) is None
    # a day already taken by another procedure of the class is skipped
    assert pick_lesson(days, russian, D(2026, 10, 19), D(2026, 10, 25), {D(2026, 10, 19)}) is None
