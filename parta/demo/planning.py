"""Demo calendar-thematic plans, the schedule of assessment procedures and the substitutions,
written through the apps' own services once the year's lessons exist (so plans bind their
topics to lessons and procedures find their lessons)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from parta.assessments.choices import ProcedureLevel, WorkForm
from parta.assessments.models import AssessmentProcedure
from parta.assessments.services.procedures import procedure_create
from parta.core.context import Actor
from parta.curriculum.models import Subject, TeachingAssignment
from parta.demo import teaching
from parta.demo.changes import build_changes
from parta.demo.school_year import SchoolCalendar
from parta.demo.syllabus import CLASS_SYLLABI, GROUP_SYLLABI, Syllabus
from parta.organizations.models import AcademicYear
from parta.people.models import SchoolClass, StudyGroup
from parta.thematic.data import TopicData
from parta.thematic.models import ThematicPlan
from parta.thematic.services import plan_create, template_apply, topics_replace
from parta.timetable.choices import LessonStatus
from parta.timetable.models import Lesson

PLAN_GRADE = 5
STUDY_WEEKS = 34
#: Subjects and grades of the demo's assessment schedule.
ASSESSED_SUBJECTS = ("Математика", "Русский язык")
ASSESSED_GRADES = range(5, 10)
#: ВПР are written in grades 5–8 in spring.
VPR_GRADES = range(5, 9)


def hours_split(total: int, count: int) -> list[int]:
    """`total` hours over `count` topics as evenly as possible, the first topics taking the
    extra hours: 10 over 4 → [3, 3, 2, 2]."""
    if count <= 0:
        return []
    base, extra = divmod(total, count)
    return [base + (1 if index < extra else 0) for index in range(count)]


def syllabus_rows(
    syllabus: Syllabus, weekly_hours: int, weeks: int = STUDY_WEEKS
) -> list[TopicData]:
    topics = [(section, title) for section, titles in syllabus for title in titles]
    hours = hours_split(weekly_hours * weeks, len(topics))
    return [
        TopicData(title=title, section=section, hours=Decimal(h))
        for (section, title), h in zip(topics, hours, strict=True)
        if h > 0
    ]


def _weekly_hours(subject: str, grade: int) -> int:
    return sum(line.hours for line in teaching.CURRICULA[grade] if line.subject == subject)


def build_plans(*, actor: Actor, year: AcademicYear) -> int:
    """Grade-5 templates of mathematics, Russian and history applied to every grade-5 class, and
    a plan for every grade-5 English subgroup. Returns the number of working plans."""
    subjects = {s.name: s for s in Subject.objects.filter(school__isnull=True)}
    classes = list(
        SchoolClass.objects.filter(academic_year=year, grade=PLAN_GRADE).order_by("letter")
    )
    made = 0
    for name, syllabus in CLASS_SYLLABI:
        subject = subjects.get(name)
        if subject is None or not classes:
            continue
        template = plan_create(
            actor=actor,
            plan=ThematicPlan(
                school_id=year.school_id,
                academic_year=year,
                subject=subject,
                grade=PLAN_GRADE,
                is_template=True,
                name=f"{name}, {PLAN_GRADE} класс (по ФРП)",
            ),
        )
        topics_replace(
            actor=actor,
            plan=template,
            rows=syllabus_rows(syllabus, _weekly_hours(name, PLAN_GRADE)),
        )
        made += len(template_apply(actor=actor, template=template, classes=classes).created)
    for name, syllabus in GROUP_SYLLABI:
        subject = subjects.get(name)
        if subject is None:
            continue
        loads = TeachingAssignment.objects.filter(
            academic_year=year,
            subject=subject,
            study_group__in=StudyGroup.objects.filter(
                academic_year=year, school_class__grade=PLAN_GRADE
            ),
        ).select_related("study_group")
        for load in loads.order_by("study_group__name"):
            plan = plan_create(
                actor=actor,
                plan=ThematicPlan(
                    school_id=year.school_id,
                    academic_year=year,
                    subject=subject,
                    grade=PLAN_GRADE,
                    study_group=load.study_group,
                    teacher_id=load.teacher_id,
                ),
            )
            weekly = int(load.hours_per_week)
            topics_replace(actor=actor, plan=plan, rows=syllabus_rows(syllabus, weekly))
            made += 1
    return made


def _windows(calendar: SchoolCalendar) -> list[tuple[str, datetime.date, datetime.date]]:
    """(level, first, last day) in which a procedure is looked for: the last two weeks of each
    quarter for the school's контрольные, and mid-April for the ВПР."""
    windows: list[tuple[str, datetime.date, datetime.date]] = [
        (ProcedureLevel.SCHOOL, quarter.end - datetime.timedelta(days=13), quarter.end)
        for quarter in calendar.quarters
    ]
    april = datetime.date(calendar.quarters[-1].end.year, 4, 13)
    windows.append((ProcedureLevel.FEDERAL, april, april + datetime.timedelta(days=11)))
    return windows


def pick_lesson(
    day_lessons: dict[datetime.date, list[tuple[int, int, int]]],
    subject_id: int,
    first: datetime.date,
    last: datetime.date,
    taken: frozenset[datetime.date] | set[datetime.date] = frozenset(),
) -> tuple[datetime.date, int] | None:
    """The first lesson of the subject in [first, last], not on a `taken` day, that is neither
    the first nor the last lesson of its day: (date, lesson id). `day_lessons`: date →
    [(slot, subject, lesson id)]."""
    for day in sorted(d for d in day_lessons if first <= d <= last and d not in taken):
        lessons = sorted(day_lessons[day])
        for index, (_slot, subject, lesson_id) in enumerate(lessons):
            if subject == subject_id and 0 < index < len(lessons) - 1:
                return day, lesson_id
    return None


def build_assessments(*, actor: Actor, year: AcademicYear, calendar: SchoolCalendar) -> int:
    """Контрольные in mathematics and Russian at the end of every quarter in grades 5–9 and
    the ВПР in grades 5–8, each in a lesson of the subject that is not the first or the last of
    the day. Returns the number of procedures."""
    subjects = list(Subject.objects.filter(school__isnull=True, name__in=ASSESSED_SUBJECTS))
    classes = list(SchoolClass.objects.filter(academic_year=year, grade__in=list(ASSESSED_GRADES)))
    windows = _windows(calendar)
    by_class: dict[int, dict[datetime.date, list[tuple[int, int, int]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    days: set[datetime.date] = set()
    for _level, first, last in windows:
        days |= {first + datetime.timedelta(days=n) for n in range((last - first).days + 1)}
    rows = Lesson.objects.filter(
        academic_year=year,
        school_class__in=classes,
        status=LessonStatus.SCHEDULED,
        date__in=sorted(days),
    ).values_list("school_class_id", "date", "slot_number", "subject_id", "pk")
    for class_id, day, slot, subject_id, lesson_id in rows:
        by_class[class_id][day].append((slot, subject_id, lesson_id))
    made = 0
    for school_class in sorted(classes, key=lambda c: (c.grade, c.letter)):
        taken: set[datetime.date] = set()
        for subject in subjects:
            for level, first, last in windows:
                if level == ProcedureLevel.FEDERAL and school_class.grade not in VPR_GRADES:
                    continue
                found = pick_lesson(by_class[school_class.pk], subject.pk, first, last, taken)
                if found is None:
                    continue
                day, lesson_id = found
                taken.add(day)
                procedure_create(
                    actor=actor,
                    instance=AssessmentProcedure(
                        school_id=year.school_id,
                        academic_year=year,
                        school_class=school_class,
                        subject=subject,
                        date=day,
                        lesson_id=lesson_id,
                        level=level,
                        form=_form(level, subject.name),
                        title=_title(level, subject.name),
                    ),
                )
                made += 1
    return made


def _form(level: str, subject: str) -> str:
    if level == ProcedureLevel.FEDERAL:
        return WorkForm.CHECK_WORK
    return WorkForm.DICTATION if subject == "Русский язык" else WorkForm.TEST_PAPER


def _title(level: str, subject: str) -> str:
    if level == ProcedureLevel.FEDERAL:
        return f"ВПР по предмету «{subject}»"
    return "Контрольный диктант" if subject == "Русский язык" else "Контрольная работа"


@dataclass
class PlanningCounts:
    plans: int = 0
    procedures: int = 0
    substitutions: int = 0
    cancellations: int = 0


def build_planning(*, years: Sequence[AcademicYear], calendar: SchoolCalendar) -> PlanningCounts:
    """Plans, procedures, substitutions and cancellations of every school's year."""
    actor = Actor.system()
    counts = PlanningCounts()
    for year in years:
        counts.plans += build_plans(actor=actor, year=year)
        counts.procedures += build_assessments(actor=actor, year=year, calendar=calendar)
        substituted, cancelled = build_changes(actor=actor, year=year, calendar=calendar)
        counts.substitutions += substituted
        counts.cancellations += cancelled
    return counts
