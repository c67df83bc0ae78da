"""Generating dated lessons from the timetable: holidays, extra holidays, period borders, bell
schedules of single days, and regeneration that keeps lessons holding data."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.timetable.calculations import EntryDays, entry_dates, week_parity_of
from parta.timetable.models import BellScheduleDay, Lesson
from parta.timetable.services import lessons_generate

D = datetime.date
ACTOR = Actor(user=None, ip_address=None)


@pytest.mark.parametrize(
    ("day", "parity"),
    [
        (D(2026, 9, 1), "odd"),  # Tuesday of week 1
        (D(2026, 8, 31), "odd"),  # the Monday of that week
        (D(2026, 9, 6), "odd"),  # Sunday, still week 1
        (D(2026, 9, 7), "even"),
        (D(2026, 9, 14), "odd"),
        (D(2027, 1, 11), "even"),
    ],
)
def test_week_parity_counts_from_the_week_of_the_first_day(day: D, parity: str) -> None:
    assert week_parity_of(day, D(2026, 9, 1)) == parity


@pytest.mark.parametrize(
    ("entry", "closed", "expected"),
    [
        (EntryDays(2, "every", D(2026, 9, 1), None), set(), [1, 8, 15, 22, 29]),
        (EntryDays(1, "every", D(2026, 9, 1), None), set(), [7, 14, 21, 28]),
        (EntryDays(2, "odd", D(2026, 9, 1), None), set(), [1, 15, 29]),
        (EntryDays(2, "even", D(2026, 9, 1), None), set(), [8, 22]),
        (EntryDays(2, "every", D(2026, 9, 10), D(2026, 9, 22)), set(), [15, 22]),
        (EntryDays(2, "every", D(2026, 9, 1), None), {D(2026, 9, 15)}, [1, 8, 22, 29]),
        (EntryDays(6, "every", D(2026, 10, 1), None), set(), []),
    ],
)
def test_entry_dates(entry: EntryDays, closed: set[D], expected: list[int]) -> None:
    days = entry_dates(
        entry, D(2026, 9, 1), D(2026, 9, 30), year_start=D(2026, 9, 1), closed=closed
    )
    assert [day.day for day in days] == expected


def _tuesdays(tt: Any, weeks: int) -> list[D]:
    first = tt.year.start_date + datetime.timedelta(days=(1 - tt.year.start_date.weekday()) % 7)
    return [first + datetime.timedelta(weeks=n) for n in range(weeks)]


def _generate(tt: Any, start: D, end: D, **kwargs: Any) -> Any:
    return lessons_generate(actor=ACTOR, academic_year=tt.year, start=start, end=end, **kwargs)


def test_generates_a_lesson_per_week_with_bell_times(tt: Any) -> None:
    tt.entry().save()
    tuesdays = _tuesdays(tt, 4)
    result = _generate(tt, tt.year.start_date, tuesdays[-1])
    assert result.created == 4
    lessons = list(Lesson.objects.order_by("date"))
    assert [lesson.date for lesson in lessons] == tuesdays
    assert {(lesson.start_time, lesson.end_time) for lesson in lessons} == {
        (datetime.time(10, 30), datetime.time(11, 15))
    }
    assert all(lesson.school_class_id == tt.c5a.pk for lesson in lessons)
    event = AuditEvent.objects.get(action=AuditEvent.Action.GENERATE)
    assert event.after is not None
    assert event.after["created"] == 4


def test_holidays_and_the_class_extra_holidays_are_skipped(tt: Any) -> None:
    tuesdays = _tuesdays(tt, 4)
    main = f.HolidaySetFactory.create(academic_year=tt.year, is_main=True, name="Основные")
    f.HolidayFactory.create(holiday_set=main, start_date=tuesdays[1], end_date=tuesdays[1])
    extra = f.HolidaySetFactory.create(academic_year=tt.year, is_main=False, name="1 класс")
    f.HolidayFactory.create(holiday_set=extra, start_date=tuesdays[2], end_date=tuesdays[2])
    tt.c5a.extra_holiday_set = extra
    tt.c5a.save()
    tt.entry().save()
    tt.entry(school_class=tt.c5b, teacher=tt.t2).save()
    _generate(tt, tuesdays[0], tuesdays[-1])
    a_days = list(Lesson.objects.filter(school_class=tt.c5a).values_list("date", flat=True))
    b_days = list(Lesson.objects.filter(school_class=tt.c5b).values_list("date", flat=True))
    assert sorted(a_days) == [tuesdays[0], tuesdays[3]]
    assert sorted(b_days) == [tuesdays[0], tuesdays[2], tuesdays[3]]


def test_a_subgroup_follows_its_class_extra_holidays(tt: Any) -> None:
    tuesdays = _tuesdays(tt, 2)
    extra = f.HolidaySetFactory.create(academic_year=tt.year, is_main=False, name="Доп.")
    f.HolidayFactory.create(holiday_set=extra, start_date=tuesdays[0], end_date=tuesdays[0])
    tt.c5a.extra_holiday_set = extra
    tt.c5a.save()
    tt.entry(school_class=None, study_group=tt.g1).save()
    _generate(tt, tuesdays[0], tuesdays[1])
    assert list(Lesson.objects.values_list("date", "study_group_id")) == [(tuesdays[1], tt.g1.pk)]


def test_only_the_requested_dates_and_classes_are_generated(tt: Any) -> None:
    tuesdays = _tuesdays(tt, 4)
    tt.entry().save()
    tt.entry(school_class=tt.c5b, teacher=tt.t2).save()
    tt.entry(school_class=None, study_group=tt.g2, slot_number=4).save()
    result = _generate(tt, tuesdays[1], tuesdays[2], class_ids=[tt.c5a.pk])
    assert result.created == 4  # 5А and its subgroup, two weeks; 5Б untouched
    assert not Lesson.objects.filter(school_class=tt.c5b).exists()
    assert set(Lesson.objects.values_list("date", flat=True)) == {tuesdays[1], tuesdays[2]}
    # the next period adds to what is there
    assert _generate(tt, tuesdays[3], tuesdays[3], class_ids=[tt.c5a.pk]).created == 2
    assert Lesson.objects.count() == 6


def test_odd_and_even_week_entries(tt: Any) -> None:
    tuesdays = _tuesdays(tt, 4)
    tt.entry(week_parity="odd").save()
    tt.entry(week_parity="even", teacher=tt.t2, subject=f.federal_subject("Информатика")).save()
    _generate(tt, tuesdays[0], tuesdays[-1])
    by_date = dict(Lesson.objects.values_list("date", "teacher_id"))
    parity = {day: week_parity_of(day, tt.year.start_date) for day in tuesdays}
    assert by_date == {day: tt.t1.pk if parity[day] == "odd" else tt.t2.pk for day in tuesdays}


def test_a_day_with_another_bell_schedule(tt: Any) -> None:
    tuesdays = _tuesdays(tt, 2)
    short = f.BellScheduleFactory.create(
        academic_year=tt.year, is_default=False, name="Сокращённый", with_slots=False
    )
    from parta.timetable.models import Slot

    Slot.objects.create(
        school=tt.school,
        bell_schedule=short,
        number=3,
        start_time=datetime.time(10, 0),
        end_time=datetime.time(10, 30),
    )
    BellScheduleDay.objects.create(school=tt.school, date=tuesdays[0], bell_schedule=short)
    tt.entry().save()
    tt.entry(slot_number=5, teacher=tt.t2).save()
    result = _generate(tt, tuesdays[0], tuesdays[1])
    first_day = Lesson.objects.get(date=tuesdays[0])
    assert (first_day.slot_number, first_day.start_time) == (3, datetime.time(10, 0))
    assert Lesson.objects.filter(date=tuesdays[1]).count() == 2
    assert len(result.skipped) == 1
    assert "has no such lesson" in result.skipped[0]


def test_regeneration_follows_the_timetable_and_keeps_lessons_with_data(tt: Any) -> None:
    tuesdays = _tuesdays(tt, 3)
    entry = tt.entry()
    entry.save()
    _generate(tt, tuesdays[0], tuesdays[-1])
    again = _generate(tt, tuesdays[0], tuesdays[-1])
    assert (again.created, again.updated, again.deleted, again.unchanged) == (0, 0, 0, 3)

    with_topic = Lesson.objects.get(date=tuesdays[0])
    with_topic.topic = "Натуральные числа"
    with_topic.save()
    entry.teacher = tt.t2
    entry.room = tt.r1
    entry.save()
    result = _generate(tt, tuesdays[0], tuesdays[-1])
    assert (result.created, result.updated, result.deleted) == (0, 2, 0)
    assert len(result.kept) == 1
    assert "differs from the timetable" in result.kept[0]
    with_topic.refresh_from_db()
    assert with_topic.teacher_id == tt.t1.pk
    assert set(Lesson.objects.exclude(pk=with_topic.pk).values_list("teacher_id", "room_id")) == {
        (tt.t2.pk, tt.r1.pk)
    }


def test_regeneration_after_an_entry_is_removed(tt: Any) -> None:
    tuesdays = _tuesdays(tt, 3)
    entry = tt.entry()
    entry.save()
    _generate(tt, tuesdays[0], tuesdays[-1])
    substituted = Lesson.objects.get(date=tuesdays[1])
    f.SubstitutionFactory.create(lesson=substituted, teacher=tt.t2)
    moved = Lesson.objects.get(date=tuesdays[2])
    moved.date = tuesdays[2] + datetime.timedelta(days=1)
    moved.is_moved = True
    moved.save()
    entry.delete()
    result = _generate(tt, tuesdays[0], tuesdays[-1])
    assert result.deleted == 1
    assert len(result.kept) == 2
    assert set(Lesson.objects.values_list("pk", flat=True)) == {substituted.pk, moved.pk}


def test_a_moved_lesson_without_other_changes_stays_where_it_was_moved(tt: Any) -> None:
    tuesdays = _tuesdays(tt, 1)
    tt.entry().save()
    _generate(tt, tuesdays[0], tuesdays[0])
    lesson = Lesson.objects.get()
    lesson.date = tuesdays[0] + datetime.timedelta(days=2)
    lesson.slot_number = 6
    lesson.is_moved = True
    lesson.save()
    result = _generate(tt, tuesdays[0], tuesdays[0])
    assert (result.unchanged, result.kept, result.created) == (1, [], 0)
    lesson.refresh_from_db()
    assert (lesson.date, lesson.slot_number) == (tuesdays[0] + datetime.timedelta(days=2), 6)


def test_dates_are_clipped_to_the_year_and_checked(tt: Any) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _generate(tt, tt.year.end_date, tt.year.start_date)
    with pytest.raises(ValidationError):
        _generate(tt, tt.year.end_date + datetime.timedelta(days=1), D(2100, 1, 1))


def test_generation_query_count_does_not_grow_with_weeks(
    tt: Any, django_assert_max_num_queries: Any
) -> None:
    tt.entry().save()
    tt.entry(school_class=tt.c5b, teacher=tt.t2).save()
    # the calendar (7), the entries, the existing lessons and their data (4), the writes, the
    # apps told of the change (thematic plans, assessment procedures) and the audit event
    with django_assert_max_num_queries(24):
        result = _generate(tt, tt.year.start_date, tt.year.end_date)
    assert result.created > 60


def test_regeneration_keeps_a_lesson_with_a_note_only(tt: Any) -> None:
    # given generated lessons, one with the teacher's note (and no other data)
    tuesdays = _tuesdays(tt, 2)
    entry = tt.entry()
    entry.save()
    _generate(tt, tuesdays[0], tuesdays[-1])
    noted = Lesson.objects.get(date=tuesdays[0])
    Lesson.objects.filter(pk=noted.pk).update(note="Половина класса на олимпиаде")
    # when the timetable entry is removed and the lessons regenerated
    entry.delete()
    result = _generate(tt, tuesdays[0], tuesdays[-1])
    # then the lesson with the note is kept and listed, the other one goes
    assert (result.deleted, len(result.kept)) == (1, 1)
    assert set(Lesson.objects.values_list("pk", flat=True)) == {noted.pk}
