"""Reads of the assessment schedule: the filtered schedule, the lesson facts the rules need
(a constant number of queries whatever the number of procedures) and the violations."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce

from parta.assessments.calculations import (
    Planned,
    Violation,
    check_all,
    edge_candidates,
    week_start,
)
from parta.assessments.models import AssessmentProcedure
from parta.organizations.models import AcademicYear, StudyPeriod
from parta.timetable.choices import LessonStatus
from parta.timetable.models import Lesson


@dataclass(frozen=True)
class ScheduleFilter:
    """The filters of the schedule page, the violations page, the export and the API."""

    grade: int | None = None
    school_class_id: int | None = None
    subject_id: int | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    level: str = ""

    @classmethod
    def for_period(cls, period: StudyPeriod | None, **kwargs: Any) -> ScheduleFilter:
        if period is not None:
            kwargs.update(start=period.start_date, end=period.end_date)
        return cls(**kwargs)

    def apply(self, qs: QuerySet[AssessmentProcedure], *, dates: bool = True) -> Any:
        if self.grade:
            qs = qs.filter(school_class__grade=self.grade)
        if self.school_class_id:
            qs = qs.filter(school_class_id=self.school_class_id)
        if self.subject_id:
            qs = qs.filter(subject_id=self.subject_id)
        if self.level:
            qs = qs.filter(level=self.level)
        if dates and self.start:
            qs = qs.filter(date__gte=self.start)
        if dates and self.end:
            qs = qs.filter(date__lte=self.end)
        return qs

    def shows(self, violation: Violation) -> bool:
        """A violation is shown when one of its dates falls in the chosen dates."""
        return any(
            (self.start is None or day >= self.start) and (self.end is None or day <= self.end)
            for day in violation.dates
        )


def schedule(
    school: Any, year: AcademicYear | None, flt: ScheduleFilter
) -> QuerySet[AssessmentProcedure]:
    """The procedures of the school's year, grouped by class (grade, letter), then by date."""
    qs = AssessmentProcedure.objects.for_school(school).with_related()
    if year is not None:
        qs = qs.of_year(year)
    return flt.apply(qs).order_by(
        "school_class__grade", "school_class__letter", "date", "subject__name", "pk"
    )


def lesson_candidates(
    *, school: Any, school_class_id: int, study_group_id: int | None, subject_id: int, date: Any
) -> QuerySet[Lesson]:
    """The scheduled lessons a procedure of this audience and subject may take place in on
    `date`: the group's lessons and the whole class's lessons."""
    audience = Q(school_class_id=school_class_id)
    if study_group_id:
        audience |= Q(study_group_id=study_group_id)
    return (
        Lesson.objects.filter(
            school=school, date=date, subject_id=subject_id, status=LessonStatus.SCHEDULED
        )
        .filter(audience)
        .order_by("slot_number", "pk")
    )


def lessons_of_class_on(school: Any, school_class_id: int, date: Any) -> QuerySet[Lesson]:
    """The lessons of a class (whole class and its groups) on a date, for the lesson choice."""
    return (
        Lesson.objects.filter(school=school, date=date, status=LessonStatus.SCHEDULED)
        .filter(
            Q(school_class_id=school_class_id) | Q(study_group__school_class_id=school_class_id)
        )
        .select_related("subject", "study_group")
        .order_by("slot_number", "pk")
    )


def as_planned(procedure: AssessmentProcedure) -> Planned:
    lesson = procedure.lesson if procedure.lesson_id else None
    slot = lesson.slot_number if lesson is not None and not lesson.is_cancelled else None
    return Planned(
        id=procedure.pk,
        class_id=procedure.school_class_id,
        class_name=procedure.school_class.name,
        subject_id=procedure.subject_id,
        subject_name=procedure.subject.name,
        date=procedure.date,
        group_id=procedure.study_group_id,
        group_name=procedure.study_group.name if procedure.study_group is not None else "",
        slot_number=slot,
    )


def _class_of_lesson() -> Coalesce:
    return Coalesce(F("school_class_id"), F("study_group__school_class_id"))


def violations(school: Any, year: AcademicYear, flt: ScheduleFilter) -> list[Violation]:
    """The violations of the federal recommendations among the procedures the filter selects
    (class, grade, subject), shown when a date falls in the filter's dates. The rules
    read the whole year of those classes, so a period shows pairs that cross its border; every
    level counts, so the level filter is ignored."""
    flt = replace(flt, level="")
    procedures = [
        as_planned(p)
        for p in flt.apply(
            AssessmentProcedure.objects.for_school(school).of_year(year).with_related(),
            dates=False,
        )
    ]
    if not procedures:
        return []
    class_ids = sorted({p.class_id for p in procedures})
    subject_ids = sorted({p.subject_id for p in procedures})
    dates = sorted({p.date for p in procedures})
    lessons = Lesson.objects.filter(
        school=school, academic_year=year, status=LessonStatus.SCHEDULED
    ).annotate(class_of=_class_of_lesson())

    day_slots: dict[tuple[int, datetime.date], list[int]] = defaultdict(list)
    lesson_days: set[tuple[int, int | None, int, datetime.date]] = set()
    for row in lessons.filter(class_of__in=class_ids, date__in=dates).values(
        "class_of", "study_group_id", "subject_id", "date", "slot_number"
    ):
        day_slots[(row["class_of"], row["date"])].append(row["slot_number"])
        lesson_days.add((row["class_of"], row["study_group_id"], row["subject_id"], row["date"]))

    week_lessons: dict[tuple[int, int | None, int, datetime.date], int] = defaultdict(int)
    edge = edge_candidates(procedures, day_slots)
    if edge:
        week_dates = sorted(
            {week_start(p.date) + datetime.timedelta(days=n) for p in edge for n in range(7)}
        )
        for row in (
            lessons.filter(
                class_of__in=sorted({p.class_id for p in edge}),
                subject_id__in=sorted({p.subject_id for p in edge}),
                date__in=week_dates,
            )
            .values("class_of", "study_group_id", "subject_id", "date")
            .annotate(n=Count("id"))
        ):
            key = (
                row["class_of"],
                row["study_group_id"],
                row["subject_id"],
                week_start(row["date"]),
            )
            week_lessons[key] += row["n"]

    year_lessons: dict[tuple[int, int | None, int], int] = {}
    for row in (
        lessons.filter(class_of__in=class_ids, subject_id__in=subject_ids)
        .values("class_of", "study_group_id", "subject_id")
        .annotate(n=Count("id"))
    ):
        year_lessons[(row["class_of"], row["study_group_id"], row["subject_id"])] = row["n"]

    found = check_all(
        procedures,
        day_slots=day_slots,
        week_lessons=week_lessons,
        year_lessons=year_lessons,
        lesson_days=lesson_days,
    )
    return [v for v in found if flt.shows(v)]


def violations_of(procedure: AssessmentProcedure) -> list[Violation]:
    """The violations that involve one procedure (shown after it is saved)."""
    flt = ScheduleFilter(school_class_id=procedure.school_class_id)
    return [
        v
        for v in violations(procedure.school, procedure.academic_year, flt)
        if procedure.pk in v.procedure_ids
    ]
