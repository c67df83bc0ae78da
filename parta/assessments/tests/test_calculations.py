import datetime

import pytest

from parta.assessments.calculations import (
    Planned,
    WeekKey,
    YearKey,
    check_all,
    first_or_last,
    one_per_day,
    share_exceeded,
    too_close,
    too_many,
    week_start,
    without_lesson,
)
from parta.assessments.choices import Rule

D = datetime.date(2026, 10, 5)  # a Monday
MATH, RUS = 1, 2


def p(pid, day, subject=MATH, class_id=10, group=None, slot=None):
    return Planned(
        id=pid,
        class_id=class_id,
        class_name=f"{class_id}А",
        subject_id=subject,
        subject_name={MATH: "Математика", RUS: "Русский язык"}[subject],
        date=day,
        group_id=group,
        group_name=f"группа {group}" if group else "",
        slot_number=slot,
    )


def days(n):
    return datetime.timedelta(days=n)


@pytest.mark.parametrize(
    ("gap", "violates"), [(17, True), (18, False), (1, True), (19, False), (35, False)]
)
def test_interval_of_one_subject_is_at_least_18_days(gap, violates):
    # given two procedures of one subject in one class `gap` days apart
    found = too_close([p(1, D), p(2, D + days(gap))])
    # then 17 days (< 2.5 weeks) break the rule, 18 do not
    assert bool(found) is violates
    if violates:
        assert found[0].rule == Rule.INTERVAL
        assert found[0].dates == (D, D + days(gap))
        assert found[0].extra == {"days": gap}


def test_interval_checks_neighbours_only_and_by_audience():
    # given three procedures 10 days apart, another subject and another class in between
    items = [p(1, D), p(2, D + days(10)), p(3, D + days(20)), p(4, D + days(5), RUS)]
    items += [p(5, D + days(3), class_id=11), p(6, D + days(4), group=7)]
    found = too_close(items)
    # then only the two consecutive pairs of the same class and subject are listed
    assert [v.procedure_ids for v in found] == [(1, 2), (2, 3)]


@pytest.mark.parametrize(
    ("items", "count"),
    [
        ([p(1, D)], 0),
        ([p(1, D), p(2, D + days(1), RUS)], 0),  # different days
        ([p(1, D), p(2, D, RUS)], 1),  # two subjects on one day
        ([p(1, D), p(2, D, RUS, class_id=11)], 0),  # other class
        ([p(1, D, RUS, group=1), p(2, D, RUS, group=2)], 0),  # subgroups of one subject
        ([p(1, D, RUS, group=1), p(2, D, MATH, group=2)], 1),  # groups, different subjects
        ([p(1, D, RUS), p(2, D, RUS, group=2)], 1),  # whole class and a group
    ],
)
def test_at_most_one_procedure_per_class_per_day(items, count):
    found = one_per_day(items)
    assert len(found) == count
    if count:
        assert found[0].rule == Rule.ONE_PER_DAY
        assert found[0].dates == (D,)


SLOTS = {(10, D): [1, 2, 3, 4, 5]}


@pytest.mark.parametrize(
    ("slot", "week", "violates"),
    [
        (1, 3, True),  # first lesson
        (5, 3, True),  # last lesson
        (2, 3, False),
        (4, 3, False),
        (1, 1, False),  # a subject with one lesson that week is exempt
        (5, 2, True),  # two lessons a week: not exempt
        (None, 3, False),  # no lesson bound: not checked here
    ],
)
def test_not_in_the_first_or_last_lesson(slot, week, violates):
    weeks: dict[WeekKey, int] = {(10, None, MATH, week_start(D)): week}
    found = first_or_last([p(1, D, slot=slot)], SLOTS, weeks)
    assert bool(found) is violates
    if violates:
        assert found[0].extra == {"lesson": slot}


def test_a_single_lesson_day_is_both_first_and_last():
    weeks: dict[WeekKey, int] = {(10, None, MATH, week_start(D)): 4}
    assert first_or_last([p(1, D, slot=3)], {(10, D): [3]}, weeks)


def test_group_procedure_counts_whole_class_lessons_of_the_week():
    weeks: dict[WeekKey, int] = {
        (10, 7, MATH, week_start(D)): 1,
        (10, None, MATH, week_start(D)): 1,
    }
    assert first_or_last([p(1, D, group=7, slot=1)], SLOTS, weeks)


@pytest.mark.parametrize(
    ("count", "lessons", "exceeded"),
    [
        (1, 10, False),
        (2, 10, True),
        (2, 20, False),
        (3, 20, True),
        (1, 9, True),
        (0, 0, False),
        (1, 0, True),
        (10, 100, False),
        (11, 100, True),
    ],
)
def test_share_boundary_is_ten_percent(count, lessons, exceeded):
    assert share_exceeded(count, lessons) is exceeded


def test_too_many_counts_per_audience_and_subject():
    items = [p(1, D), p(2, D + days(20)), p(3, D, RUS)]
    lessons: dict[YearKey, int] = {(10, None, MATH): 19, (10, None, RUS): 10}
    (found,) = too_many(items, lessons)
    assert found.rule == Rule.SHARE
    assert found.procedure_ids == (1, 2)
    assert found.extra == {"count": 2, "lessons": 19}


def test_without_lesson_accepts_whole_class_lesson_for_a_group():
    days_with = {(10, None, MATH, D)}
    assert without_lesson([p(1, D, group=7)], days_with) == []
    assert [v.rule for v in without_lesson([p(1, D, RUS)], days_with)] == [Rule.NO_LESSON]
    assert without_lesson([p(1, D, RUS, slot=2)], set()) == []


def test_week_start_is_monday():
    assert week_start(datetime.date(2026, 10, 11)) == D
    assert week_start(D) == D


def test_check_all_orders_by_class_then_date_then_rule():
    items = [p(1, D, slot=1), p(2, D, RUS, slot=3), p(3, D + days(10), slot=2)]
    found = check_all(
        items,
        day_slots={(10, D): [1, 2, 3], (10, D + days(10)): [1, 2, 3]},
        week_lessons={(10, None, MATH, week_start(D)): 4, (10, None, RUS, week_start(D)): 4},
        year_lessons={(10, None, MATH): 100, (10, None, RUS): 100},
        lesson_days=set(),
    )
    assert [v.rule for v in found] == [
        Rule.ONE_PER_DAY,
        Rule.FIRST_OR_LAST,
        Rule.FIRST_OR_LAST,
        Rule.INTERVAL,
    ]
