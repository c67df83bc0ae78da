import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.timetable.calculations import parities_meet, ranges_meet
from parta.timetable.models import TimetableEntry
from parta.timetable.services import find_clashes, timetable_copy, timetable_entry_save

D = datetime.timedelta


def _kw(tt, spec):
    """Turn a short spec into entry arguments: names of tt attributes become the objects."""
    result = {}
    for key, value in spec.items():
        if key in {"school_class", "study_group", "teacher", "room"}:
            result[key] = getattr(tt, value)
        elif key in {"valid_from", "valid_to"}:
            result[key] = tt.year.start_date + D(days=value)
        else:
            result[key] = value
    return result


CASES = [
    # (existing, new, expected clash kinds)
    pytest.param(
        {"school_class": "c5a", "teacher": "t1"},
        {"school_class": "c5b", "teacher": "t1"},
        {"teacher"},
        id="same-teacher",
    ),
    pytest.param(
        {"school_class": "c5a", "teacher": "t1", "room": "r1"},
        {"school_class": "c5b", "teacher": "t2", "room": "r1"},
        {"room"},
        id="same-room",
    ),
    pytest.param(
        {"school_class": "c5a", "teacher": "t1"},
        {"school_class": "c5a", "teacher": "t2"},
        {"class"},
        id="same-class",
    ),
    pytest.param(
        {"school_class": "c5a", "teacher": "t1"},
        {"study_group": "g1", "teacher": "t2"},
        {"group"},
        id="subgroup-vs-its-whole-class",
    ),
    pytest.param(
        {"study_group": "g1", "teacher": "t1"},
        {"school_class": "c5a", "teacher": "t2"},
        {"group"},
        id="whole-class-vs-its-subgroup",
    ),
    pytest.param(
        {"study_group": "g1", "teacher": "t1"},
        {"study_group": "g1", "teacher": "t2"},
        {"group"},
        id="same-subgroup-twice",
    ),
    pytest.param(
        {"study_group": "g1", "teacher": "t1", "room": "r1"},
        {"study_group": "g2", "teacher": "t2", "room": "r2"},
        set(),
        id="two-subgroups-of-one-class-ok",
    ),
    pytest.param(
        {"school_class": "c5b", "teacher": "t1"},
        {"study_group": "cross_b", "teacher": "t2"},
        {"group"},
        id="cross-class-group-vs-class-of-its-member",
    ),
    pytest.param(
        {"school_class": "c5a", "teacher": "t1"},
        {"study_group": "cross_b", "teacher": "t2"},
        set(),
        id="cross-class-group-vs-class-without-members-ok",
    ),
    pytest.param(
        {"study_group": "g1", "teacher": "t1"},
        {"study_group": "cross_a", "teacher": "t2"},
        {"students"},
        id="shared-students-of-two-groups",
    ),
    pytest.param(
        {"study_group": "g2", "teacher": "t1"},
        {"study_group": "cross_a", "teacher": "t2"},
        set(),
        id="groups-without-shared-students-ok",
    ),
    pytest.param(
        {"school_class": "c5a", "teacher": "t1", "week_parity": "odd"},
        {"school_class": "c5a", "teacher": "t1", "week_parity": "even"},
        set(),
        id="odd-vs-even-ok",
    ),
    pytest.param(
        {"school_class": "c5a", "teacher": "t1", "week_parity": "every"},
        {"school_class": "c5b", "teacher": "t1", "week_parity": "odd"},
        {"teacher"},
        id="every-vs-odd-clash",
    ),
    pytest.param(
        {"school_class": "c5a", "teacher": "t1", "week_parity": "odd"},
        {"school_class": "c5a", "teacher": "t2", "week_parity": "odd"},
        {"class"},
        id="odd-vs-odd-clash",
    ),
    pytest.param(
        {"school_class": "c5a", "teacher": "t1", "valid_to": 30},
        {"school_class": "c5a", "teacher": "t1", "valid_from": 31},
        set(),
        id="non-overlapping-dates-ok",
    ),
    pytest.param(
        {"school_class": "c5a", "teacher": "t1", "valid_to": 30},
        {"school_class": "c5a", "teacher": "t2", "valid_from": 30},
        {"class"},
        id="dates-meet-on-one-day",
    ),
    pytest.param(
        {"school_class": "c5a", "teacher": "t1", "room": "r1"},
        {"school_class": "c5a", "teacher": "t1", "room": "r1", "slot_number": 4},
        set(),
        id="another-lesson-number-ok",
    ),
    pytest.param(
        {"school_class": "c5a", "teacher": "t1", "room": "r1"},
        {"school_class": "c5a", "teacher": "t1", "room": "r1", "weekday": 3},
        set(),
        id="another-weekday-ok",
    ),
    pytest.param(
        {"school_class": "c5a", "teacher": "t1", "room": "r1"},
        {"school_class": "c5a", "teacher": "t1", "room": "r1"},
        {"teacher", "room", "class"},
        id="everything-at-once",
    ),
]


@pytest.mark.parametrize(("existing", "new", "expected"), CASES)
def test_clash_kinds(tt, existing, new, expected):
    tt.entry(**_kw(tt, existing)).save()
    kinds = {kind for kind, _other in find_clashes(tt.entry(**_kw(tt, new)))}
    assert kinds == expected


@pytest.mark.parametrize(("existing", "new", "expected"), CASES)
def test_save_refuses_every_clash_and_writes_nothing(tt, existing, new, expected):
    tt.entry(**_kw(tt, existing)).save()
    before = TimetableEntry.objects.count()
    entry = tt.entry(**_kw(tt, new))
    if expected:
        with pytest.raises(ValidationError) as exc:
            timetable_entry_save(actor=Actor.system(), entry=entry)
        assert len(exc.value.messages) == len(expected)
        assert TimetableEntry.objects.count() == before
    else:
        timetable_entry_save(actor=Actor.system(), entry=entry)
        assert TimetableEntry.objects.count() == before + 1


def test_parities_and_ranges():
    assert parities_meet("every", "odd")
    assert parities_meet("even", "even")
    assert not parities_meet("odd", "even")
    day = datetime.date(2025, 9, 1)
    assert ranges_meet(day, None, day + D(days=100), None)
    assert not ranges_meet(day, day + D(days=1), day + D(days=2), None)


def test_teacher_clash_message_names_the_other_lesson(tt):
    tt.entry(school_class=tt.c5a, room=tt.r1).save()
    entry = tt.entry(school_class=tt.c5b)
    with pytest.raises(ValidationError) as exc:
        timetable_entry_save(actor=Actor.system(), entry=entry)
    assert exc.value.messages == [
        "Teacher Иванова А. П. already teaches a lesson in 5А on Tuesday, lesson 3 (room 204)."
    ]


def test_teacher_clash_message_in_russian(tt):
    tt.entry(school_class=tt.c5a, room=tt.r1).save()
    with translation.override("ru"), pytest.raises(ValidationError) as exc:
        timetable_entry_save(actor=Actor.system(), entry=tt.entry(school_class=tt.c5b))
    assert exc.value.messages == [
        "Учитель Иванова А. П. уже ведёт урок в 5А во вторник, 3-й урок (каб. 204)."
    ]


def test_saving_an_entry_again_does_not_clash_with_itself_and_is_audited(tt):
    entry = timetable_entry_save(actor=Actor.system(), entry=tt.entry(room=tt.r1))
    entry.room = tt.r2
    timetable_entry_save(actor=Actor.system(), entry=entry)
    actions = list(
        AuditEvent.objects.filter(
            object_type="timetable.timetableentry", object_id=str(entry.pk)
        ).values_list("action", flat=True)
    )
    assert sorted(actions) == ["create", "update"]


def test_copy_to_a_new_period(tt):
    start = tt.year.start_date
    tt.entry(valid_to=start + D(days=60)).save()
    tt.entry(weekday=3, valid_to=start + D(days=60)).save()
    copies = timetable_copy(
        actor=Actor.system(),
        academic_year=tt.year,
        source_from=start,
        source_to=start + D(days=6),
        valid_from=start + D(days=61),
        valid_to=None,
    )
    assert len(copies) == 2
    assert TimetableEntry.objects.filter(valid_from=start + D(days=61)).count() == 2


def test_copy_is_all_or_nothing(tt):
    start = tt.year.start_date
    tt.entry(valid_to=start + D(days=60)).save()
    tt.entry(weekday=3, valid_to=start + D(days=60)).save()
    # a lesson already placed in the new period clashes with one of the copies
    tt.entry(weekday=3, teacher=tt.t2, valid_from=start + D(days=70)).save()
    before = TimetableEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        timetable_copy(
            actor=Actor.system(),
            academic_year=tt.year,
            source_from=start,
            source_to=start + D(days=6),
            valid_from=start + D(days=61),
            valid_to=None,
        )
    assert "Class 5А already has a lesson on Wednesday, lesson 3" in exc.value.messages[0]
    assert TimetableEntry.objects.count() == before
