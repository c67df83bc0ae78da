import datetime

import pytest
from django.core.exceptions import ValidationError

from parta.core.context import Actor
from parta.core.testing import factories as f
from parta.timetable.calculations import SlotRow, slot_problems
from parta.timetable.models import BellSchedule, ClassBellSchedule, Slot
from parta.timetable.services import SlotData, bell_schedule_save, class_bell_schedule_set


def t(text):
    return datetime.time.fromisoformat(text)


def test_slot_problems_ok_for_a_normal_day():
    rows = [SlotRow(n, s, e) for n, s, e in f.STANDARD_BELLS]
    assert slot_problems(rows) == {}


@pytest.mark.parametrize(
    ("rows", "bad_row"),
    [
        pytest.param([(1, "08:30", "08:30")], 0, id="ends-when-it-starts"),
        pytest.param([(1, "09:00", "08:30")], 0, id="ends-before-it-starts"),
        pytest.param([(1, "08:30", "09:15"), (1, "09:25", "10:10")], 1, id="number-twice"),
        pytest.param([(1, "08:30", "09:15"), (2, "09:10", "09:55")], 1, id="overlap"),
        pytest.param(
            [(1, "08:00", "10:00"), (2, "08:30", "08:40"), (3, "09:00", "09:40")],
            1,
            id="one-long-lesson-overlaps-two",
        ),
        pytest.param([(0, "07:45", "08:25"), (1, "08:20", "09:05")], 1, id="zero-lesson-overlap"),
    ],
)
def test_slot_problems(rows, bad_row):
    problems = slot_problems([SlotRow(n, t(s), t(e)) for n, s, e in rows])
    assert bad_row in problems


def test_one_long_lesson_overlapping_two_reports_both():
    rows = [(1, "08:00", "10:00"), (2, "08:30", "08:40"), (3, "09:00", "09:40")]
    problems = slot_problems([SlotRow(n, t(s), t(e)) for n, s, e in rows])
    assert set(problems) == {1, 2}


def test_bell_schedule_save_writes_nothing_on_a_bad_row(db):
    year = f.AcademicYearFactory.create()
    schedule = BellSchedule(school=year.school, academic_year=year, name="Суббота")
    slots = [
        SlotData(1, t("08:30"), t("09:15")),
        SlotData(2, t("09:00"), t("09:45")),
    ]
    with pytest.raises(ValidationError):
        bell_schedule_save(actor=Actor.system(), schedule=schedule, data={}, slots=slots)
    assert not BellSchedule.objects.exists()
    assert not Slot.objects.exists()


def test_bell_schedule_save_replaces_slots_and_moves_the_default(db):
    year = f.AcademicYearFactory.create()
    old = f.BellScheduleFactory.create(academic_year=year, name="Основное")
    schedule = BellSchedule(school=year.school, academic_year=year, name="Сокращённый день")
    slots = [SlotData(n, t(s), t(e)) for n, s, e in [(1, "08:30", "09:00"), (2, "09:10", "09:40")]]
    saved = bell_schedule_save(
        actor=Actor.system(), schedule=schedule, data={"is_default": True}, slots=slots
    )
    old.refresh_from_db()
    assert saved.is_default
    assert not old.is_default
    assert list(saved.slots.values_list("number", flat=True)) == [1, 2]
    bell_schedule_save(
        actor=Actor.system(),
        schedule=saved,
        data={},
        slots=[SlotData(1, t("08:00"), t("08:30")), SlotData(3, t("10:00"), t("10:30"))],
    )
    assert list(saved.slots.values_list("number", "start_time")) == [
        (1, t("08:00")),
        (3, t("10:00")),
    ]


def test_entry_slot_number_must_exist_in_the_class_bell_schedule(tt):
    with pytest.raises(ValidationError) as exc:
        tt.entry(slot_number=9).full_clean()
    assert "slot_number" in exc.value.message_dict
    tt.entry(slot_number=7).full_clean()


def test_entry_uses_the_schedule_assigned_to_the_class(tt):
    saturday = f.BellScheduleFactory.create(
        academic_year=tt.year, name="Суббота", is_default=False, with_slots=False
    )
    Slot.objects.create(
        school=tt.school,
        bell_schedule=saturday,
        number=1,
        start_time=t("09:00"),
        end_time=t("09:40"),
    )
    class_bell_schedule_set(actor=Actor.system(), school_class=tt.c5a, bell_schedule=saturday)
    assert ClassBellSchedule.objects.get(school_class=tt.c5a).bell_schedule == saturday
    with pytest.raises(ValidationError):
        tt.entry(slot_number=2).full_clean()
    # a subgroup follows its class's schedule
    with pytest.raises(ValidationError):
        tt.entry(study_group=tt.g1, slot_number=2).full_clean()
    tt.entry(school_class=tt.c5b, slot_number=2).full_clean()
    class_bell_schedule_set(actor=Actor.system(), school_class=tt.c5a, bell_schedule=None)
    tt.entry(slot_number=2).full_clean()


def test_entry_needs_a_bell_schedule(tt):
    BellSchedule.objects.all().delete()
    with pytest.raises(ValidationError) as exc:
        tt.entry().full_clean()
    assert "no bell schedule" in exc.value.messages[0]


def test_entry_needs_exactly_one_audience(tt):
    with pytest.raises(ValidationError):
        tt.entry(school_class=tt.c5a, study_group=tt.g1).full_clean()


def test_entry_dates_inside_the_year(tt):
    with pytest.raises(ValidationError) as exc:
        tt.entry(valid_from=tt.year.start_date - datetime.timedelta(days=1)).full_clean()
    assert "valid_from" in exc.value.message_dict


def test_entry_of_another_school_is_refused(tt):
    other_teacher = f.StaffMemberFactory.create()
    with pytest.raises(ValidationError) as exc:
        tt.entry(teacher=other_teacher).full_clean()
    assert "teacher" in exc.value.message_dict


def test_slot_warnings_do_not_block():
    from parta.timetable.calculations import slot_warnings

    rows = [SlotRow(0, t("07:30"), t("08:10")), SlotRow(1, t("08:20"), t("09:20"))]
    warnings = slot_warnings(rows)
    assert warnings == [
        "Lesson 0 lies outside the school day of 08:00–19:00.",
        "Lesson 1 lasts 60 minutes (more than 45).",
    ]
    assert slot_problems(rows) == {}
    assert slot_warnings([SlotRow(n, s, e) for n, s, e in f.STANDARD_BELLS]) == []
