"""Reads for the class teacher: a class's attendance over a week or a month, students × days,
with full days missed (every non-cancelled lesson of the student's class and groups that day
missed, «н», «у» or «б») and totals per student. A fixed number of queries whatever the number of
students, days or lessons."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from parta.accounts.access import access_for
from parta.curriculum.models import Subject
from parta.journal.calculations import WeightedMark, averages, suggestion
from parta.journal.choices import AttendanceCode, Averaging
from parta.journal.models import AbsenceDocument, AttendanceMark, JournalSettings, Mark, MarkScale
from parta.journal.selectors import school_scale
from parta.people.models import Enrollment, SchoolClass, Student, StudyGroupMembership
from parta.timetable.choices import LessonStatus
from parta.timetable.models import Lesson

#: The codes that count as missing a lesson (late «о» does not).
MISSED_CODES = frozenset({AttendanceCode.ABSENT, AttendanceCode.EXCUSED, AttendanceCode.ILL})


def full_day_reason(codes: Sequence[str | None]) -> str | None:
    """The code a full day missed is counted under, or None when the day is not missed in
    full: no lessons, or a lesson attended (no code) or only late. Any «н» makes the day
    unexcused; all «б» make it ill; otherwise excused."""
    if not codes or any(code not in MISSED_CODES for code in codes):
        return None
    if AttendanceCode.ABSENT in codes:
        return str(AttendanceCode.ABSENT)
    if all(code == AttendanceCode.ILL for code in codes):
        return str(AttendanceCode.ILL)
    return str(AttendanceCode.EXCUSED)


def _covers(start: datetime.date, end: datetime.date | None, day: datetime.date) -> bool:
    return start <= day and (end is None or end >= day)


@dataclass
class StudentDay:
    day: datetime.date
    #: the codes of the day's lessons in lesson order ("" = present)
    codes: list[str]
    full_day: str | None = None

    @property
    def compressed(self) -> str:
        """The day's codes without the lessons attended, e.g. «нн» or «б»."""
        return "".join(self.codes)


@dataclass
class StudentAttendance:
    student: Student
    days: list[StudentDay]
    missed: Counter[str] = field(default_factory=Counter)
    full_days: Counter[str] = field(default_factory=Counter)

    @property
    def missed_total(self) -> int:
        return sum(self.missed[code] for code in MISSED_CODES)

    @property
    def full_days_total(self) -> int:
        return sum(self.full_days.values())

    @property
    def full_days_by_code(self) -> list[tuple[str, int]]:
        """(code, days) in the order н, у, б (templates cannot iterate a Counter)."""
        order = [AttendanceCode.ABSENT, AttendanceCode.EXCUSED, AttendanceCode.ILL]
        return [(str(code), self.full_days[code]) for code in order if self.full_days[code]]


@dataclass
class ClassAttendance:
    school_class: SchoolClass
    start: datetime.date
    end: datetime.date
    days: list[datetime.date]
    rows: list[StudentAttendance]


def _dates(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]


def class_attendance(
    school_class: SchoolClass, start: datetime.date, end: datetime.date
) -> ClassAttendance:
    """The class's students (enrolled at some point of the period) × days, in four queries."""
    enrollments = list(
        Enrollment.objects.filter(
            school_id=school_class.school_id, school_class=school_class, start_date__lte=end
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("student__person")
        .order_by("student__person__last_name", "student__person__first_name", "student_id")
    )
    student_ids = [e.student_id for e in enrollments]
    all_enrollments: dict[int, list[tuple[int, datetime.date, datetime.date | None]]] = defaultdict(
        list
    )
    # the students' enrollments in any class of the school over the period (a move mid-period)
    other = (
        Enrollment.objects.filter(
            school_id=school_class.school_id, student_id__in=student_ids, start_date__lte=end
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .values_list("student_id", "school_class_id", "start_date", "end_date")
    )
    for student_id, class_id, e_start, e_end in other:
        all_enrollments[student_id].append((class_id, e_start, e_end))
    memberships: dict[int, list[tuple[int, datetime.date, datetime.date | None]]] = defaultdict(
        list
    )
    for student_id, group_id, m_start, m_end in (
        StudyGroupMembership.objects.filter(
            school_id=school_class.school_id, student_id__in=student_ids, start_date__lte=end
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .values_list("student_id", "group_id", "start_date", "end_date")
    ):
        memberships[student_id].append((group_id, m_start, m_end))
    class_ids = {c for rows in all_enrollments.values() for c, _s, _e in rows}
    group_ids = {g for rows in memberships.values() for g, _s, _e in rows}
    lessons_by_day: dict[datetime.date, list[tuple[int, int | None, int | None]]] = defaultdict(
        list
    )
    for lesson_id, day, class_id, group_id in (
        Lesson.objects.filter(school_id=school_class.school_id, date__gte=start, date__lte=end)
        .exclude(status=LessonStatus.CANCELLED)
        .filter(Q(school_class_id__in=class_ids) | Q(study_group_id__in=group_ids))
        .order_by("date", "slot_number", "pk")
        .values_list("pk", "date", "school_class_id", "study_group_id")
    ):
        lessons_by_day[day].append((lesson_id, class_id, group_id))
    codes: dict[tuple[int, int], str] = {
        (student_id, lesson_id): code
        for student_id, lesson_id, code in AttendanceMark.objects.filter(
            school_id=school_class.school_id,
            student_id__in=student_ids,
            lesson__date__gte=start,
            lesson__date__lte=end,
        ).values_list("student_id", "lesson_id", "code")
    }
    days = _dates(start, end)
    rows = []
    for enrollment in enrollments:
        row = StudentAttendance(student=enrollment.student, days=[])
        sid = enrollment.student_id
        for day in days:
            own = _lessons_of(
                lessons_by_day.get(day, ()),
                {c for c, s, e in all_enrollments[sid] if _covers(s, e, day)},
                {g for g, s, e in memberships[sid] if _covers(s, e, day)},
            )
            day_codes = [codes.get((sid, lesson_id), "") for lesson_id in own]
            entry = StudentDay(day=day, codes=day_codes)
            entry.full_day = full_day_reason([c or None for c in day_codes])
            for code in day_codes:
                if code:
                    row.missed[code] += 1
            if entry.full_day:
                row.full_days[entry.full_day] += 1
            row.days.append(entry)
        rows.append(row)
    return ClassAttendance(school_class=school_class, start=start, end=end, days=days, rows=rows)


def _lessons_of(
    lessons: Iterable[tuple[int, int | None, int | None]], class_ids: set[int], group_ids: set[int]
) -> list[int]:
    return [
        lesson_id
        for lesson_id, class_id, group_id in lessons
        if (class_id is not None and class_id in class_ids)
        or (group_id is not None and group_id in group_ids)
    ]


def full_days_missed(
    school_class: SchoolClass, start: datetime.date, end: datetime.date
) -> dict[int, Counter[str]]:
    """Student id → full days missed in the period, by code («н», «у», «б»)."""
    return {
        row.student.pk: row.full_days for row in class_attendance(school_class, start, end).rows
    }


def class_students_any(school_class: SchoolClass) -> Any:
    """The students ever enrolled in the class (for the document form)."""
    return (
        Student.objects.filter(
            school_id=school_class.school_id, enrollments__school_class=school_class
        )
        .select_related("person")
        .distinct()
        .order_by("person__last_name", "person__first_name", "pk")
    )


# --- access -----------------------------------------------------------------------------------
def leads_class(user: Any, school_class: SchoolClass) -> bool:
    """Is the user the class teacher of the class?"""
    user_id = access_for(user).user_id
    return user_id is not None and (
        SchoolClass.objects.filter(
            pk=school_class.pk, class_teacher__person__user_id=user_id
        ).exists()
    )


def may_read_class_overview(user: Any, school_class: SchoolClass) -> bool:
    """The class teacher, and the school's administration (director, deputy, secretary)."""
    access = access_for(user)
    if access.is_school_admin(school_class.school_id):
        return True
    return access.can_read_school(school_class.school_id) and leads_class(user, school_class)


def documents_visible_to(user: Any, school: Any = None) -> QuerySet[AbsenceDocument]:
    """Twin of `may_read_document`: all of a school's documents for its administration, the
    documents of the students of the classes they lead for a class teacher; in one school or
    in every school the user reads."""
    access = access_for(user)
    readable = sorted(access.readable_school_ids)
    if school is not None:
        readable = [pk for pk in readable if pk == school.pk]
    admin = [pk for pk in readable if access.is_school_admin(pk)]
    led = Q(pk__in=[])
    if access.user_id is not None:
        led = Q(school_id__in=readable) & Q(
            Exists(
                Enrollment.objects.filter(
                    student_id=OuterRef("student_id"),
                    school_class__class_teacher__person__user_id=access.user_id,
                )
            )
        )
    return AbsenceDocument.objects.filter(Q(school_id__in=admin) | led)


def may_read_document(user: Any, document: AbsenceDocument) -> bool:
    """Twin of `documents_visible_to`."""
    access = access_for(user)
    if access.is_school_admin(document.school_id):
        return True
    return (
        access.can_read_school(document.school_id)
        and access.user_id is not None
        and Enrollment.objects.filter(
            student_id=document.student_id,
            school_class__class_teacher__person__user_id=access.user_id,
        ).exists()
    )


def class_documents(school_class: SchoolClass) -> QuerySet[AbsenceDocument]:
    """The documents of the class's students (over the class's year), newest first."""
    return (
        AbsenceDocument.objects.filter(
            school_id=school_class.school_id,
            student__enrollments__school_class=school_class,
        )
        .select_related("student__person", "subject")
        .distinct()
        .order_by("-start_date", "pk")
    )


# --- marks across subjects --------------------------------------------------------------------
@dataclass
class SubjectSummary:
    subject_id: int
    average: Decimal | None
    count: int
    suggested: int | None
    too_few: bool
    below_pass: bool

    @property
    def at_risk(self) -> bool:
        return self.below_pass or self.too_few


@dataclass
class StudentMarks:
    student: Student
    subjects: dict[int, SubjectSummary]

    def risks(self) -> list[SubjectSummary]:
        return [s for s in self.subjects.values() if s.at_risk]


@dataclass
class ClassMarks:
    school_class: SchoolClass
    start: datetime.date
    end: datetime.date
    subjects: list[Subject]
    rows: list[StudentMarks]
    averaging: str
    pass_mark: int
    min_marks: int

    def at_risk(self) -> list[StudentMarks]:
        return [row for row in self.rows if row.risks()]


def _class_students(
    school_class: SchoolClass, start: datetime.date, end: datetime.date
) -> list[Student]:
    return [
        e.student
        for e in Enrollment.objects.filter(
            school_id=school_class.school_id, school_class=school_class, start_date__lte=end
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("student__person")
        .order_by("student__person__last_name", "student__person__first_name", "student_id")
    ]


def summarize(
    values: Sequence[WeightedMark],
    scale: dict[str, int | None],
    *,
    averaging: str,
    threshold: Decimal,
    min_marks: int,
    pass_mark: int,
    subject_id: int,
) -> SubjectSummary:
    """A student's marks in one subject: the average the school uses, the suggested mark,
    too few marks, below the pass mark."""
    result = averages(values, scale)
    average = result.weighted if averaging == Averaging.WEIGHTED else result.arithmetic
    hint = suggestion(average, result.count, threshold=threshold, min_marks=min_marks)
    return SubjectSummary(
        subject_id=subject_id,
        average=average,
        count=result.count,
        suggested=hint.mark,
        too_few=hint.too_few,
        below_pass=average is not None and average < pass_mark,
    )


def class_marks(school_class: SchoolClass, start: datetime.date, end: datetime.date) -> ClassMarks:
    """Students × subjects taught to the class (and its groups) in the period: average per the
    school's settings, count, suggested mark. Five queries whatever the size."""
    settings = (
        JournalSettings.objects.select_related("mark_scale")
        .filter(school_id=school_class.school_id)
        .first()
    ) or JournalSettings(school_id=school_class.school_id)
    scale = school_scale(settings)
    pass_mark = (
        settings.mark_scale.pass_mark
        if settings.mark_scale is not None
        else MarkScale._meta.get_field("pass_mark").get_default()
    )
    students = _class_students(school_class, start, end)
    student_ids = [s.pk for s in students]
    subject_ids = set(
        Lesson.objects.filter(school_id=school_class.school_id, date__gte=start, date__lte=end)
        .exclude(status=LessonStatus.CANCELLED)
        .filter(Q(school_class=school_class) | Q(study_group__school_class=school_class))
        .values_list("subject_id", flat=True)
        .distinct()
    )
    marks: dict[tuple[int, int], list[WeightedMark]] = defaultdict(list)
    for student_id, subject_id, value, weight in Mark.objects.filter(
        school_id=school_class.school_id,
        student_id__in=student_ids,
        assignment__lesson__date__gte=start,
        assignment__lesson__date__lte=end,
    ).values_list(
        "student_id", "assignment__lesson__subject_id", "value", "assignment__work_type__weight"
    ):
        marks[(student_id, subject_id)].append(WeightedMark(value, weight))
        subject_ids.add(subject_id)
    subjects = list(Subject.objects.filter(pk__in=subject_ids).order_by("name", "pk"))
    rows = [
        StudentMarks(
            student=student,
            subjects={
                subject.pk: summarize(
                    marks.get((student.pk, subject.pk), []),
                    scale,
                    averaging=settings.averaging,
                    threshold=settings.rounding_threshold,
                    min_marks=settings.min_marks,
                    pass_mark=pass_mark,
                    subject_id=subject.pk,
                )
                for subject in subjects
            },
        )
        for student in students
    ]
    return ClassMarks(
        school_class=school_class,
        start=start,
        end=end,
        subjects=subjects,
        rows=rows,
        averaging=settings.averaging,
        pass_mark=pass_mark,
        min_marks=settings.min_marks,
    )
