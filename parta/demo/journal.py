"""Demo journal: the school's work types and journal settings, grade-1 classes without marks,
and for the last weeks before today the lessons' topics (from their КТП topics), homework,
marks and absences — written with bulk inserts, so that twenty schools seed in minutes.

Each student has a level (their usual mark); on a lesson about a third of the audience answers
and gets a mark near their level; now and then the whole audience writes a контрольная
(weight 3). About 5 % of student-days are absences, mostly illness (the whole day) or a valid
reason, a few unexcused lessons and latecomers. Marks go only to students enrolled in the
class (or member of the group) on the lesson's date and present at it; classes without marks
get topics, homework and attendance only.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models

from parta.core.context import Actor
from parta.journal.choices import AttendanceCode
from parta.journal.models import (
    Assignment,
    AttendanceMark,
    JournalSettings,
    Mark,
    MarkFreeSubject,
    WorkType,
)
from parta.journal.services import default_work_types
from parta.organizations.models import AcademicYear
from parta.people.models import Enrollment, SchoolClass, StudyGroup, StudyGroupMembership
from parta.timetable.choices import LessonStatus
from parta.timetable.models import Lesson

BATCH_SIZE = 2000
DEFAULT_WEEKS = 6
MARK_FREE_GRADES = (1,)


#: Names from the journal's standard set of work types (`default_work_types`).
ORAL = "Ответ на уроке"
HOMEWORK = "Домашнее задание"
TEST = "Контрольная работа"

#: Share of the audience that gets a mark for answering in a lesson.
ANSWER_SHARE = (0.30, 0.40)
#: Share of lessons with homework.
HOMEWORK_SHARE = 1 / 3
#: Every n-th lesson of an audience in a subject (about) is a контрольная.
TEST_EVERY = (8, 12)
#: Chance that a student misses a whole day (ill or with a valid reason).
DAY_ABSENCE = 0.04
#: Chance that a student skips or is late to a single lesson.
LESSON_ABSENCE = 0.006
LESSON_LATE = 0.006

HOMEWORK_TEXTS = (
    "Выучить правило, упр. {n}",
    "§{n}, ответить на вопросы",
    "Решить № {n}, {m}",
    "Прочитать §{n}, составить план",
    "Повторить §{n}, упр. {m}",
)


@dataclass
class JournalCounts:
    work_types: int = 0
    assignments: int = 0
    marks: int = 0
    absences: int = 0
    topics: int = 0

    def add(self, other: JournalCounts) -> None:
        self.work_types += other.work_types
        self.assignments += other.assignments
        self.marks += other.marks
        self.absences += other.absences
        self.topics += other.topics


Span = tuple[datetime.date, datetime.date | None]


@dataclass
class Roster:
    """Who belongs to an audience on a date: student id → spans (start, end or None)."""

    spans: dict[int, list[Span]] = field(default_factory=lambda: defaultdict(list))
    days: dict[datetime.date, list[int]] = field(default_factory=dict)

    def on(self, day: datetime.date) -> list[int]:
        found = self.days.get(day)
        if found is None:
            found = self.days[day] = sorted(
                student
                for student, spans in self.spans.items()
                if any(start <= day and (end is None or day <= end) for start, end in spans)
            )
        return found


def mark_for(level: float, rng: random.Random, *, test: bool = False) -> str:
    """A mark near the student's level (2.6–4.9): a контрольная spreads wider."""
    spread = 0.9 if test else 0.7
    value = round(rng.gauss(level, spread))
    return str(min(5, max(2, value)))


def student_level(rng: random.Random) -> float:
    """A student's usual mark: most between 3.5 and 4.5, few weak or excellent ones."""
    return min(4.9, max(2.6, rng.gauss(3.9, 0.55)))


def _bulk(model: type[models.Model], rows: Sequence[models.Model]) -> list[models.Model]:
    return model._default_manager.bulk_create(rows, batch_size=BATCH_SIZE)


def _insert(model: type[models.Model], given: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert plain rows (values of the `given` columns, in that order) without building model
    instances: a year of marks is millions of rows, and `bulk_create` spends most of its time
    on the instances and on adapting every value. PostgreSQL gets them by COPY, other
    databases by `executemany`. Every other column takes the field's default (`auto_now` the
    current time), computed once."""
    template = model()
    names = list(given)
    defaults: list[Any] = []
    fields = {item.attname: item for item in model._meta.concrete_fields}
    for item in fields.values():
        if item.primary_key or item.attname in given:
            continue
        names.append(item.attname)
        defaults.append(item.get_db_prep_save(item.pre_save(template, add=True), connection))
    columns = [fields[name].column for name in names]
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    table = connection.ops.quote_name(model._meta.db_table)
    tail = tuple(defaults)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row, *tail))
                    count += 1
            return count
        sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(['%s'] * len(names))})"
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append((*row, *tail))
            if len(batch) >= BATCH_SIZE:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _rosters(year: AcademicYear) -> tuple[dict[int, Roster], dict[int, Roster]]:
    classes: dict[int, Roster] = defaultdict(Roster)
    for student, school_class, start, end in Enrollment.objects.filter(
        school_class__academic_year=year
    ).values_list("student_id", "school_class_id", "start_date", "end_date"):
        classes[school_class].spans[student].append((start, end))
    groups: dict[int, Roster] = defaultdict(Roster)
    for student, group, start, end in StudyGroupMembership.objects.filter(
        group__academic_year=year
    ).values_list("student_id", "group_id", "start_date", "end_date"):
        groups[group].spans[student].append((start, end))
    return classes, groups


@dataclass
class _LessonRow:
    pk: int
    date: datetime.date
    slot: int
    class_id: int | None
    group_id: int | None
    subject_id: int
    topic: str
    plan_title: str | None
    plan_homework: str | None


def _lessons(year: AcademicYear, first: datetime.date, today: datetime.date) -> list[_LessonRow]:
    rows = (
        Lesson.objects.filter(
            academic_year=year,
            status=LessonStatus.SCHEDULED,
            date__gte=first,
            date__lt=today,
        )
        .order_by("date", "slot_number", "pk")
        .values_list(
            "pk",
            "date",
            "slot_number",
            "school_class_id",
            "study_group_id",
            "subject_id",
            "topic",
            "plan_topic__title",
            "plan_topic__homework",
        )
    )
    return [_LessonRow(*row) for row in rows]


def build_journal(
    *, year: AcademicYear, today: datetime.date, weeks: int = DEFAULT_WEEKS, seed: int = 0
) -> JournalCounts:
    """The journal of one school year for the `weeks` weeks before `today`."""
    school_id = year.school_id
    rng = random.Random(f"journal-{seed}-{year.start_date}-{school_id}")
    counts = JournalCounts()
    types = {t.name: t for t in default_work_types(actor=Actor.system(), school=year.school)}
    counts.work_types = len(types)
    JournalSettings.objects.get_or_create(school_id=school_id)
    mark_free_classes = list(
        SchoolClass.objects.filter(academic_year=year, grade__in=MARK_FREE_GRADES).values_list(
            "pk", flat=True
        )
    )
    already = set(
        MarkFreeSubject.objects.filter(
            school_class_id__in=mark_free_classes, subject__isnull=True
        ).values_list("school_class_id", flat=True)
    )
    MarkFreeSubject.objects.bulk_create(
        [
            MarkFreeSubject(school_id=school_id, school_class_id=pk)
            for pk in mark_free_classes
            if pk not in already
        ]
    )
    if weeks <= 0:
        return counts
    first = max(year.start_date, today - datetime.timedelta(weeks=weeks))
    lessons = _lessons(year, first, min(today, year.end_date + datetime.timedelta(days=1)))
    if not lessons:
        return counts
    mark_free = set(mark_free_classes)
    group_class = dict(
        StudyGroup.objects.filter(academic_year=year).values_list("pk", "school_class_id")
    )
    group_grade = dict(StudyGroup.objects.filter(academic_year=year).values_list("pk", "grade"))
    free_groups = {
        pk
        for pk, class_id in group_class.items()
        if class_id in mark_free or (group_grade.get(pk) in MARK_FREE_GRADES)
    }
    class_rosters, group_rosters = _rosters(year)
    levels: dict[int, float] = {}

    def level(student: int) -> float:
        if student not in levels:
            levels[student] = student_level(rng)
        return levels[student]

    # Absences: a whole day (ill, a valid reason) or one lesson (skipped, late) -------------
    students = sorted(
        {s for roster in class_rosters.values() for s in roster.spans}
        | {s for roster in group_rosters.values() for s in roster.spans}
    )
    days = sorted({lesson.date for lesson in lessons})
    away: dict[tuple[int, datetime.date], str] = {}
    for student in students:
        for day in days:
            if rng.random() < DAY_ABSENCE:
                away[(student, day)] = (
                    AttendanceCode.ILL if rng.random() < 0.7 else AttendanceCode.EXCUSED
                )

    # Topics, assignments -------------------------------------------------------------------
    topics: list[Lesson] = []
    assignments: list[Assignment] = []
    #: per assignment: (lesson row, kind, roster)
    plans: list[tuple[_LessonRow, str, list[int]]] = []
    next_test: dict[tuple[int | None, int | None, int], int] = {}
    seen: dict[tuple[int | None, int | None, int], int] = defaultdict(int)
    by_audience: dict[tuple[int | None, int | None, int], list[datetime.date]] = defaultdict(list)
    for lesson in lessons:
        by_audience[(lesson.class_id, lesson.group_id, lesson.subject_id)].append(lesson.date)
    for lesson in lessons:
        key = (lesson.class_id, lesson.group_id, lesson.subject_id)
        if lesson.plan_title and not lesson.topic:
            topics.append(Lesson(pk=lesson.pk, topic=lesson.plan_title[:500]))
        if lesson.class_id is not None:
            roster = class_rosters[lesson.class_id].on(lesson.date)
            free = lesson.class_id in mark_free
        else:
            assert lesson.group_id is not None
            roster = group_rosters[lesson.group_id].on(lesson.date)
            free = lesson.group_id in free_groups
        seen[key] += 1
        if key not in next_test:
            next_test[key] = rng.randint(*TEST_EVERY)
        is_test = not free and seen[key] >= next_test[key]
        if is_test:
            seen[key] = 0
            next_test[key] = rng.randint(*TEST_EVERY)
            assignments.append(
                Assignment(
                    school_id=school_id,
                    lesson_id=lesson.pk,
                    work_type=types[TEST],
                    title="Контрольная работа",
                    position=1,
                )
            )
            plans.append((lesson, "test", roster))
        elif not free:
            assignments.append(
                Assignment(school_id=school_id, lesson_id=lesson.pk, work_type=types[ORAL])
            )
            plans.append((lesson, "oral", roster))
        if rng.random() < HOMEWORK_SHARE:
            later = [d for d in by_audience[key] if d > lesson.date]
            due = later[0] if later else lesson.date + datetime.timedelta(days=7)
            text = lesson.plan_homework or rng.choice(HOMEWORK_TEXTS).format(
                n=rng.randint(1, 40), m=rng.randint(41, 300)
            )
            assignments.append(
                Assignment(
                    school_id=school_id,
                    lesson_id=lesson.pk,
                    work_type=types[HOMEWORK],
                    title="Домашнее задание",
                    text=text,
                    due_date=due,
                    position=2,
                )
            )
            plans.append((lesson, "homework", [] if free else roster))
    Lesson.objects.bulk_update(topics, ["topic"], batch_size=BATCH_SIZE)
    counts.topics = len(topics)
    made = _bulk(Assignment, assignments)
    counts.assignments = len(made)

    # Attendance and marks ------------------------------------------------------------------
    attendance: list[tuple[int, int, int, str]] = []
    absent: set[tuple[int, int]] = set()
    first_slot: dict[tuple[int | None, datetime.date], int] = {}
    for lesson in lessons:
        audience = lesson.class_id
        if audience is not None:
            first_slot.setdefault((audience, lesson.date), lesson.slot)
    for lesson in lessons:
        roster = (
            class_rosters[lesson.class_id].on(lesson.date)
            if lesson.class_id is not None
            else group_rosters[lesson.group_id or 0].on(lesson.date)
        )
        for student in roster:
            code = away.get((student, lesson.date))
            if code is None:
                draw = rng.random()
                if draw < LESSON_ABSENCE:
                    code = AttendanceCode.ABSENT
                elif draw < LESSON_ABSENCE + LESSON_LATE:
                    code = AttendanceCode.LATE
            if code is None:
                continue
            attendance.append((school_id, lesson.pk, student, str(code)))
            if code != AttendanceCode.LATE:
                absent.add((lesson.pk, student))
    counts.absences = _insert(
        AttendanceMark, ("school_id", "lesson_id", "student_id", "code"), attendance
    )

    marks: list[tuple[int, int, int, str]] = []
    for assignment, (lesson, kind, roster) in zip(made, plans, strict=True):
        present = [s for s in roster if (lesson.pk, s) not in absent]
        if kind == "test":
            chosen = present
        elif kind == "oral":
            share = rng.uniform(*ANSWER_SHARE)
            chosen = rng.sample(present, round(len(present) * share))
        else:
            chosen = rng.sample(present, round(len(present) * 0.1))
        for student in sorted(chosen):
            value = mark_for(level(student), rng, test=kind == "test")
            marks.append((school_id, assignment.pk, student, value))
    counts.marks = _insert(Mark, ("school_id", "assignment_id", "student_id", "value"), marks)
    return counts


def build_journals(
    *, years: Iterable[AcademicYear], today: datetime.date, weeks: int, seed: int = 0
) -> JournalCounts:
    counts = JournalCounts()
    for year in years:
        counts.add(build_journal(year=year, today=today, weeks=weeks, seed=seed))
    return counts


#: Journal tables the demo writes (for the planner statistics).
JOURNAL_MODELS: tuple[type[models.Model], ...] = (
    WorkType,
    JournalSettings,
    MarkFreeSubject,
    Assignment,
    Mark,
    AttendanceMark,
)
