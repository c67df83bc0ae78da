"""The teaching load's hours per week bound the timetable: a teacher's entries for a subject
and class never give more hours than the load, counting odd/even weeks as half and not adding up
entries that follow one another."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from parta.core.context import Actor
from parta.core.testing import factories as f
from parta.timetable.calculations import WeeklyLesson, peak_weekly_hours
from parta.timetable.services import timetable_entry_save

D = datetime.date
ACTOR = Actor(user=None, ip_address=None)
SEP, OCT, NOV = D(2026, 9, 1), D(2026, 10, 1), D(2026, 11, 1)


@pytest.mark.parametrize(
    ("lessons", "start", "end", "expected"),
    [
        ([], SEP, None, "0"),
        ([WeeklyLesson("every", SEP, None)], SEP, None, "1"),
        ([WeeklyLesson("odd", SEP, None), WeeklyLesson("even", SEP, None)], SEP, None, "1"),
        ([WeeklyLesson("every", SEP, None), WeeklyLesson("odd", SEP, None)], SEP, None, "1.5"),
        # a timetable copied to a new period: the two do not overlap and do not add up
        (
            [WeeklyLesson("every", SEP, D(2026, 9, 30)), WeeklyLesson("every", OCT, None)],
            SEP,
            None,
            "1",
        ),
        # a later entry overlapping an open one adds up from its start
        ([WeeklyLesson("every", SEP, None), WeeklyLesson("every", NOV, None)], SEP, None, "2"),
        # ... but not when the range asked about ends before it
        ([WeeklyLesson("every", SEP, None), WeeklyLesson("every", NOV, None)], SEP, OCT, "1"),
    ],
)
def test_peak_weekly_hours(
    lessons: list[WeeklyLesson], start: D, end: D | None, expected: str
) -> None:
    assert peak_weekly_hours(lessons, start, end) == Decimal(expected)


def _load(tt: Any, hours: str, teacher: Any = None, **audience: Any) -> None:
    if not audience:
        audience = {"school_class": tt.c5a}
    f.TeachingAssignmentFactory.create(
        school=tt.school,
        academic_year=tt.year,
        teacher=teacher or tt.t1,
        subject=tt.subject,
        hours_per_week=Decimal(hours),
        **audience,
    )


def test_a_class_subject_without_load_is_not_checked(tt: Any) -> None:
    for weekday in (1, 2, 3):
        timetable_entry_save(actor=ACTOR, entry=tt.entry(weekday=weekday))


def test_the_load_hours_cannot_be_exceeded(tt: Any) -> None:
    # given a load of 2 hours a week, two lessons fit
    _load(tt, "2")
    timetable_entry_save(actor=ACTOR, entry=tt.entry(weekday=1))
    timetable_entry_save(actor=ACTOR, entry=tt.entry(weekday=2))
    # when a third one is placed, then it is refused with the numbers
    with pytest.raises(ValidationError) as raised:
        timetable_entry_save(actor=ACTOR, entry=tt.entry(weekday=3))
    assert raised.value.messages == [
        "The teaching load of Иванова А. П. in Математика for 5А is 2 h a week; "
        "with this lesson the timetable gives 3 h."
    ]
    # an odd-week lesson is half an hour: 2.5 > 2 is still too much
    with pytest.raises(ValidationError):
        timetable_entry_save(actor=ACTOR, entry=tt.entry(weekday=3, week_parity="odd"))


def test_half_hours_fit_a_fractional_load(tt: Any) -> None:
    _load(tt, "1.5")
    timetable_entry_save(actor=ACTOR, entry=tt.entry(weekday=1))
    timetable_entry_save(actor=ACTOR, entry=tt.entry(weekday=2, week_parity="even"))
    with pytest.raises(ValidationError):
        timetable_entry_save(actor=ACTOR, entry=tt.entry(weekday=3, week_parity="odd"))


def test_editing_an_entry_does_not_count_it_twice(tt: Any) -> None:
    _load(tt, "1")
    entry = timetable_entry_save(actor=ACTOR, entry=tt.entry(weekday=1))
    entry.slot_number = 4
    timetable_entry_save(actor=ACTOR, entry=entry)


def test_a_teacher_without_load_where_another_has_it_is_refused(tt: Any) -> None:
    _load(tt, "5", teacher=tt.t2)
    with pytest.raises(ValidationError) as raised:
        timetable_entry_save(actor=ACTOR, entry=tt.entry(weekday=1))
    assert raised.value.messages == ["Иванова А. П. has no teaching load in Математика for 5А."]


def test_a_subgroup_is_checked_against_its_own_load(tt: Any) -> None:
    _load(tt, "1", school_class=None, study_group=tt.g1)
    timetable_entry_save(actor=ACTOR, entry=tt.entry(school_class=None, study_group=tt.g1))
    with pytest.raises(ValidationError):
        timetable_entry_save(
            actor=ACTOR, entry=tt.entry(school_class=None, study_group=tt.g1, weekday=4)
        )
