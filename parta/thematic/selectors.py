"""Reads of thematic plans: the plan's lessons in the calendar, its topics with their bound
lessons, and the hour check (plan vs curriculum vs lessons per study period), each in a fixed
number of queries whatever the length of the plan."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Min, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from parta.curriculum.calculations import annual_hours
from parta.curriculum.models import Curriculum, CurriculumItem
from parta.curriculum.selectors import plan_for_class
from parta.organizations.models import Holiday, PeriodSet, StudyPeriod
from parta.people.models import SchoolClass
from parta.thematic.calculations import (
    ZERO,
    HoursLine,
    distribute,
    period_of,
    plan_hours_by_period,
    study_days,
)
from parta.thematic.models import PlanTopic, ThematicPlan
from parta.timetable.choices import LessonStatus
from parta.timetable.models import Lesson


def audience_q(plan: ThematicPlan) -> Q:
    """Lessons of the plan's audience: the whole class, or the study group."""
    if plan.study_group_id:
        return Q(study_group_id=plan.study_group_id)
    return Q(school_class_id=plan.school_class_id, study_group__isnull=True)


def subject_lessons(plan: ThematicPlan) -> QuerySet[Lesson]:
    """Every lesson (any status) of the plan's audience and subject in its year."""
    if plan.is_template:
        return Lesson.objects.none()
    return Lesson.objects.filter(
        audience_q(plan),
        school_id=plan.school_id,
        academic_year_id=plan.academic_year_id,
        subject_id=plan.subject_id,
    )


def plan_lessons(plan: ThematicPlan) -> QuerySet[Lesson]:
    """The lessons topics are bound to: scheduled, ordered by date and lesson number."""
    return (
        subject_lessons(plan)
        .filter(status=LessonStatus.SCHEDULED)
        .order_by("date", "slot_number", "pk")
    )


def plan_detail(qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.select_related(
        "subject",
        "teacher__person",
        "school_class",
        "study_group__school_class",
        "academic_year",
        "template",
    )


def topics_with_lessons(plan: ThematicPlan) -> list[PlanTopic]:
    """The plan's topics in order, each with its bound lessons (`topic.lessons.all()`)."""
    return list(
        PlanTopic.objects.filter(plan=plan)
        .order_by("position")
        .prefetch_related(
            Prefetch(
                "lessons",
                queryset=Lesson.objects.filter(school_id=plan.school_id)
                .only("pk", "date", "slot_number", "plan_topic_id")
                .order_by("date", "slot_number", "pk"),
            )
        )
    )


def home_class(plan: ThematicPlan) -> SchoolClass | None:
    if plan.school_class_id:
        return plan.school_class
    if plan.study_group_id and plan.study_group is not None:
        return plan.study_group.school_class
    return None


def curriculum_hours_per_week(plan: ThematicPlan) -> Decimal | None:
    """Hours a week of the plan's subject in the curriculum of its class (or of its grade for
    templates and groups across classes); None when no curriculum names the subject."""
    school_class = home_class(plan)
    curriculum: Curriculum | None
    if school_class is not None:
        curriculum = plan_for_class(school_class)
    else:
        curriculum = Curriculum.objects.filter(
            school_id=plan.school_id, academic_year_id=plan.academic_year_id, grade=plan.grade
        ).first()
    if curriculum is None:
        return None
    hours = [
        Decimal(value)
        for value in CurriculumItem.objects.filter(
            curriculum=curriculum, subject_id=plan.subject_id
        ).values_list("hours_per_week", flat=True)
    ]
    return sum(hours, ZERO) if hours else None


@dataclass
class HoursCheck:
    lines: list[HoursLine]
    total: HoursLine
    #: plan hours whose topics have neither a lesson nor a planned date in a period
    unplaced: Decimal = ZERO
    hours_per_week: Decimal | None = None
    notes: list[str] = field(default_factory=list)


def _periods(plan: ThematicPlan, school_class: SchoolClass | None) -> list[StudyPeriod]:
    if plan.is_template:
        return []
    period_set_id = school_class.period_set_id if school_class is not None else None
    if period_set_id is None:
        period_set_id = (
            PeriodSet.objects.filter(academic_year_id=plan.academic_year_id)
            .values_list("pk", flat=True)
            .first()
        )
    return list(StudyPeriod.objects.filter(period_set_id=period_set_id).order_by("number"))


def _closed_days(plan: ThematicPlan, school_class: SchoolClass | None) -> set[datetime.date]:
    extra = school_class.extra_holiday_set_id if school_class is not None else None
    condition = Q(holiday_set__is_main=True)
    if extra:
        condition |= Q(holiday_set_id=extra)
    closed: set[datetime.date] = set()
    for first, last in Holiday.objects.filter(
        condition, holiday_set__academic_year_id=plan.academic_year_id
    ).values_list("start_date", "end_date"):
        day = first
        while day <= last:
            closed.add(day)
            day += datetime.timedelta(days=1)
    return closed


def plan_hours(plan: ThematicPlan) -> HoursCheck:
    """Plan hours vs curriculum hours (hours a week × study weeks, split over the periods in
    proportion to their school days) vs scheduled lessons, per study period and for the year."""
    school_class = home_class(plan)
    grade = school_class.grade if school_class is not None else plan.grade
    weekly = curriculum_hours_per_week(plan)
    annual = annual_hours(weekly, grade) if weekly is not None else None
    topics = list(PlanTopic.objects.filter(plan=plan).values_list("pk", "hours", "planned_date"))
    plan_total = sum((Decimal(hours) for _pk, hours, _day in topics), ZERO)
    notes: list[str] = []
    if weekly is None:
        notes.append(_("The curriculum has no hours for this subject."))
    periods = _periods(plan, school_class)
    if not periods:
        total = HoursLine(_("Year"), annual, plan_total, None)
        return HoursCheck(lines=[], total=total, hours_per_week=weekly, notes=notes)
    ranges = [(period.start_date, period.end_date) for period in periods]
    first_lesson = dict(
        Lesson.objects.filter(plan_topic__plan=plan)
        .values("plan_topic_id")
        .annotate(first=Min("date"))
        .values_list("plan_topic_id", "first")
    )
    dated = [(Decimal(hours), first_lesson.get(pk) or day) for pk, hours, day in topics]
    per_period, unplaced = plan_hours_by_period(dated, ranges)
    lesson_counts: dict[int, int] = defaultdict(int)
    for day in plan_lessons(plan).values_list("date", flat=True):
        lesson_counts[period_of(day, ranges)] += 1
    closed = _closed_days(plan, school_class)
    weights = [study_days(start, end, closed) for start, end in ranges]
    curriculum_parts: list[Decimal | None] = (
        list(distribute(annual, weights)) if annual is not None else [None] * len(periods)
    )
    lines = [
        HoursLine(period.name, curriculum_parts[index], per_period[index], lesson_counts[index])
        for index, period in enumerate(periods)
    ]
    total = HoursLine(
        _("Year"), annual, plan_total, sum(lesson_counts[i] for i in range(len(periods)))
    )
    if unplaced:
        notes.append(
            _("%(hours)s hours of the plan have no lesson and no date yet.")
            % {"hours": _number(unplaced)}
        )
    return HoursCheck(
        lines=lines, total=total, unplaced=unplaced, hours_per_week=weekly, notes=notes
    )


def _number(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.1"))).removesuffix(".0")
