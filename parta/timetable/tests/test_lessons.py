"""Single dated lessons: adding, moving, cancelling and restoring, substitutions, days with
another bell schedule, and who keeps the journal of a lesson."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.timetable.calculations import ChangeCounts, ChangeRow, change_counts, week_start
from parta.timetable.models import BellScheduleDay, Lesson, Substitution
from parta.timetable.rules import may_keep_journal
from parta.timetable.services.bell_days import bell_schedule_day_add, bell_schedule_day_delete
from parta.timetable.services.lessons import (
    lesson_add,
    lesson_cancel,
    lesson_move,
    lesson_restore,
)
from parta.timetable.services.substitutions import substitution_remove, substitution_set

D = datetime.date
ACTOR = Actor(user=None, ip_address=None)


def monday(tt: Any, weeks: int = 2) -> D:
    return week_start(tt.year.start_date) + datetime.timedelta(weeks=weeks)


def add(tt: Any, **kwargs: Any) -> Lesson:
    values: dict[str, Any] = {
        "school": tt.school,
        "date": monday(tt),
        "slot_number": 3,
        "subject": tt.subject,
        "teacher": tt.t1,
    }
    values.update(kwargs)
    if "school_class" not in values and "study_group" not in values:
        values["school_class"] = tt.c5a
    return lesson_add(actor=ACTOR, **values)


def messages(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


def test_added_lesson_takes_its_times_from_the_bell_schedule(tt: Any) -> None:
    # when a lesson is added by hand
    lesson = add(tt, room=tt.r1)
    # then it is marked as added, timed by the schedule, and audited
    assert lesson.origin == "added"
    assert (lesson.start_time, lesson.end_time) == (datetime.time(10, 30), datetime.time(11, 15))
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, object_type="timetable.lesson", object_id=str(lesson.pk)
    ).exists()


def test_a_lesson_on_a_holiday_is_refused_naming_the_holiday(tt: Any) -> None:
    # given the main holidays over the chosen Monday
    main = f.HolidaySetFactory.create(academic_year=tt.year, is_main=True)
    day = monday(tt)
    f.HolidayFactory.create(holiday_set=main, name="Осенние каникулы", start_date=day, end_date=day)
    # when a lesson is added that day, then it is refused with the holiday's name
    with pytest.raises(ValidationError) as exc:
        add(tt)
    assert "Осенние каникулы" in messages(exc)
    assert "falls on the holiday" in messages(exc)
    assert not Lesson.objects.exists()


def test_extra_holidays_close_only_the_classes_that_have_them(tt: Any) -> None:
    # given extra holidays that only 5А has
    extra = f.HolidaySetFactory.create(academic_year=tt.year, is_main=False, name="1 класс")
    day = monday(tt)
    f.HolidayFactory.create(holiday_set=extra, name="Доп. каникулы", start_date=day, end_date=day)
    tt.c5a.extra_holiday_set = extra
    tt.c5a.save(update_fields=["extra_holiday_set"])
    # then 5А and its subgroups get no lesson that day, 5Б does
    with pytest.raises(ValidationError, match=r"Доп\. каникулы"):
        add(tt)
    with pytest.raises(ValidationError, match=r"Доп\. каникулы"):
        add(tt, study_group=tt.g1)
    assert add(tt, school_class=tt.c5b).pk


@pytest.mark.parametrize(
    ("shift", "text"),
    [(-1, "outside the academic year"), (1, "outside the academic year"), (6, "Sunday")],
)
def test_dates_outside_the_year_and_sundays_are_refused(tt: Any, shift: int, text: str) -> None:
    day = {
        -1: tt.year.start_date - datetime.timedelta(days=1),
        1: tt.year.end_date + datetime.timedelta(days=1),
        6: monday(tt) + datetime.timedelta(days=6),
    }[shift]
    with pytest.raises(ValidationError, match=text):
        add(tt, date=day)


def test_the_slot_must_exist_in_the_bell_schedule_of_that_day(tt: Any) -> None:
    # given a shortened day with three 30-minute lessons
    short = f.BellScheduleFactory.create(
        academic_year=tt.year, name="Сокращённый", is_default=False, with_slots=False
    )
    for number in (1, 2, 3):
        short.slots.create(
            school=tt.school,
            number=number,
            start_time=datetime.time(8 + number, 0),
            end_time=datetime.time(8 + number, 30),
        )
    BellScheduleDay.objects.create(school=tt.school, date=monday(tt), bell_schedule=short)
    # then lesson 5 does not exist that day, and lesson 2 follows the short times
    with pytest.raises(ValidationError) as exc:
        add(tt, slot_number=5)
    assert "Lesson 5 does not exist in the bell schedule «Сокращённый»" in messages(exc)
    lesson = add(tt, slot_number=2)
    assert lesson.start_time == datetime.time(10, 0)
    # and on the next day the default schedule holds again
    assert add(tt, slot_number=5, date=monday(tt) + datetime.timedelta(days=1)).pk


CLASHES = [
    # (existing lesson, new lesson, expected text)
    ({}, {"school_class": "c5b"}, "The teacher already has a lesson at that time"),
    ({"room": "r1"}, {"teacher": "t2", "school_class": "c5b", "room": "r1"}, "Room 204"),
    ({}, {"teacher": "t2"}, "Class 5А already has a lesson at that time"),
    ({}, {"teacher": "t2", "study_group": "g1"}, "covers the same students"),
    ({"study_group": "g1"}, {"teacher": "t2"}, "covers the same students"),
    ({"study_group": "g1"}, {"teacher": "t2", "study_group": "g1"}, "covers the same students"),
    ({"study_group": "cross_a"}, {"teacher": "t2", "study_group": "g1"}, "Some students of"),
    ({"study_group": "cross_a"}, {"teacher": "t2"}, "covers the same students"),
]


def _resolve(tt: Any, values: dict[str, str]) -> dict[str, Any]:
    return {name: getattr(tt, value) for name, value in values.items()}


@pytest.mark.parametrize(("existing", "new", "text"), CLASHES)
def test_every_kind_of_clash_is_refused_naming_the_lesson(
    tt: Any, existing: dict[str, str], new: dict[str, str], text: str
) -> None:
    # given a lesson in that slot
    add(tt, **_resolve(tt, existing))
    # when another lesson is added to the same slot, then it is refused naming the first
    with pytest.raises(ValidationError) as exc:
        add(tt, **_resolve(tt, new))
    assert text in messages(exc)
    assert "lesson 3:" in messages(exc)
    assert "Математика" in messages(exc)
    assert Lesson.objects.count() == 1


def test_independent_subgroups_share_a_slot_and_cancelled_lessons_free_it(tt: Any) -> None:
    add(tt, study_group=tt.g1)
    assert add(tt, study_group=tt.g2, teacher=tt.t2).pk
    # a cancelled whole-class lesson frees the slot for the class
    third = add(tt, slot_number=4)
    lesson_cancel(actor=ACTOR, lesson=third, reason="Экскурсия")
    assert add(tt, slot_number=4, teacher=tt.t2).pk


def test_moving_keeps_the_planned_date_and_marks_the_lesson(tt: Any) -> None:
    lesson = add(tt)
    Lesson.objects.filter(pk=lesson.pk).update(planned_date=lesson.date)
    target = monday(tt) + datetime.timedelta(days=2)
    moved = lesson_move(actor=ACTOR, lesson=lesson, date=target, slot_number=1, room=tt.r2)
    moved.refresh_from_db()
    assert (moved.date, moved.slot_number, moved.room_id) == (target, 1, tt.r2.pk)
    assert moved.planned_date == monday(tt)
    assert moved.is_moved
    assert moved.start_time == datetime.time(8, 30)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).count() == 1


def test_moving_onto_a_clash_or_a_holiday_changes_nothing(tt: Any) -> None:
    lesson = add(tt)
    add(tt, slot_number=1, school_class=tt.c5b)  # t1 busy in lesson 1
    with pytest.raises(ValidationError, match="The teacher already has a lesson"):
        lesson_move(actor=ACTOR, lesson=lesson, date=monday(tt), slot_number=1)
    main = f.HolidaySetFactory.create(academic_year=tt.year)
    friday = monday(tt) + datetime.timedelta(days=4)
    f.HolidayFactory.create(holiday_set=main, name="День", start_date=friday, end_date=friday)
    with pytest.raises(ValidationError, match="День"):
        lesson_move(actor=ACTOR, lesson=lesson, date=friday, slot_number=3)
    lesson.refresh_from_db()
    assert (lesson.date, lesson.slot_number, lesson.is_moved) == (monday(tt), 3, False)


def test_moving_a_substituted_lesson_checks_the_substitute(tt: Any) -> None:
    lesson = add(tt)
    substitution_set(actor=ACTOR, lesson=lesson, teacher=tt.t2, reason="illness")
    add(tt, slot_number=1, school_class=tt.c5b, teacher=tt.t2)
    with pytest.raises(ValidationError, match="The teacher already has a lesson"):
        lesson_move(actor=ACTOR, lesson=lesson, date=monday(tt), slot_number=1)
    # while t1, who is replaced, is free there
    lesson_move(actor=ACTOR, lesson=lesson, date=monday(tt), slot_number=2)


def test_cancel_needs_a_reason_removes_the_substitute_and_restores(tt: Any) -> None:
    lesson = add(tt)
    substitution_set(actor=ACTOR, lesson=lesson, teacher=tt.t2, reason="course")
    with pytest.raises(ValidationError, match="Give the reason"):
        lesson_cancel(actor=ACTOR, lesson=lesson, reason="  ")
    lesson_cancel(actor=ACTOR, lesson=lesson, reason="Карантин")
    lesson.refresh_from_db()
    assert (lesson.status, lesson.cancel_reason) == ("cancelled", "Карантин")
    assert not Substitution.objects.exists()
    with pytest.raises(ValidationError, match="already cancelled"):
        lesson_cancel(actor=ACTOR, lesson=lesson, reason="Ещё раз")
    lesson_restore(actor=ACTOR, lesson=lesson)
    lesson.refresh_from_db()
    assert (lesson.status, lesson.cancel_reason) == ("scheduled", "")
    with pytest.raises(ValidationError, match="not cancelled"):
        lesson_restore(actor=ACTOR, lesson=lesson)


def test_restore_is_refused_when_the_slot_was_taken_meanwhile(tt: Any) -> None:
    lesson = add(tt)
    lesson_cancel(actor=ACTOR, lesson=lesson, reason="Экскурсия")
    add(tt, teacher=tt.t2)  # 5А gets another lesson in that slot
    with pytest.raises(ValidationError, match="Class 5А already has a lesson"):
        lesson_restore(actor=ACTOR, lesson=lesson)
    lesson.refresh_from_db()
    assert lesson.status == "cancelled"


def test_substitution_set_replace_remove(tt: Any) -> None:
    lesson = add(tt)
    t3 = f.StaffMemberFactory.create(school=tt.school, person__last_name="Сидорова")
    first = substitution_set(actor=ACTOR, lesson=lesson, teacher=tt.t2, reason="illness")
    second = substitution_set(actor=ACTOR, lesson=lesson, teacher=t3, reason="other", note="Отгул")
    assert first.pk == second.pk
    assert (second.teacher_id, second.reason, second.note) == (t3.pk, "other", "Отгул")
    substitution_remove(actor=ACTOR, lesson=lesson)
    assert not Substitution.objects.exists()
    with pytest.raises(ValidationError, match="no substitute"):
        substitution_remove(actor=ACTOR, lesson=lesson)
    actions = list(
        AuditEvent.objects.filter(object_type="timetable.substitution").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["create", "delete", "update"]


def test_a_busy_substitute_is_refused(tt: Any) -> None:
    lesson = add(tt)
    other = add(tt, school_class=tt.c5b, teacher=tt.t2)
    with pytest.raises(ValidationError) as exc:
        substitution_set(actor=ACTOR, lesson=lesson, teacher=tt.t2, reason="illness")
    assert "The substitute already has a lesson at that time" in messages(exc)
    assert "5Б" in messages(exc)
    # also when the substitute is busy substituting elsewhere
    t3 = f.StaffMemberFactory.create(school=tt.school)
    substitution_set(actor=ACTOR, lesson=other, teacher=t3, reason="illness")
    with pytest.raises(ValidationError, match="The substitute already has a lesson"):
        substitution_set(actor=ACTOR, lesson=lesson, teacher=t3, reason="illness")
    # but t2, replaced in their own lesson, is free now
    assert substitution_set(actor=ACTOR, lesson=lesson, teacher=tt.t2, reason="illness").pk
    assert Substitution.objects.count() == 2


@pytest.mark.parametrize("case", ["same_teacher", "cancelled", "bad_reason", "other_school"])
def test_substitution_refusals(tt: Any, case: str) -> None:
    lesson = add(tt)
    teacher = tt.t2
    reason = "illness"
    if case == "same_teacher":
        teacher = tt.t1
    elif case == "cancelled":
        lesson_cancel(actor=ACTOR, lesson=lesson, reason="Экскурсия")
    elif case == "bad_reason":
        reason = "holiday"
    else:
        teacher = f.StaffMemberFactory.create()
    with pytest.raises(ValidationError):
        substitution_set(actor=ACTOR, lesson=lesson, teacher=teacher, reason=reason)
    assert not Substitution.objects.exists()


def test_the_substitute_keeps_the_journal_of_that_lesson_only(tt: Any) -> None:
    # given two lessons of 5А by t1, and t2 substituting in the first one
    first = add(tt)
    second = add(tt, slot_number=4)
    t2_user = f.UserFactory.create()
    tt.t2.person.user = t2_user
    tt.t2.person.save(update_fields=["user"])
    t1_user = f.UserFactory.create()
    tt.t1.person.user = t1_user
    tt.t1.person.save(update_fields=["user"])
    substitution_set(actor=ACTOR, lesson=first, teacher=tt.t2, reason="illness")
    # then the substitute reaches the first lesson only; the teacher reaches both
    assert set(Lesson.objects.journal_keepable_by(t2_user)) == {first}
    assert may_keep_journal(t2_user, first)
    assert not may_keep_journal(t2_user, second)
    assert set(Lesson.objects.journal_keepable_by(t1_user)) == {first, second}
    stranger = f.UserFactory.create()
    assert not Lesson.objects.journal_keepable_by(stranger).exists()
    assert not may_keep_journal(stranger, first)


def test_a_day_with_another_schedule_retimes_its_lessons(tt: Any) -> None:
    lesson = add(tt, slot_number=2)
    short = f.BellScheduleFactory.create(
        academic_year=tt.year, name="Сокращённый", is_default=False, with_slots=False
    )
    short.slots.create(
        school=tt.school, number=2, start_time=datetime.time(9, 0), end_time=datetime.time(9, 30)
    )
    day = bell_schedule_day_add(actor=ACTOR, school=tt.school, date=monday(tt), bell_schedule=short)
    lesson.refresh_from_db()
    assert lesson.start_time == datetime.time(9, 0)
    with pytest.raises(ValidationError, match="already has its own bell schedule"):
        bell_schedule_day_add(actor=ACTOR, school=tt.school, date=monday(tt), bell_schedule=short)
    bell_schedule_day_delete(actor=ACTOR, day=day)
    lesson.refresh_from_db()
    assert lesson.start_time == datetime.time(9, 25)


def test_a_day_outside_the_year_of_its_schedule_is_refused(tt: Any) -> None:
    with pytest.raises(ValidationError):
        bell_schedule_day_add(
            actor=ACTOR,
            school=tt.school,
            date=tt.year.end_date + datetime.timedelta(days=3),
            bell_schedule=tt.bells,
        )


@pytest.mark.parametrize(
    ("rows", "teachers", "subjects"),
    [
        ([], {}, {}),
        (
            [ChangeRow("Иванова", "Математика", "Петров", False)],
            {"Иванова": ChangeCounts(replaced=1), "Петров": ChangeCounts(substituting=1)},
            {"Математика": ChangeCounts(replaced=1)},
        ),
        (
            [
                ChangeRow("Иванова", "Математика", None, True),
                ChangeRow("Иванова", "Физика", "Петров", False),
                ChangeRow("Петров", "Физика", "Иванова", False),
            ],
            {
                "Иванова": ChangeCounts(replaced=1, substituting=1, cancelled=1),
                "Петров": ChangeCounts(replaced=1, substituting=1),
            },
            {"Математика": ChangeCounts(cancelled=1), "Физика": ChangeCounts(replaced=2)},
        ),
    ],
)
def test_change_counts(
    rows: list[ChangeRow], teachers: dict[str, ChangeCounts], subjects: dict[str, ChangeCounts]
) -> None:
    assert change_counts(rows) == (teachers, subjects)


def test_change_counts_keep_namesakes_apart() -> None:
    # given two teachers with the same full name, both replaced once
    rows = [
        ChangeRow(
            teacher=("Иванова Анна Петровна", 1),
            subject="Математика",
            substitute=None,
            cancelled=True,
        ),
        ChangeRow(
            teacher=("Иванова Анна Петровна", 2),
            subject="Математика",
            substitute=None,
            cancelled=True,
        ),
    ]
    teachers, _subjects = change_counts(rows)
    # then they are two rows, one cancelled lesson each
    assert list(teachers.values()) == [ChangeCounts(cancelled=1), ChangeCounts(cancelled=1)]
