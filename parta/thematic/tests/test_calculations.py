import datetime
from decimal import Decimal

import pytest

from parta.thematic.calculations import (
    HoursLine,
    bind,
    distribute,
    lessons_for_hours,
    plan_hours_by_period,
    study_days,
)


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        (Decimal("0.5"), 1),
        (Decimal("1"), 1),
        (Decimal("1.5"), 2),
        (Decimal("2"), 2),
        (Decimal("12"), 12),
    ],
)
def test_lessons_for_hours_rounds_up(hours: Decimal, expected: int) -> None:
    assert lessons_for_hours(hours) == expected


@pytest.mark.parametrize(
    ("topics", "lessons", "expected", "unbound", "short"),
    [
        # exact fit
        ([("a", Decimal(1)), ("b", Decimal(2))], 3, ["a", "b", "b"], [], []),
        # lessons beyond the plan stay free
        ([("a", Decimal(1))], 3, ["a", None, None], [], []),
        # topics beyond the lessons are reported
        ([("a", Decimal(2)), ("b", Decimal(1)), ("c", Decimal(1))], 2, ["a", "a"], ["b", "c"], []),
        # a topic cut short by the end of the calendar
        ([("a", Decimal(1)), ("b", Decimal(3))], 2, ["a", "b"], [], ["b"]),
        # half an hour still takes a lesson
        ([("a", Decimal("0.5")), ("b", Decimal("1.5"))], 3, ["a", "b", "b"], [], []),
        # no lessons at all
        ([("a", Decimal(1))], 0, [], ["a"], []),
        # no topics
        ([], 2, [None, None], [], []),
    ],
)
def test_bind_spreads_topics_over_lessons_in_order(
    topics: list[tuple[str, Decimal]],
    lessons: int,
    expected: list[str | None],
    unbound: list[str],
    short: list[str],
) -> None:
    result = bind(topics, lessons)
    assert result.lesson_topics == expected
    assert result.unbound_topics == unbound
    assert result.short_topics == short


@pytest.mark.parametrize(
    ("total", "weights", "expected"),
    [
        (Decimal(170), [40, 40, 50, 40], [Decimal(40), Decimal(40), Decimal(50), Decimal(40)]),
        (Decimal(34), [1, 1, 1], [Decimal("11.5"), Decimal("11.5"), Decimal(11)]),
        (Decimal(17), [5, 5], [Decimal("8.5"), Decimal("8.5")]),
        (Decimal(10), [0, 0], [Decimal(0), Decimal(0)]),
        (Decimal(5), [], []),
        (Decimal(3), [1, 0], [Decimal(3), Decimal(0)]),
    ],
)
def test_distribute_keeps_the_total(
    total: Decimal, weights: list[int], expected: list[Decimal]
) -> None:
    parts = distribute(total, weights)
    assert parts == expected
    if weights and sum(weights):
        assert sum(parts) == total


def test_study_days_skip_weekends_and_closed_days() -> None:
    monday = datetime.date(2026, 9, 7)
    closed = {monday + datetime.timedelta(days=2)}
    assert study_days(monday, monday + datetime.timedelta(days=13), closed) == 9
    assert study_days(monday, monday + datetime.timedelta(days=6), set(), weekdays=6) == 6
    assert study_days(monday, monday - datetime.timedelta(days=1), set()) == 0


def test_plan_hours_by_period_places_topics_by_their_date() -> None:
    periods = [
        (datetime.date(2026, 9, 1), datetime.date(2026, 10, 24)),
        (datetime.date(2026, 11, 5), datetime.date(2026, 12, 28)),
    ]
    topics = [
        (Decimal(2), datetime.date(2026, 9, 2)),
        (Decimal(1), datetime.date(2026, 11, 5)),
        (Decimal("0.5"), None),
        (Decimal(3), datetime.date(2026, 10, 30)),  # the holidays: outside every period
    ]
    per_period, unplaced = plan_hours_by_period(topics, periods)
    assert per_period == [Decimal(2), Decimal(1)]
    assert unplaced == Decimal("3.5")


@pytest.mark.parametrize(
    ("line", "ok", "plan_diff", "lessons_diff"),
    [
        (HoursLine("1", Decimal(10), Decimal(10), 10), True, Decimal(0), Decimal(0)),
        (HoursLine("1", Decimal(10), Decimal(8), 12), False, Decimal(-2), Decimal(2)),
        (HoursLine("1", None, Decimal(8), 8), True, None, None),
        (HoursLine("Year", Decimal(34), Decimal(34), None), True, Decimal(0), None),
    ],
)
def test_hours_line_differences(
    line: HoursLine, ok: bool, plan_diff: Decimal | None, lessons_diff: Decimal | None
) -> None:
    assert line.ok is ok
    assert line.plan_vs_curriculum == plan_diff
    assert line.lessons_vs_curriculum == lessons_diff
