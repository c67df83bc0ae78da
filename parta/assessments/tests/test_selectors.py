import datetime

from parta.assessments.choices import Rule
from parta.assessments.models import AssessmentProcedure
from parta.assessments.selectors import ScheduleFilter, violations, violations_of
from parta.assessments.tests.conftest import monday_of
from parta.assessments.texts import describe
from parta.core.testing import factories as f


def _math_lessons(sw, subject, weeks, per_week=2):
    """`per_week` lessons (number 2) on Tuesdays and Wednesdays of `weeks` weeks."""
    for week in weeks:
        monday = monday_of(sw.year, week)
        for n in range(per_week):
            f.LessonFactory.create(
                school_class=sw.school_class,
                date=monday + datetime.timedelta(days=n + 1),
                slot_number=2,
                subject=subject,
                teacher=sw.class_teacher,
            )


def test_violations_name_class_subject_dates_and_rule(aw):
    # given the math procedure in lesson 2 of 3, with 1 + 19 math lessons in the year
    sw = aw.a
    _math_lessons(sw, aw.math, range(3, 13))
    # and a second procedure 17 days later, without a lesson that day
    AssessmentProcedure.objects.create(
        school=sw.school,
        academic_year=sw.year,
        school_class=sw.school_class,
        subject=aw.math,
        date=sw.day + datetime.timedelta(days=17),
    )
    found = violations(sw.school, sw.year, ScheduleFilter())
    assert sorted(v.rule for v in found) == sorted([Rule.INTERVAL, Rule.NO_LESSON])
    interval = next(v for v in found if v.rule == Rule.INTERVAL)
    assert describe(interval) == (
        f"5А, Математика: {sw.day:%m/%d/%Y} and {sw.day + datetime.timedelta(days=17):%m/%d/%Y} "
        "are 17 days apart; at least 18 days (2.5 weeks) are recommended."
    )


def test_first_lesson_violation_and_its_weekly_exception(aw):
    sw = aw.a
    procedure = AssessmentProcedure.objects.create(
        school=sw.school,
        academic_year=sw.year,
        school_class=sw.school_class,
        subject=aw.russian,
        date=sw.day,
        lesson=sw.lessons[0],
    )
    # the only Russian lesson of the week: exempt
    rules = {v.rule for v in violations_of(procedure)}
    assert Rule.FIRST_OR_LAST not in rules
    # a second Russian lesson that week: the first lesson breaks the rule
    f.LessonFactory.create(
        school_class=sw.school_class,
        date=sw.day + datetime.timedelta(days=2),
        slot_number=3,
        subject=aw.russian,
    )
    found = [v for v in violations_of(procedure) if v.rule == Rule.FIRST_OR_LAST]
    assert len(found) == 1
    assert describe(found[0]).endswith(
        "lesson 1 is the first or the last lesson of the class that day."
    )


def test_share_counts_the_years_lessons(aw):
    sw = aw.a
    flt = ScheduleFilter(subject_id=aw.math.pk)
    # 1 math lesson: 1 procedure is more than 10 %
    assert [v.rule for v in violations(sw.school, sw.year, flt)] == [Rule.SHARE]
    # 10 math lessons: exactly 10 %
    _math_lessons(sw, aw.math, range(3, 12), per_week=1)
    assert violations(sw.school, sw.year, flt) == []


def test_filters_show_violations_in_the_period_and_class(aw):
    sw = aw.a
    flt = ScheduleFilter(start=sw.day + datetime.timedelta(days=1))
    assert violations(sw.school, sw.year, flt) == []
    assert violations(sw.school, sw.year, ScheduleFilter(school_class_id=10**6)) == []
    assert violations(sw.school, sw.year, ScheduleFilter(grade=5))


def test_violation_queries_are_constant(aw, django_assert_max_num_queries):
    # given many procedures of many classes, each on a day with lessons
    sw = aw.a
    for n, letter in enumerate("БВГДЕ"):
        school_class = f.SchoolClassFactory.create(period_set=sw.period_set, grade=5, letter=letter)
        for week in (3, 4, 5):
            day = monday_of(sw.year, week)
            lesson = f.LessonFactory.create(
                school_class=school_class, date=day, slot_number=1, subject=aw.math
            )
            f.LessonFactory.create(
                school_class=school_class, date=day, slot_number=2, subject=aw.russian
            )
            f.LessonFactory.create(
                school_class=school_class,
                date=day + datetime.timedelta(days=1),
                slot_number=2,
                subject=aw.math,
            )
            AssessmentProcedure.objects.create(
                school=sw.school,
                academic_year=sw.year,
                school_class=school_class,
                subject=aw.math,
                date=day,
                lesson=lesson,
            )
        assert n < 5
    with django_assert_max_num_queries(4):
        found = violations(sw.school, sw.year, ScheduleFilter())
    assert {v.rule for v in found} >= {Rule.INTERVAL, Rule.FIRST_OR_LAST, Rule.SHARE}
