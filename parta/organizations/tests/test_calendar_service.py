"""The set-with-rows services: everything is checked first, every row error is reported, and
nothing is written unless every row passes; each written row is audited."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.organizations.models import Holiday, HolidaySet, PeriodSet, StudyPeriod
from parta.organizations.services.calendar import (
    HolidayRow,
    PeriodRow,
    SetRowsError,
    holiday_set_delete,
    holiday_set_save,
    period_set_delete,
    period_set_save,
    typical_holidays,
    typical_periods,
)


def _y(world):
    return world.a.year.start_date.year


def _d(world, month, day):
    year = _y(world)
    return datetime.date(year if month >= 8 else year + 1, month, day)


def _actor(world):
    return Actor(user=world.user("deputy_director"), ip_address="10.0.0.5")


def _quarters(world):
    return [
        PeriodRow(1, "I", _d(world, 9, 1), _d(world, 10, 24)),
        PeriodRow(2, "II", _d(world, 11, 5), _d(world, 12, 28)),
        PeriodRow(3, "III", _d(world, 1, 12), _d(world, 3, 21)),
        PeriodRow(4, "IV", _d(world, 4, 1), _d(world, 5, 31)),
    ]


def _new_set(world, name="Четверти 2"):
    return PeriodSet(school=world.a.school)


def _data(world, name="Четверти 2"):
    return {"academic_year": world.a.year, "kind": "quarters", "name": name}


def test_new_set_with_periods_is_written_and_audited(world):
    audit_before = AuditEvent.objects.count()
    saved = period_set_save(
        actor=_actor(world), period_set=_new_set(world), data=_data(world), periods=_quarters(world)
    )
    assert saved.pk is not None
    periods = list(saved.periods.order_by("number"))
    assert [p.name for p in periods] == ["I", "II", "III", "IV"]
    assert all(p.school_id == world.a.school.pk for p in periods)
    events = AuditEvent.objects.order_by("pk")[audit_before:]
    assert [(e.object_type, e.action) for e in events] == [
        ("organizations.periodset", "create"),
        *[("organizations.studyperiod", "create")] * 4,
    ]
    assert all(e.school_id == world.a.school.pk and e.ip_address == "10.0.0.5" for e in events)


def test_one_bad_row_among_good_rows_writes_nothing(world):
    sets, periods, events = (
        PeriodSet.objects.count(),
        StudyPeriod.objects.count(),
        AuditEvent.objects.count(),
    )
    rows = _quarters(world)
    rows[2] = PeriodRow(3, "III", _d(world, 8, 20), _d(world, 8, 25))  # before the year
    instance = _new_set(world)
    with pytest.raises(SetRowsError) as info:
        period_set_save(actor=_actor(world), period_set=instance, data=_data(world), periods=rows)
    assert set(info.value.row_errors) == {2}
    assert "within the academic year" in info.value.row_errors[2]["start_date"][0]
    assert (PeriodSet.objects.count(), StudyPeriod.objects.count()) == (sets, periods)
    assert AuditEvent.objects.count() == events
    assert instance.pk is None


def test_every_row_error_is_reported(world):
    rows = [
        PeriodRow(1, "I", _d(world, 9, 1), _d(world, 10, 30)),
        PeriodRow(2, "II", _d(world, 10, 20), _d(world, 12, 28)),  # overlaps I
        PeriodRow(3, "III", _d(world, 3, 21), _d(world, 1, 12)),  # end before start
        PeriodRow(3, "IV", _d(world, 8, 1), _d(world, 8, 20)),  # before the year; number twice
    ]
    with pytest.raises(SetRowsError) as info:
        period_set_save(
            actor=_actor(world), period_set=_new_set(world), data=_data(world), periods=rows
        )
    errors = info.value.row_errors
    assert set(errors) == {0, 1, 2, 3}
    assert "overlaps the period “II”" in errors[0][NON_FIELD_ERRORS][0]
    assert "overlaps the period “I”" in errors[1][NON_FIELD_ERRORS][0]
    assert "cannot be earlier" in errors[2]["end_date"][0]
    assert "used by more than one row" in errors[2]["number"][0]
    assert "within the academic year" in errors[3]["start_date"][0]
    # a ValidationError for any caller: every message, each naming its row
    assert isinstance(info.value, ValidationError)
    assert any(message.startswith("Row 4: ") for message in info.value.messages)


def test_set_errors_and_row_errors_come_together(world):
    with pytest.raises(SetRowsError) as info:
        period_set_save(
            actor=_actor(world),
            period_set=_new_set(world),
            data=_data(world, name=world.a.period_set.name),  # the name is taken in this year
            periods=[PeriodRow(1, "", _d(world, 9, 1), _d(world, 10, 1))],
        )
    assert info.value.set_errors
    assert "name" in info.value.row_errors[0]


def test_set_in_another_schools_year_is_refused(world):
    with pytest.raises(SetRowsError) as info:
        period_set_save(
            actor=_actor(world),
            period_set=_new_set(world),
            data={**_data(world), "academic_year": world.b.year},
            periods=_quarters(world),
        )
    assert "academic_year" in info.value.set_errors
    assert not PeriodSet.objects.filter(name="Четверти 2").exists()


def test_edit_changes_deletes_and_adds_rows_with_audit(world):
    period_set = world.a.period_set
    q1, q2, q3, q4 = period_set.periods.order_by("number")
    events = AuditEvent.objects.count()
    rows = [
        PeriodRow(1, q1.name, q1.start_date, q1.end_date, pk=q1.pk),  # unchanged
        PeriodRow(2, "2nd", q2.start_date, q2.end_date, pk=q2.pk),  # renamed
        # q3 and q4 left out: deleted; one new second half instead
        PeriodRow(3, "Second half", q3.start_date, q4.end_date),
    ]
    period_set_save(
        actor=_actor(world),
        period_set=period_set,
        data={"name": period_set.name, "kind": period_set.kind},
        periods=rows,
    )
    assert [p.name for p in period_set.periods.order_by("number")] == [
        q1.name,
        "2nd",
        "Second half",
    ]
    new_events = AuditEvent.objects.order_by("pk")[events:]
    assert sorted((e.action, e.object_id) for e in new_events) == sorted(
        [
            ("update", str(q2.pk)),
            ("delete", str(q3.pk)),
            ("delete", str(q4.pk)),
            ("create", str(period_set.periods.get(number=3).pk)),
        ]
    )
    update = next(e for e in new_events if e.action == "update")
    assert update.before == {"name": q2.name}
    assert update.after == {"name": "2nd"}


def test_swapping_numbers_and_dates_of_two_periods_is_fine(world):
    """A batch is judged as a whole: on the way, q1 would clash with q2's old number and
    dates; the final state is valid, so the save succeeds."""
    period_set = world.a.period_set
    q1, q2, *_rest = period_set.periods.order_by("number")
    rows = [
        PeriodRow(2, q1.name, q2.start_date, q2.end_date, pk=q1.pk),
        PeriodRow(1, q2.name, q1.start_date, q1.end_date, pk=q2.pk),
        *[
            PeriodRow(p.number, p.name, p.start_date, p.end_date, pk=p.pk)
            for p in period_set.periods.filter(number__gt=2)
        ],
    ]
    period_set_save(
        actor=_actor(world),
        period_set=period_set,
        data={"name": period_set.name},
        periods=rows,
    )
    q1.refresh_from_db()
    q2.refresh_from_db()
    assert (q1.number, q2.number) == (2, 1)


def test_a_row_of_another_set_is_refused(world):
    foreign = world.b.period_set.periods.first()
    period_set = world.a.period_set
    with pytest.raises(SetRowsError) as info:
        period_set_save(
            actor=_actor(world),
            period_set=period_set,
            data={},
            periods=[PeriodRow(9, "Stolen", _d(world, 9, 1), _d(world, 9, 5), pk=foreign.pk)],
        )
    assert NON_FIELD_ERRORS in info.value.row_errors[0]
    foreign.refresh_from_db()
    assert foreign.name != "Stolen"
    assert period_set.periods.count() == 4


def test_the_year_of_a_saved_set_is_fixed(world):
    other_year = f.AcademicYearFactory.create(
        school=world.a.school,
        name="next",
        start_date=world.a.year.end_date + datetime.timedelta(days=90),
        end_date=world.a.year.end_date + datetime.timedelta(days=360),
    )
    with pytest.raises(SetRowsError) as info:
        period_set_save(
            actor=_actor(world),
            period_set=world.a.period_set,
            data={"academic_year": other_year},
            periods=[],
        )
    assert "academic_year" in info.value.set_errors


def test_holiday_rows_overlap_and_outside_year(world):
    holiday_set = HolidaySet(school=world.a.school)
    rows = [
        HolidayRow("Autumn", _d(world, 10, 25), _d(world, 11, 4)),
        HolidayRow("Also autumn", _d(world, 11, 1), _d(world, 11, 8)),
        HolidayRow("Summer", _d(world, 6, 1), _d(world, 6, 30)),
    ]
    with pytest.raises(SetRowsError) as info:
        holiday_set_save(
            actor=_actor(world),
            holiday_set=holiday_set,
            data={"academic_year": world.a.year, "name": "Grade 1", "is_main": False},
            holidays=rows,
        )
    errors = info.value.row_errors
    assert "overlap the holidays “Also autumn”" in errors[0][NON_FIELD_ERRORS][0]
    assert "overlap the holidays “Autumn”" in errors[1][NON_FIELD_ERRORS][0]
    assert "Holidays must lie within" in errors[2]["start_date"][0]
    assert not HolidaySet.objects.filter(name="Grade 1").exists()


def test_second_main_holiday_set_is_refused_with_a_clear_message(world):
    with pytest.raises(SetRowsError) as info:
        holiday_set_save(
            actor=_actor(world),
            holiday_set=HolidaySet(school=world.a.school),
            data={"academic_year": world.a.year, "name": "Another main", "is_main": True},
            holidays=[],
        )
    assert "already has a main holiday set" in " ".join(info.value.messages)


def test_extra_holiday_set_is_saved_with_audit(world):
    events = AuditEvent.objects.count()
    saved = holiday_set_save(
        actor=_actor(world),
        holiday_set=HolidaySet(school=world.a.school),
        data={"academic_year": world.a.year, "name": "Grade 1", "is_main": False},
        holidays=[HolidayRow("February", _d(world, 2, 14), _d(world, 2, 22))],
    )
    assert saved.holidays.get().name == "February"
    assert AuditEvent.objects.count() == events + 2


def test_typical_quarters_and_holidays_are_valid_for_the_year(world):
    year = world.a.year
    quarters = typical_periods("quarters", year)
    assert [p.number for p in quarters] == [1, 2, 3, 4]
    assert quarters[0].start_date >= year.start_date
    assert quarters[-1].end_date <= year.end_date
    saved = period_set_save(
        actor=_actor(world),
        period_set=_new_set(world),
        data=_data(world, name="Typical"),
        periods=quarters,
    )
    assert saved.periods.count() == 4
    main = world.a.year.holiday_sets.get(is_main=True)
    holidays = typical_holidays(year, main=True)
    assert len(holidays) == 3
    holiday_set_save(actor=_actor(world), holiday_set=main, data={}, holidays=holidays)
    assert main.holidays.count() == 3
    for kind, count in (("trimesters", 3), ("half_years", 2), ("semesters", 2)):
        assert len(typical_periods(kind, year)) == count
    assert len(typical_holidays(year, main=False)) == 1


def test_typical_quarters_follow_the_weekdays():
    year = f.AcademicYearFactory.build(
        start_date=datetime.date(2025, 9, 1), end_date=datetime.date(2026, 5, 31)
    )
    got = [(p.start_date, p.end_date) for p in typical_periods("quarters", year)]
    # the 2025/2026 calendar recommended for the five-day week
    assert got == [
        (datetime.date(2025, 9, 1), datetime.date(2025, 10, 24)),
        (datetime.date(2025, 11, 5), datetime.date(2025, 12, 28)),
        (datetime.date(2026, 1, 12), datetime.date(2026, 3, 20)),
        (datetime.date(2026, 3, 30), datetime.date(2026, 5, 26)),
    ]


def test_delete_set_unused_deletes_periods_with_audit(world):
    extra = f.PeriodSetFactory.create(academic_year=world.a.year, name="Unused")
    period_ids = list(extra.periods.values_list("pk", flat=True))
    period_set_delete(actor=_actor(world), period_set=extra)
    assert not PeriodSet.objects.filter(pk=extra.pk).exists()
    assert not StudyPeriod.objects.filter(pk__in=period_ids).exists()
    deleted = AuditEvent.objects.filter(action="delete")
    assert deleted.filter(object_type="organizations.studyperiod").count() == 4
    assert deleted.filter(object_type="organizations.periodset").count() == 1


def test_delete_set_used_by_a_class_is_refused(world):
    with pytest.raises(ValidationError, match="in use: class 5А"):
        period_set_delete(actor=_actor(world), period_set=world.a.period_set)
    assert world.a.period_set.periods.count() == 4
    assert not AuditEvent.objects.filter(action="delete").exists()


def test_delete_holiday_set_used_as_extra_holidays_is_refused(world):
    extra = f.HolidaySetFactory.create(academic_year=world.a.year, name="Grade 5", is_main=False)
    world.a.school_class.extra_holiday_set = extra
    world.a.school_class.save()
    with pytest.raises(ValidationError, match="in use"):
        holiday_set_delete(actor=_actor(world), holiday_set=extra)
    assert HolidaySet.objects.filter(pk=extra.pk).exists()
    world.a.school_class.extra_holiday_set = None
    world.a.school_class.save()
    f.HolidayFactory.create(holiday_set=extra)
    holiday_set_delete(actor=_actor(world), holiday_set=extra)
    assert not HolidaySet.objects.filter(pk=extra.pk).exists()
    assert not Holiday.objects.filter(holiday_set_id=extra.pk).exists()
