import datetime
from decimal import Decimal

import pytest

from parta.core.testing import factories as f
from parta.organizations.models import StudyPeriod
from parta.thematic.selectors import plan_hours
from parta.thematic.services import TopicData, topics_replace
from parta.thematic.tests.conftest import SYSTEM, Ktp, lessons


def _curriculum(ktp: Ktp, hours: str) -> None:
    item = f.CurriculumItemFactory.create(
        curriculum__academic_year=ktp.year,
        curriculum__school=ktp.school,
        curriculum__grade=ktp.school_class.grade,
        subject=ktp.subject,
        hours_per_week=Decimal(hours),
    )
    assert item.curriculum.school == ktp.school


def test_hours_per_period_compare_plan_curriculum_and_lessons(ktp: Ktp) -> None:
    # given 5 hours a week in the curriculum, 4 lessons in the first quarter and 1 in the
    # second, and a plan of 3 + 2 hours, the second topic dated in the second quarter
    _curriculum(ktp, "5")
    periods = list(StudyPeriod.objects.filter(period_set=ktp.school_class.period_set))
    lessons(ktp.plan, 4, start=periods[0].start_date)
    lessons(ktp.plan, 1, start=periods[1].start_date + datetime.timedelta(days=7))
    topics_replace(
        actor=SYSTEM,
        plan=ktp.plan,
        rows=[
            TopicData("А", Decimal(3)),
            TopicData("Б", Decimal(2), planned_date=periods[3].start_date),
            TopicData("В", Decimal(1)),
        ],
    )
    # when the hours are checked
    check = plan_hours(ktp.plan)
    # then the year is 5 × 34 = 170 curriculum hours split over four quarters
    assert check.total.curriculum == Decimal(170)
    assert sum(line.curriculum or 0 for line in check.lines) == Decimal(170)
    assert check.total.plan == Decimal(6)
    assert check.total.lessons == 5
    assert [line.lessons for line in check.lines] == [4, 1, 0, 0]
    # А takes lessons 1–3 and Б lessons 4–5: both count where their first lesson is (its
    # lesson beats its planned date); В has no lesson and no date
    assert [line.plan for line in check.lines] == [Decimal(5), 0, 0, 0]
    assert check.unplaced == Decimal(1)
    assert not check.total.ok


def test_without_curriculum_the_check_says_so(ktp: Ktp) -> None:
    topics_replace(actor=SYSTEM, plan=ktp.plan, rows=[TopicData("А", Decimal(2))])
    check = plan_hours(ktp.plan)
    assert check.total.curriculum is None
    assert check.notes[0] == "The curriculum has no hours for this subject."
    assert check.unplaced == Decimal(2)
    assert "2 hours of the plan have no lesson and no date yet." in check.notes


@pytest.mark.parametrize(("hours", "annual"), [("1", 34), ("0.5", 17), ("2.5", 85)])
def test_the_year_line_of_a_template(ktp: Ktp, hours: str, annual: int) -> None:
    _curriculum(ktp, hours)
    template = f.ThematicPlanFactory.create(
        school_class=None,
        school=ktp.school,
        academic_year=ktp.year,
        grade=ktp.school_class.grade,
        is_template=True,
        teacher=None,
        subject=ktp.subject,
    )
    check = plan_hours(template)
    assert check.lines == []
    assert check.total.curriculum == Decimal(annual)
    assert check.total.lessons is None


def test_the_hour_check_costs_a_fixed_number_of_queries(
    ktp: Ktp, django_assert_max_num_queries: object
) -> None:
    _curriculum(ktp, "5")
    lessons(ktp.plan, 30)
    topics_replace(actor=SYSTEM, plan=ktp.plan, rows=[TopicData(f"Т{i}") for i in range(40)])
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        plan_hours(ktp.plan)
