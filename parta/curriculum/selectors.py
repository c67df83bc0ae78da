"""Reads of curricula and teaching load: the plan of a class, totals of a plan and the check
of the load against the plans (a fixed number of queries whatever the size of the school)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from parta.curriculum.calculations import (
    ZERO,
    CoverageLine,
    LoadRow,
    PlanLine,
    RangeWarning,
    annual_hours,
    coverage,
    range_warning,
)
from parta.curriculum.models import Curriculum, CurriculumItem, Subject, TeachingAssignment
from parta.people.choices import StudyGroupKind
from parta.people.models import SchoolClass, StaffMember, StudyGroup


def curricula_with_items(qs: QuerySet[Any] | None = None) -> QuerySet[Any]:
    base = qs if qs is not None else Curriculum.objects.all()
    return base.select_related("school_class", "academic_year").prefetch_related(
        Prefetch(
            "items",
            queryset=CurriculumItem.objects.select_related("subject").order_by(
                "part", "subject__name"
            ),
        )
    )


def plan_for_class(school_class: SchoolClass) -> Curriculum | None:
    """The individual plan of the class, else the plan of its grade in the same year."""
    plans = list(
        Curriculum.objects.filter(
            academic_year_id=school_class.academic_year_id, school_id=school_class.school_id
        ).filter(school_class=school_class)
    )
    if plans:
        return plans[0]
    return Curriculum.objects.filter(
        academic_year_id=school_class.academic_year_id,
        school_id=school_class.school_id,
        grade=school_class.grade,
    ).first()


@dataclass(frozen=True)
class Totals:
    weekly: Decimal
    annual: Decimal
    warning: RangeWarning | None


def curriculum_totals(curriculum: Curriculum) -> Totals:
    """Weekly and annual hours of a plan (items prefetched or not) with the federal warning."""
    grade = curriculum.effective_grade
    weekly = sum((item.hours_per_week for item in curriculum.items.all()), ZERO)
    annual = annual_hours(weekly, grade or 0)
    return Totals(weekly=weekly, annual=annual, warning=range_warning(grade, annual))


@dataclass
class CheckLine:
    subject: Subject
    line: CoverageLine


@dataclass
class ClassCheck:
    school_class: SchoolClass
    curriculum: Curriculum | None
    lines: list[CheckLine] = field(default_factory=list)

    @property
    def problems(self) -> list[CheckLine]:
        return [line for line in self.lines if not line.line.ok]


@dataclass
class TeacherLoad:
    teacher: StaffMember
    total: Decimal
    rows: list[TeachingAssignment]


@dataclass
class LoadCheck:
    classes: list[ClassCheck]
    teachers: list[TeacherLoad]


def assignments_for(school: Any, year: Any) -> QuerySet[Any]:
    return TeachingAssignment.objects.filter(school=school, academic_year=year).select_related(
        "teacher__person", "subject", "school_class", "study_group__school_class"
    )


def teacher_loads(assignments: list[TeachingAssignment]) -> list[TeacherLoad]:
    by_teacher: dict[int, list[TeachingAssignment]] = defaultdict(list)
    teachers: dict[int, StaffMember] = {}
    for row in assignments:
        by_teacher[row.teacher_id].append(row)
        teachers[row.teacher_id] = row.teacher
    loads = [
        TeacherLoad(
            teacher=teachers[tid],
            total=sum((row.hours_per_week for row in rows), ZERO),
            rows=rows,
        )
        for tid, rows in by_teacher.items()
    ]
    loads.sort(key=lambda load: (str(load.teacher), load.teacher.pk))
    return loads


def load_check(school: Any, year: Any) -> LoadCheck:
    """Per class: the lines where the load misses or exceeds the plan; per teacher: the
    total weekly hours (for тарификация)."""
    classes = list(
        SchoolClass.objects.filter(school=school, academic_year=year).order_by("grade", "letter")
    )
    plans = list(curricula_with_items(Curriculum.objects.filter(school=school, academic_year=year)))
    by_grade = {plan.grade: plan for plan in plans if plan.grade}
    by_class = {plan.school_class_id: plan for plan in plans if plan.school_class_id}
    assignments = list(assignments_for(school, year))
    subgroups: dict[tuple[Any, Any], list[int]] = defaultdict(list)
    for group in StudyGroup.objects.filter(
        school=school,
        academic_year=year,
        kind=StudyGroupKind.SUBGROUP,
        subject__isnull=False,
    ).only("pk", "school_class_id", "subject_id"):
        subgroups[(group.school_class_id, group.subject_id)].append(group.pk)

    plan_lines: list[PlanLine] = []
    class_plans: dict[int, Curriculum | None] = {}
    subjects: dict[Any, Subject] = {}
    for school_class in classes:
        plan = by_class.get(school_class.pk) or by_grade.get(school_class.grade)
        class_plans[school_class.pk] = plan
        for item in plan.items.all() if plan else ():
            subjects[item.subject_id] = item.subject
            plan_lines.append(PlanLine(school_class.pk, item.subject_id, item.hours_per_week))
    load_rows: list[LoadRow] = []
    for row in assignments:
        subjects[row.subject_id] = row.subject
        if row.school_class_id:
            load_rows.append(LoadRow(row.school_class_id, row.subject_id, row.hours_per_week))
        elif row.study_group and row.study_group.school_class_id:
            load_rows.append(
                LoadRow(
                    row.study_group.school_class_id,
                    row.subject_id,
                    row.hours_per_week,
                    group_id=row.study_group_id,
                )
            )
    lines_by_class: dict[Any, list[CheckLine]] = defaultdict(list)
    for line in coverage(plan_lines, load_rows, subgroups):
        lines_by_class[line.class_id].append(CheckLine(subjects[line.subject_id], line))
    checks = []
    for school_class in classes:
        lines = sorted(lines_by_class.get(school_class.pk, []), key=lambda c: c.subject.name)
        checks.append(ClassCheck(school_class, class_plans[school_class.pk], lines))
    return LoadCheck(classes=checks, teachers=teacher_loads(assignments))
