"""Reads of the diary: a student's week (days → lessons → assignments → the student's marks,
attendance), in a constant number of queries; who may read whose diary; the week's
acknowledgements of a class.

The diary shows what the journal holds, from the student's side: the lessons of the classes
and study groups the student belongs to on each day (`Enrollment` and `StudyGroupMembership`
spans), the substitute in place of the teacher, cancelled lessons, topics (never the teacher's
private `Lesson.note`), the work of each lesson with its files and, unless the subject is taught
without marks, the student's marks."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, QuerySet, Subquery, Value

from parta.diary.models import DiaryAcknowledgement, HomeworkCompletion
from parta.journal.models import Assignment, AssignmentFile
from parta.journal.selectors import mark_free_exists
from parta.people.models import Enrollment, Student, StudyGroupMembership
from parta.people.rules import student_rows_q
from parta.timetable.choices import LessonStatus
from parta.timetable.models import Lesson

WEEK_DAYS = 6  # Monday–Saturday; Sunday is added when it has lessons


def week_monday(day: datetime.date) -> datetime.date:
    """The Monday of the week holding `day`."""
    return day - datetime.timedelta(days=day.weekday())


def parse_week(raw: str | None, today: datetime.date) -> datetime.date:
    """The Monday of the week named by `?week=YYYY-MM-DD` (any day of it), the current week
    when empty. `ValueError` for anything else."""
    if not raw:
        return week_monday(today)
    raw = raw.strip()
    if len(raw) != 10:
        raise ValueError(raw)
    return week_monday(datetime.date.fromisoformat(raw))


@dataclass
class DiaryFile:
    id: int
    name: str
    size: int


@dataclass
class DiaryMark:
    id: int
    value: str
    comment: str
    is_duty: bool
    work_type: str
    abbreviation: str
    weight: Decimal
    date: datetime.date


@dataclass
class DiaryAssignment:
    id: int
    lesson_id: int
    lesson_date: datetime.date
    subject: str
    work_type: str
    abbreviation: str
    weight: Decimal
    is_homework: bool
    title: str
    text: str
    due_date: datetime.date | None
    done: bool
    files: list[DiaryFile] = field(default_factory=list)
    marks: list[DiaryMark] = field(default_factory=list)


@dataclass
class DiaryLesson:
    id: int
    date: datetime.date
    number: int
    start_time: datetime.time | None
    end_time: datetime.time | None
    subject: str
    teacher: str
    is_substitution: bool
    is_cancelled: bool
    room: str
    topic: str
    attendance: str
    mark_free: bool
    assignments: list[DiaryAssignment] = field(default_factory=list)


@dataclass
class DiaryDay:
    date: datetime.date
    lessons: list[DiaryLesson] = field(default_factory=list)
    #: homework given at an earlier lesson and due this day
    due: list[DiaryAssignment] = field(default_factory=list)


@dataclass
class DiaryWeek:
    student: Any
    week_start: datetime.date
    days: list[DiaryDay]
    #: the classes the student belongs to during the week (names, in date order)
    class_names: list[str]
    #: their ids, in the same order
    class_ids: list[int] = field(default_factory=list)

    @property
    def week_end(self) -> datetime.date:
        return self.week_start + datetime.timedelta(days=6)

    @property
    def previous_week(self) -> datetime.date:
        return self.week_start - datetime.timedelta(days=7)

    @property
    def next_week(self) -> datetime.date:
        return self.week_start + datetime.timedelta(days=7)

    @property
    def lesson_count(self) -> int:
        return sum(len(day.lessons) for day in self.days)


def _span_q(field_name: str, target_id: int, start: datetime.date, end: datetime.date | None) -> Q:
    condition = Q(**{field_name: target_id, "date__gte": start})
    if end is not None:
        condition &= Q(date__lte=end)
    return condition


def _staff_name(member: Any) -> str:
    return str(member.person.short_name) if member is not None else ""


def _spans(
    student: Any, week_start: datetime.date, week_end: datetime.date
) -> list[tuple[str, int, datetime.date, datetime.date | None, int, str]]:
    """The student's class and group spans touching the week, in one query (a UNION ALL):
    ("class", class id, from, to, grade, letter) and ("group", group id, from, to, 0, "")."""
    overlapping = Q(end_date__isnull=True) | Q(end_date__gte=week_start)
    columns = ("span_kind", "span_target", "start_date", "end_date", "span_grade", "span_letter")
    classes = (
        Enrollment.objects.filter(overlapping, school_id=student.school_id, student_id=student.pk)
        .filter(start_date__lte=week_end)
        .annotate(
            span_kind=Value("class"),
            span_target=F("school_class_id"),
            span_grade=F("school_class__grade"),
            span_letter=F("school_class__letter"),
        )
        .order_by()
        .values_list(*columns)
    )
    groups = (
        StudyGroupMembership.objects.filter(
            overlapping, school_id=student.school_id, student_id=student.pk
        )
        .filter(start_date__lte=week_end)
        .annotate(
            span_kind=Value("group"),
            span_target=F("group_id"),
            span_grade=Value(0),
            span_letter=Value(""),
        )
        .order_by()
        .values_list(*columns)
    )
    return sorted(classes.union(groups, all=True), key=lambda row: (row[2], row[0], row[1]))


def diary_week(*, student: Any, week_start: datetime.date) -> DiaryWeek:
    """The student's week from `week_start` (normalised to its Monday). At most four queries
    whatever the number of lessons, assignments and marks: the class and group spans (one
    UNION ALL), the lessons (subject, teacher, substitute, room, the student's attendance and
    «without marks» joined in), the assignments (of the lessons, and homework of earlier lessons
    due this week; work type, the student's mark and done flag joined in), and the files — only
    when some assignment has files. A week without spans stops after the first."""
    week_start = week_monday(week_start)
    week_end = week_start + datetime.timedelta(days=6)
    school_id = student.school_id
    spans = _spans(student, week_start, week_end)
    class_names: list[str] = []
    class_ids: list[int] = []
    group_ids: list[int] = []
    audience = Q(pk__in=[])
    for kind, target, start, end, grade, letter in spans:
        field_name = "school_class_id" if kind == "class" else "study_group_id"
        audience |= _span_q(
            field_name, target, max(start, week_start), min(end or week_end, week_end)
        )
        if kind == "class" and target not in class_ids:
            class_ids.append(target)
            class_names.append(f"{grade}{letter}")
        elif kind == "group" and target not in group_ids:
            group_ids.append(target)

    lessons: list[Any] = []
    assignments: list[Any] = []
    if spans:
        # the student's class on the lesson's day (the ref crosses the «without marks» query)
        lesson_date = OuterRef(OuterRef("date"))
        class_on_day = Enrollment.objects.filter(
            school_id=school_id, student_id=student.pk, start_date__lte=lesson_date
        ).filter(Q(end_date__isnull=True) | Q(end_date__gte=lesson_date))
        lessons = list(
            Lesson.objects.filter(school_id=school_id)
            .filter(audience)
            .select_related("subject", "teacher__person", "room", "substitution__teacher__person")
            .annotate(
                student_attendance=FilteredRelation(
                    "attendance_marks", condition=Q(attendance_marks__student_id=student.pk)
                ),
                diary_attendance=F("student_attendance__code"),
                diary_mark_free=mark_free_exists(
                    school_id,
                    Subquery(class_on_day.values("school_class_id")[:1]),
                    OuterRef("subject_id"),
                ),
            )
            .order_by("date", "slot_number", "start_time", "pk")
        )
        lesson_ids = [lesson.pk for lesson in lessons]
        # homework given at an earlier lesson of the student's classes or groups and due this
        # week: found through the due-date index, then by primary key (an OR across the lesson
        # join would make PostgreSQL scan every lesson of the deployment)
        earlier_homework = Assignment.objects.filter(
            Q(lesson__school_class_id__in=class_ids) | Q(lesson__study_group_id__in=group_ids),
            school_id=school_id,
            due_date__range=(week_start, week_end),
            lesson__date__lt=F("due_date"),
        ).values("pk")
        assignments = list(
            Assignment.objects.filter(school_id=school_id)
            .filter(
                pk__in=Assignment.objects.filter(school_id=school_id, lesson_id__in=lesson_ids)
                .order_by()
                .values("pk")
                .union(earlier_homework.order_by(), all=True)
            )
            .select_related("work_type", "lesson__subject")
            .annotate(
                student_mark=FilteredRelation("marks", condition=Q(marks__student_id=student.pk)),
                diary_mark_id=F("student_mark__id"),
                diary_mark_value=F("student_mark__value"),
                diary_mark_comment=F("student_mark__comment"),
                diary_mark_duty=F("student_mark__is_duty"),
                diary_done=Exists(
                    HomeworkCompletion.objects.filter(
                        school_id=school_id, student_id=student.pk, assignment_id=OuterRef("pk")
                    )
                ),
                diary_has_files=Exists(
                    AssignmentFile.objects.filter(school_id=school_id, assignment_id=OuterRef("pk"))
                ),
            )
            .order_by("lesson__date", "lesson__slot_number", "position", "pk")
        )

    files: dict[int, list[DiaryFile]] = defaultdict(list)
    with_files = [assignment.pk for assignment in assignments if assignment.diary_has_files]
    if with_files:
        for row in (
            AssignmentFile.objects.filter(school_id=school_id, assignment_id__in=with_files)
            .order_by("pk")
            .values_list("assignment_id", "pk", "name", "size")
        ):
            files[row[0]].append(DiaryFile(id=row[1], name=row[2], size=row[3]))

    by_lesson: dict[int, DiaryLesson] = {}
    for lesson in lessons:
        substitution = getattr(lesson, "substitution", None)
        by_lesson[lesson.pk] = DiaryLesson(
            id=lesson.pk,
            date=lesson.date,
            number=lesson.slot_number,
            start_time=lesson.start_time,
            end_time=lesson.end_time,
            subject=str(lesson.subject.name),
            teacher=_staff_name(substitution.teacher if substitution else lesson.teacher),
            is_substitution=substitution is not None,
            is_cancelled=lesson.status == LessonStatus.CANCELLED,
            room=str(lesson.room.number) if lesson.room is not None else "",
            topic=lesson.topic,
            attendance=lesson.diary_attendance or "",
            mark_free=bool(lesson.diary_mark_free),
        )
    found: dict[int, DiaryAssignment] = {}
    due: dict[datetime.date, list[DiaryAssignment]] = defaultdict(list)
    for assignment in assignments:
        work_type = assignment.work_type
        item = found[assignment.pk] = DiaryAssignment(
            id=assignment.pk,
            lesson_id=assignment.lesson_id,
            lesson_date=assignment.lesson.date,
            subject=str(assignment.lesson.subject.name),
            work_type=work_type.name,
            abbreviation=work_type.abbreviation,
            weight=work_type.weight,
            is_homework=bool(work_type.is_homework or assignment.due_date),
            title=assignment.title,
            text=assignment.text,
            due_date=assignment.due_date,
            done=bool(assignment.diary_done),
            files=files.get(assignment.pk, []),
        )
        lesson_item = by_lesson.get(assignment.lesson_id)
        if lesson_item is not None:
            lesson_item.assignments.append(item)
        if (
            assignment.due_date is not None
            and week_start <= assignment.due_date <= week_end
            and assignment.lesson.date < assignment.due_date
        ):
            due[assignment.due_date].append(item)
    for assignment in assignments:
        if assignment.diary_mark_id is None:
            continue
        item = found[assignment.pk]
        lesson_item = by_lesson.get(item.lesson_id)
        if lesson_item is None or lesson_item.mark_free:
            continue  # marks of «without marks» subjects are never shown
        item.marks.append(
            DiaryMark(
                id=assignment.diary_mark_id,
                value=assignment.diary_mark_value,
                comment=assignment.diary_mark_comment,
                is_duty=assignment.diary_mark_duty,
                work_type=item.work_type,
                abbreviation=item.abbreviation,
                weight=item.weight,
                date=item.lesson_date,
            )
        )

    span = 7 if any(lesson.date.weekday() == 6 for lesson in lessons) else WEEK_DAYS
    days = [DiaryDay(date=week_start + datetime.timedelta(days=n)) for n in range(span)]
    for lesson_item in by_lesson.values():
        days[lesson_item.date.weekday()].lessons.append(lesson_item)
    for day in days:
        day.due = due.get(day.date, [])
    return DiaryWeek(
        student=student,
        week_start=week_start,
        days=days,
        class_names=class_names,
        class_ids=class_ids,
    )


def assignment_in_diary(student: Any, assignment: Any) -> bool:
    """Was the assignment given in a lesson of the student's class or study group, on a day the
    student belonged to it? One query (the assignment's lesson loaded)."""
    lesson = assignment.lesson
    if assignment.school_id != student.school_id:
        return False
    covers = Q(start_date__lte=lesson.date) & (
        Q(end_date__isnull=True) | Q(end_date__gte=lesson.date)
    )
    spans: QuerySet[Any]
    if lesson.study_group_id:
        spans = StudyGroupMembership.objects.filter(group_id=lesson.study_group_id)
    else:
        spans = Enrollment.objects.filter(school_class_id=lesson.school_class_id)
    return spans.filter(covers, school_id=student.school_id, student_id=student.pk).exists()


# --- who reads whose diary -----------------------------------------------------------------
def diary_students(user: Any, school: Any) -> QuerySet[Student]:
    """The students of the school whose diary the user reads: by `people.rules.student_rows_q`
    (the student, their parents, the class teacher of their current class, those who read the
    whole school)."""
    return Student.objects.for_school(school).filter(student_rows_q(user))


def readable_student(user: Any, school: Any, student_id: int) -> Student | None:
    """The student if the user reads their diary in this school, else None. One query."""
    return (
        diary_students(user, school)
        .select_related("person", "school")
        .filter(pk=student_id)
        .first()
    )


def own_students_queryset(user: Any) -> QuerySet[Student]:
    """The students whose diary the user reads as the student or a parent: their own student
    records and their children, in every school (the child switcher; `GET /me/students/`)."""
    if not getattr(user, "is_authenticated", False):
        return Student.objects.none()
    return (
        # one list of ids (a UNION ALL), so both halves use their indexes: an OR across the
        # person join would scan every student and person of the deployment
        Student.objects.filter(
            pk__in=Student.objects.filter(person__user_id=user.pk)
            .order_by()
            .values("pk")
            .union(_children_ids(user.pk).order_by(), all=True)
        )
        .select_related("person", "school")
        .order_by("person__last_name", "person__first_name", "pk")
    )


def own_students(user: Any) -> list[Student]:
    """`own_students_queryset` as a list. One query."""
    return list(own_students_queryset(user))


def _children_ids(user_id: int) -> Any:
    from parta.people.models import Guardianship

    return Guardianship.objects.filter(guardian__user_id=user_id).values("student_id")


def default_student(user: Any, school: Any) -> Student | None:
    """Whose diary `/s/<id>/diary/` opens: the user's own student record in the school, else
    their first child there."""
    candidates = [s for s in own_students(user) if s.school_id == school.pk]
    own = [s for s in candidates if s.person.user_id == user.pk]
    found = own or candidates
    return found[0] if found else None


def week_acknowledgements(*, student: Any, week_start: datetime.date) -> list[DiaryAcknowledgement]:
    """Who of the parents confirmed the week, with their names. One query."""
    return list(
        DiaryAcknowledgement.objects.filter(
            school_id=student.school_id, student_id=student.pk, week_start=week_start
        )
        .select_related("guardian")
        .order_by("acknowledged_at", "pk")
    )


@dataclass
class AcknowledgementRow:
    student: Any
    acknowledgements: list[DiaryAcknowledgement]


def class_acknowledgements(
    *, school_class: Any, week_start: datetime.date
) -> list[AcknowledgementRow]:
    """The class's students during the week and which parents confirmed it. Two queries."""
    week_end = week_start + datetime.timedelta(days=6)
    rows: dict[int, AcknowledgementRow] = {}
    for enrollment in (
        Enrollment.objects.filter(school_id=school_class.school_id, school_class=school_class)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=week_start), start_date__lte=week_end)
        .select_related("student__person")
        .order_by("student__person__last_name", "student__person__first_name", "student_id")
    ):
        rows.setdefault(enrollment.student_id, AcknowledgementRow(enrollment.student, []))
    for ack in (
        DiaryAcknowledgement.objects.filter(
            school_id=school_class.school_id, student_id__in=list(rows), week_start=week_start
        )
        .select_related("guardian")
        .order_by("acknowledged_at", "pk")
    ):
        rows[ack.student_id].acknowledgements.append(ack)
    return list(rows.values())
