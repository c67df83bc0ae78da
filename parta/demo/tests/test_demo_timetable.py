"""`seed_demo` builds the curriculum, load, bells, a conflict-free timetable and the year's
lessons; checked on the test database with the apps' own rules (clash search, load check)."""

import datetime
import io
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction

from parta.core.models import AuditEvent
from parta.curriculum.calculations import annual_hours, range_warning
from parta.curriculum.models import Curriculum, CurriculumItem, TeachingAssignment
from parta.curriculum.selectors import load_check
from parta.demo import teaching
from parta.organizations.models import AcademicYear, Holiday, Organization
from parta.people.models import SchoolClass
from parta.timetable.calculations import days_between
from parta.timetable.models import BellSchedule, BellScheduleDay, Lesson, TimetableEntry
from parta.timetable.services.conflicts import find_clashes

SCHOOLS = 2
STUDENTS = 60


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One seeding for the whole module, rolled back at its end (each test still runs in its
    own transaction inside it)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = io.StringIO()
            call_command(
                "seed_demo",
                "--schools",
                str(SCHOOLS),
                "--students-per-school",
                str(STUDENTS),
                "--seed",
                "11",
                stdout=out,
            )
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo(seeded, db):
    return seeded


def test_no_timetable_entry_clashes(demo):
    # given every entry of the demo timetable
    entries = list(TimetableEntry.objects.select_related("study_group", "school_class"))
    assert len(entries) > 300
    # when the timetable's own clash search looks at each, then it finds nothing
    clashing = [(entry.pk, find_clashes(entry)) for entry in entries]
    assert [item for item in clashing if item[1]] == []


def test_entries_pass_model_validation(demo):
    for entry in TimetableEntry.objects.select_related("academic_year")[:60]:
        entry.full_clean()
    for row in [
        *Curriculum.objects.all(),
        *CurriculumItem.objects.all()[:30],
        *TeachingAssignment.objects.all()[:30],
        *BellSchedule.objects.all(),
        *BellScheduleDay.objects.all(),
    ]:
        row.full_clean()


def test_each_class_gets_the_weekly_hours_of_its_curriculum(demo):
    # given the weekly entries per class (a subgroup lesson counts once for its class)
    per_class: dict[int | None, Counter[str]] = defaultdict(Counter)
    seen_group_slots = set()
    for entry in TimetableEntry.objects.select_related("study_group", "subject"):
        if entry.school_class_id:
            per_class[entry.school_class_id][entry.subject.name] += 1
            continue
        assert entry.study_group is not None
        class_id = entry.study_group.school_class_id
        key = (class_id, entry.weekday, entry.slot_number)
        if key not in seen_group_slots:
            seen_group_slots.add(key)
            per_class[class_id][entry.subject.name] += 1
    # then they equal the hours of the class's curriculum
    classes = list(SchoolClass.objects.all())
    assert len(classes) == SCHOOLS * 11
    for school_class in classes:
        plan = Curriculum.objects.get(
            school=school_class.school,
            academic_year=school_class.academic_year,
            grade=school_class.grade,
        )
        hours = {item.subject.name: int(item.hours_per_week) for item in plan.items.all()}
        assert per_class[school_class.pk] == hours, school_class.name
        weekly = sum(plan.items.values_list("hours_per_week", flat=True), Decimal(0))
        assert range_warning(school_class.grade, annual_hours(weekly, school_class.grade)) is None


def test_load_covers_the_curriculum(demo):
    for school in Organization.objects.filter(kind="school"):
        check = load_check(school, AcademicYear.objects.get(school=school))
        assert len(check.classes) == 11
        for class_check in check.classes:
            assert class_check.lines == [] or all(line.line.ok for line in class_check.lines), (
                class_check.school_class.name
            )
        assert max(load.total for load in check.teachers) <= teaching.MAX_LOAD


def test_bell_schedules_and_the_shortened_day(demo):
    for school in Organization.objects.filter(kind="school"):
        schedules = {s.name: s for s in BellSchedule.objects.filter(school=school)}
        assert set(schedules) == {teaching.MAIN_SCHEDULE, teaching.SHORT_SCHEDULE}
        main = schedules[teaching.MAIN_SCHEDULE]
        assert main.is_default
        assert main.slots.count() == teaching.SLOTS
        days = list(BellScheduleDay.objects.filter(school=school))
        assert days
        assert {day.bell_schedule_id for day in days} == {schedules[teaching.SHORT_SCHEDULE].pk}
        # lessons of a shortened day follow its times
        day = days[0].date
        first = Lesson.objects.filter(school=school, date=day, slot_number=2).first()
        assert first is not None
        assert first.start_time == datetime.time(9, 10)
        assert first.end_time == datetime.time(9, 40)
        normal = Lesson.objects.filter(school=school, slot_number=2).exclude(date=day).first()
        assert normal is not None
        assert normal.start_time == datetime.time(9, 25)


def test_lessons_of_the_whole_year_and_none_on_holidays(demo):
    # given the generated lessons
    assert "lessons" in demo or "уроки" in demo
    for school in Organization.objects.filter(kind="school"):
        year = AcademicYear.objects.get(school=school)
        lessons = Lesson.objects.filter(school=school)
        entries = TimetableEntry.objects.filter(school=school)
        # every entry gives lessons, from the first week to the last one
        assert set(lessons.values_list("timetable_entry_id", flat=True).distinct()) == set(
            entries.values_list("pk", flat=True)
        )
        dates = set(lessons.values_list("date", flat=True).distinct())
        assert min(dates) == year.start_date
        assert max(dates) - datetime.timedelta(days=7) > max(dates).replace(month=5, day=1)
        assert all(day.isoweekday() in teaching.WEEKDAYS for day in dates)
        # no lesson on a holiday of the main set; grade 1 also rests in its extra week
        closed: set[datetime.date] = set()
        extra: set[datetime.date] = set()
        for holiday in Holiday.objects.filter(school=school).select_related("holiday_set"):
            days = days_between(holiday.start_date, holiday.end_date)
            (closed if holiday.holiday_set.is_main else extra).update(days)
        assert closed
        assert extra
        assert not dates & closed
        grade1 = set(
            lessons.filter(school_class__grade=1).values_list("date", flat=True).distinct()
        )
        assert grade1
        assert not grade1 & extra
        assert dates & extra  # the other grades study that week
    # one audit event per school for the generation
    assert AuditEvent.objects.filter(action=AuditEvent.Action.GENERATE).count() == SCHOOLS


def test_grade_five_has_thematic_plans_bound_to_its_lessons(demo):
    from parta.thematic.models import ThematicPlan

    # given the demo's grade-5 plans made from the templates and for the English subgroups
    plans = list(ThematicPlan.objects.filter(is_template=False).select_related("subject"))
    assert plans
    assert ThematicPlan.objects.filter(is_template=True).count() == 3 * SCHOOLS
    for plan in plans:
        # then every plan's hours are the curriculum's year and its first topic has lessons
        total = sum(topic.hours for topic in plan.topics.all())
        assert total > 30
        first = plan.topics.order_by("position").first()
        assert first is not None
        assert Lesson.objects.filter(plan_topic=first).exists()


def test_demo_assessment_schedule_keeps_the_day_rules(demo):
    from parta.assessments.choices import Rule
    from parta.assessments.models import AssessmentProcedure
    from parta.assessments.selectors import ScheduleFilter, violations
    from parta.organizations.models import AcademicYear

    # given the demo's контрольные and ВПР
    assert AssessmentProcedure.objects.count() > 20
    assert not AssessmentProcedure.objects.filter(lesson__isnull=True).exists()
    # then none is in the first or last lesson, none shares a day, none lacks its lesson
    broken = {
        v.rule
        for year in AcademicYear.objects.select_related("school")
        for v in violations(year.school, year, ScheduleFilter())
    }
    assert broken.isdisjoint({Rule.FIRST_OR_LAST, Rule.ONE_PER_DAY, Rule.NO_LESSON})


def test_demo_week_of_substitutions(demo):
    from parta.timetable.models import Substitution

    # given the demo's ill mathematics teacher and the Russian teacher on a course
    substitutions = list(Substitution.objects.select_related("lesson"))
    assert substitutions
    assert {s.reason for s in substitutions} <= {"illness", "course"}
    # then every substitute teaches the absent teacher's subject and nobody is in two places
    for substitution in substitutions:
        lesson = substitution.lesson
        assert lesson.status == "scheduled"
        assert TeachingAssignment.objects.filter(
            teacher_id=substitution.teacher_id,
            subject__name__in=["Математика", "Русский язык"],
        ).exists()
        assert not Lesson.objects.filter(
            date=lesson.date,
            slot_number=lesson.slot_number,
            teacher_id=substitution.teacher_id,
            status="scheduled",
        ).exists()
    for lesson in Lesson.objects.filter(status="cancelled"):
        assert lesson.cancel_reason
