import datetime

import pytest
from django.core.exceptions import ValidationError

from parta.core.testing import factories as f
from parta.organizations.models import AcademicYear, Holiday, StudyPeriod


def _period(world, start, end, number=9):
    return StudyPeriod(
        school=world.a.school,
        period_set=world.a.period_set,
        number=number,
        name="Extra",
        start_date=start,
        end_date=end,
    )


@pytest.mark.parametrize(
    ("start", "end", "error"),
    [
        pytest.param((8, 25), (8, 31), "outside", id="before_the_year"),
        pytest.param((5, 20), (6, 10), "outside", id="runs_past_the_year"),
        pytest.param((10, 20), (10, 30), "overlap", id="overlaps_first_quarter"),
        pytest.param((11, 5), (11, 5), "overlap", id="touches_second_quarter_start"),
        pytest.param((12, 29), (12, 28), "order", id="end_before_start"),
    ],
)
def test_study_period_is_validated(world, start, end, error):
    year = world.a.year.start_date.year

    def day(month_day):
        month, dd = month_day
        return datetime.date(year if month >= 8 else year + 1, month, dd)

    with pytest.raises(ValidationError) as info:
        _period(world, day(start), day(end)).full_clean()
    text = " ".join(info.value.messages)
    expected = {
        "outside": "within the academic year",
        "overlap": "overlaps the period",
        "order": "cannot be earlier",
    }[error]
    assert expected in text


def test_study_period_in_a_gap_between_quarters_is_valid(world):
    year = world.a.year.start_date.year
    _period(world, datetime.date(year, 10, 25), datetime.date(year, 11, 4)).full_clean()


def test_academic_years_of_one_school_do_not_overlap(world):
    start = world.a.year.start_date
    clash = AcademicYear(
        school=world.a.school,
        name="clash",
        start_date=start + datetime.timedelta(days=100),
        end_date=start + datetime.timedelta(days=400),
    )
    with pytest.raises(ValidationError, match="overlap the academic year"):
        clash.full_clean()
    # the same dates in another school are fine
    AcademicYear(
        school=world.c_school, name="clash", start_date=clash.start_date, end_date=clash.end_date
    ).full_clean()


def test_holidays_do_not_overlap_within_a_set(world):
    holiday_set = world.a.year.holiday_sets.get()
    existing = holiday_set.holidays.get()
    clash = Holiday(
        school=world.a.school,
        holiday_set=holiday_set,
        name="Clash",
        start_date=existing.end_date,
        end_date=existing.end_date + datetime.timedelta(days=3),
    )
    with pytest.raises(ValidationError, match="overlap the holidays"):
        clash.full_clean()


def test_extra_holiday_set_may_overlap_the_main_set(world):
    extra = f.HolidaySetFactory.create(
        academic_year=world.a.year, name="Extra for grade 1", is_main=False
    )
    existing = world.a.year.holiday_sets.get(is_main=True).holidays.get()
    Holiday(
        school=world.a.school,
        holiday_set=extra,
        name="February",
        start_date=existing.start_date,
        end_date=existing.end_date,
    ).full_clean()


def test_period_set_of_another_school_year_is_refused(world):
    from parta.organizations.models import PeriodSet

    bad = PeriodSet(school=world.a.school, academic_year=world.b.year, kind="quarters", name="X")
    with pytest.raises(ValidationError) as info:
        bad.full_clean()
    assert "academic_year" in info.value.message_dict
