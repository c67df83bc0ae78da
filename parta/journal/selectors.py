"""Reads of the journal: the grid of a class or study group × subject × dates (students,
lessons with their assignments, marks and attendance, averages) in a constant number of queries,
the journals a user may open, and the history of one cell."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, QuerySet, Value, signals
from django.db.models.base import ModelState

from parta.core.models import AuditEvent
from parta.journal.calculations import Averages, WeightedMark, averages
from parta.journal.models import (
    Assignment,
    AttendanceMark,
    JournalSettings,
    Mark,
    MarkFreeSubject,
)
from parta.journal.scales import FIVE_POINT_VALUES
from parta.timetable.models import Lesson

MARK_TYPE = "journal.mark"
ATTENDANCE_TYPE = "journal.attendancemark"
ASSIGNMENT_TYPE = "journal.assignment"


@dataclass(frozen=True)
class Span:
    start: datetime.date
    end: datetime.date | None

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass
class StudentRow:
    """A row of the journal: the student and the dates they belong to the class or group
    (an arrival shows its start, a leaver its end)."""

    student: Any
    spans: list[Span]

    @property
    def start_date(self) -> datetime.date:
        return min(span.start for span in self.spans)

    @property
    def end_date(self) -> datetime.date | None:
        ends = [span.end for span in self.spans]
        return None if None in ends else max(end for end in ends if end is not None)

    def enrolled_on(self, day: datetime.date) -> bool:
        return any(span.covers(day) for span in self.spans)


@dataclass
class Cell:
    marks: list[Mark] = field(default_factory=list)
    attendance: AttendanceMark | None = None
    enrolled: bool = True


@dataclass
class JournalGrid:
    school: Any
    school_class: Any
    study_group: Any
    subject: Any
    start: datetime.date
    end: datetime.date
    students: list[StudentRow]
    #: lessons in date order, each with `journal_assignments` (as in `assignments`)
    lessons: list[Lesson]
    #: lesson id → its assignments in order (work type selected)
    assignments: dict[int, list[Assignment]]
    cells: dict[tuple[int, int], Cell]
    averages: dict[int, Averages]
    mark_free: bool
    scale: dict[str, int | None]
    settings: JournalSettings

    def cell(self, student_id: int, lesson_id: int) -> Cell:
        return self.cells[(student_id, lesson_id)]


def school_settings(school: Any) -> JournalSettings:
    """The school's journal settings with its scale (unsaved defaults when it has none). One
    query."""
    found = JournalSettings.objects.select_related("mark_scale").filter(school=school).first()
    return found if found is not None else JournalSettings(school=school)


def school_scale(settings: JournalSettings) -> dict[str, int | None]:
    """value → points of the school's scale; the built-in five-point one (as the services read
    it, without a query) when the school chose none."""
    rows = settings.mark_scale.values if settings.mark_scale is not None else FIVE_POINT_VALUES
    return {str(row["value"]): row.get("points") for row in rows}


def _rows(
    school: Any, school_class: Any, study_group: Any, start: datetime.date, end: datetime.date
) -> list[StudentRow]:
    from parta.people.models import Enrollment, StudyGroupMembership

    overlapping = Q(start_date__lte=end) & (Q(end_date__isnull=True) | Q(end_date__gte=start))
    if study_group is not None:
        spans: QuerySet[Any] = StudyGroupMembership.objects.filter(
            overlapping, school=school, group=study_group
        )
    else:
        spans = Enrollment.objects.filter(overlapping, school=school, school_class=school_class)
    rows: dict[int, StudentRow] = {}
    for row in spans.select_related("student__person").order_by(
        "student__person__last_name", "student__person__first_name", "student_id", "start_date"
    ):
        found = rows.get(row.student_id)
        if found is None:
            rows[row.student_id] = StudentRow(row.student, [Span(row.start_date, row.end_date)])
        else:
            found.spans.append(Span(row.start_date, row.end_date))
    return list(rows.values())


def mark_free_exists(school: Any, school_class_ref: Any, subject_id: Any) -> Exists:
    """Is the subject taught without marks in the class (`school_class_ref`: an id or an
    `OuterRef` to one)? An expression, so a caller may fold it into a query it makes anyway."""
    return Exists(
        MarkFreeSubject.objects.filter(school=school, school_class_id=school_class_ref).filter(
            Q(subject__isnull=True) | Q(subject_id=subject_id)
        )
    )


def _is_mark_free(school: Any, school_class_id: int | None, subject: Any) -> bool:
    if school_class_id is None:
        return False
    return (
        MarkFreeSubject.objects.filter(school=school, school_class_id=school_class_id)
        .filter(Q(subject__isnull=True) | Q(subject=subject))
        .exists()
    )


def journal_lessons(
    *, school: Any, school_class: Any = None, study_group: Any = None, subject: Any
) -> Any:
    """The lessons that are the columns of a journal: of the whole class, or of the group, in
    the subject."""
    audience = (
        Q(study_group=study_group) if study_group is not None else Q(school_class=school_class)
    )
    return Lesson.objects.for_school(school).filter(audience, subject=subject)


def _attnames(model: Any) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


def _loaded(model: Any, db: str, names: list[str], values: Sequence[Any]) -> Any:
    """`model.from_db(db, names, values)` for a row of all its concrete fields, without
    `Model.__init__`: a journal page builds a thousand instances, and `__init__`'s check of
    the cache behind every foreign key cost a fifth of the page. The result is what `from_db`
    makes (the values under their attnames, `_state` from `db`, not adding); models with
    init signals take the regular way."""
    if signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
        return model.from_db(db, names, values)
    instance = model.__new__(model)
    instance.__dict__.update(zip(names, values, strict=True))
    state = instance._state = ModelState()
    state.adding, state.db = False, db
    return instance


def _lessons_with_assignments(
    lessons: Any, school: Any, writer: Any, today: datetime.date | None
) -> list[Any]:
    """The lessons in date order, each with `journal_assignments` (work type selected) and,
    with a `writer`, `journal_writable` (may the writer change its journal today, by
    `journal_writable_lessons`). One query: the assignments are a LEFT JOIN of the lessons."""
    from parta.journal.models import WorkType
    from parta.journal.querysets import journal_writable_lessons

    lesson_names = _attnames(Lesson)
    assignment_names = _attnames(Assignment)
    work_type_names = _attnames(WorkType)
    query = lessons.annotate(
        work=FilteredRelation("assignments", condition=Q(assignments__school=school))
    )
    extra: list[str] = []
    if writer is not None:
        assert today is not None
        writable = journal_writable_lessons(writer, today).filter(pk=OuterRef("pk"))
        query = query.annotate(journal_writable=Exists(writable))
        extra = ["journal_writable"]
    rows = query.order_by("date", "slot_number", "pk", "work__position", "work__pk").values_list(
        *lesson_names,
        *(f"work__{name}" for name in assignment_names),
        *(f"work__work_type__{name}" for name in work_type_names),
        *extra,
    )
    db = lessons.db
    found: dict[int, Any] = {}
    work_types: dict[int, Any] = {}
    first_assignment = len(lesson_names)
    first_work_type = first_assignment + len(assignment_names)
    for row in rows:
        lesson: Any = found.get(row[0])
        if lesson is None:
            lesson = found[row[0]] = _loaded(Lesson, db, lesson_names, row[:first_assignment])
            lesson.journal_assignments = []
            if extra:
                lesson.journal_writable = bool(row[-1])
        assignment_row = row[first_assignment:first_work_type]
        if assignment_row[0] is None:  # a lesson without assignments
            continue
        assignment = _loaded(Assignment, db, assignment_names, assignment_row)
        work_type_row = row[first_work_type : first_work_type + len(work_type_names)]
        work_type = work_types.get(work_type_row[0])
        if work_type is None:
            work_type = work_types[work_type_row[0]] = _loaded(
                WorkType, db, work_type_names, work_type_row
            )
        assignment.work_type = work_type
        assignment.lesson = lesson
        lesson.journal_assignments.append(assignment)
    return list(found.values())


def _marks_and_attendance(
    lesson_ids: list[int], assignment_ids: list[int]
) -> tuple[list[Mark], list[Any]]:
    """The marks of the assignments and the attendance of the lessons, in one query (a UNION
    ALL of the two tables, each row padded with NULLs in the other's columns).

    The ids come from the school's own lessons and assignments (`journal_grid` loads them
    filtered by the school), which is the school scope here: a `school_id` term besides them
    leads SQLite, without table statistics, to walk the school's whole year of marks by its
    school index (170 ms for a year) instead of the assignments' index (2 ms)."""
    if not lesson_ids:
        return [], []
    mark_names, attendance_names = _attnames(Mark), _attnames(AttendanceMark)
    mark_fields = {field.attname: field for field in Mark._meta.concrete_fields}
    attendance_fields = {field.attname: field for field in AttendanceMark._meta.concrete_fields}
    mark_columns = [f"m{index}" for index in range(len(mark_names))]
    attendance_columns = [f"a{index}" for index in range(len(attendance_names))]

    def null(field: Any) -> Value:
        return Value(None, output_field=field.target_field if field.is_relation else field)

    marks = Mark.objects.filter(assignment_id__in=assignment_ids).annotate(
        kind=Value(1),
        **{column: F(name) for column, name in zip(mark_columns, mark_names, strict=True)},
        **{
            column: null(attendance_fields[name])
            for column, name in zip(attendance_columns, attendance_names, strict=True)
        },
    )
    attendance = AttendanceMark.objects.filter(lesson_id__in=lesson_ids).annotate(
        kind=Value(2),
        **{
            column: null(mark_fields[name])
            for column, name in zip(mark_columns, mark_names, strict=True)
        },
        **{
            column: F(name)
            for column, name in zip(attendance_columns, attendance_names, strict=True)
        },
    )
    columns = ["kind", *mark_columns, *attendance_columns]
    rows = (
        marks.order_by()
        .values_list(*columns)
        .union(attendance.order_by().values_list(*columns), all=True)
    )
    db = marks.db
    found_marks: list[Mark] = []
    found_attendance: list[Any] = []
    split = 1 + len(mark_columns)
    for row in rows:
        if row[0] == 1:
            found_marks.append(_loaded(Mark, db, mark_names, row[1:split]))
        else:
            found_attendance.append(_loaded(AttendanceMark, db, attendance_names, row[split:]))
    return found_marks, found_attendance


def journal_grid(
    *,
    school: Any,
    school_class: Any = None,
    study_group: Any = None,
    subject: Any,
    start: datetime.date,
    end: datetime.date,
    settings: JournalSettings | None = None,
    mark_free: bool | None = None,
    writer: Any = None,
    today: datetime.date | None = None,
) -> JournalGrid:
    """The journal of a class (whole-class lessons) or a study group in a subject between two
    dates. Five queries whatever the number of students and lessons: the school's settings
    with its scale, the students, the lessons with their assignments, the marks with the
    attendance, whether the subject is mark-free. A caller that has already loaded `settings`
    and `mark_free` (the journal page folds them into its query of the class) saves two. With
    a `writer` (and the school's `today`) every lesson says in `journal_writable` whether the
    writer may change it, inside the lessons' query (`journal_writable_lessons` may add its
    own query of the edit windows for a teacher)."""
    if (school_class is None) == (study_group is None):
        raise ValueError("journal_grid needs either a class or a study group")
    if settings is None:
        settings = school_settings(school)
    scale = school_scale(settings)
    students = _rows(school, school_class, study_group, start, end)
    lessons = _lessons_with_assignments(
        journal_lessons(
            school=school, school_class=school_class, study_group=study_group, subject=subject
        ).between(start, end),
        school,
        writer,
        today,
    )
    by_lesson: dict[int, list[Assignment]] = {
        lesson.pk: lesson.journal_assignments for lesson in lessons
    }
    assignments = {a.pk: a for items in by_lesson.values() for a in items}

    cells = {
        (row.student.pk, lesson.pk): Cell(enrolled=row.enrolled_on(lesson.date))
        for row in students
        for lesson in lessons
    }
    weighted: dict[int, list[WeightedMark]] = defaultdict(list)
    marks, attendances = _marks_and_attendance(list(by_lesson), list(assignments))
    for mark in marks:
        mark.assignment = assignments[mark.assignment_id]
    marks.sort(key=lambda mark: (mark.assignment.position, mark.assignment_id, mark.pk))
    for mark in marks:
        assignment = mark.assignment
        cell = cells.get((mark.student_id, assignment.lesson_id))
        if cell is None:  # a mark of a student outside the rows' dates
            continue
        cell.marks.append(mark)
        weighted[mark.student_id].append(WeightedMark(mark.value, assignment.work_type.weight))
    for attendance in attendances:
        cell = cells.get((attendance.student_id, attendance.lesson_id))
        if cell is not None:
            cell.attendance = attendance
    if mark_free is None:
        mark_free = _is_mark_free(
            school,
            school_class.pk if school_class is not None else study_group.school_class_id,
            subject,
        )
    return JournalGrid(
        school=school,
        school_class=school_class,
        study_group=study_group,
        subject=subject,
        start=start,
        end=end,
        students=students,
        lessons=lessons,
        assignments=by_lesson,
        cells=cells,
        averages={row.student.pk: averages(weighted[row.student.pk], scale) for row in students},
        mark_free=mark_free,
        scale=scale,
        settings=settings,
    )


# --- the journals a user may open ----------------------------------------------------------
@dataclass(frozen=True)
class Audience:
    """A journal: a class (its whole-class lessons) or a study group, in a subject."""

    school_class_id: int | None
    study_group_id: int | None
    subject_id: int
    name: str
    subject_name: str

    @property
    def kind(self) -> str:
        return "group" if self.study_group_id else "class"

    @property
    def audience_id(self) -> int:
        found = self.study_group_id or self.school_class_id
        assert found is not None
        return found


def _audience_name(row: Mapping[str, Any]) -> str:
    if row["study_group_id"]:
        return str(row["study_group__name"])
    return f"{row['school_class__grade']}{row['school_class__letter']}"


def journal_audiences_for(user: Any, school: Any, academic_year: Any = None) -> list[Audience]:
    """The class × subject and group × subject journals the user may open in the school (of
    one academic year when given), by the twin of `journal.rules.may_read_journal`: every
    journal for those who read the whole school; for a teacher, the journals of the lessons
    they teach and every journal of the class they lead (a substitute reaches the substituted
    lesson only, not its journal). One query for those who read the whole school, two for a
    teacher (plus the user's access, resolved once per request)."""
    from parta.accounts.access import access_for

    access = access_for(user)
    if not access.can_read_school(school.pk) or access.user_id is None:
        return []
    lessons = Lesson.objects.for_school(school)
    if academic_year is not None:
        lessons = lessons.filter(academic_year=academic_year)
    if not access.reads_whole_school(school.pk):
        lessons = lessons.filter(_taught_or_led_q(user, lessons))
    rows = (
        lessons.order_by()
        .values(
            "school_class_id",
            "study_group_id",
            "subject_id",
            "school_class__grade",
            "school_class__letter",
            "study_group__name",
            "subject__name",
        )
        .distinct()
    )
    found = [
        Audience(
            school_class_id=row["school_class_id"],
            study_group_id=row["study_group_id"],
            subject_id=row["subject_id"],
            name=_audience_name(row),
            subject_name=str(row["subject__name"]),
        )
        for row in rows
    ]
    return sorted(found, key=lambda a: (a.name, a.subject_name, a.kind, a.audience_id))


def _taught_or_led_q(user: Any, lessons: Any) -> Q:
    """The journals a teacher reads, as plain terms on `Lesson` (the same set as
    `journal_audience_q`, which is per row and too slow over a year of lessons): the (class or
    group, subject) pairs of the lessons they teach — one indexed query by teacher — and every
    lesson of the class they lead and of its subgroups."""
    pairs = (
        lessons.filter(teacher__person__user_id=user.pk)
        .order_by()
        .values_list("school_class_id", "study_group_id", "subject_id")
        .distinct()
    )
    condition = Q(school_class__class_teacher__person__user_id=user.pk) | Q(
        study_group__school_class__class_teacher__person__user_id=user.pk
    )
    for class_id, group_id, subject_id in pairs:
        audience = Q(study_group_id=group_id) if group_id else Q(school_class_id=class_id)
        condition |= audience & Q(subject_id=subject_id)
    return condition


# --- the history of a cell -----------------------------------------------------------------
def _object_ids(events: Any) -> set[str]:
    return set(events.values_list("object_id", flat=True))


def cell_history(*, school: Any, lesson: Any, student: Any) -> list[AuditEvent]:
    """Every audit event of the marks and the attendance of one student at one lesson, the
    newest first, deleted marks included (found by the student and assignment their create and
    delete events name). Seven queries."""
    events = AuditEvent.objects.filter(school=school)
    assignment_ids = set(
        Assignment.objects.filter(school=school, lesson=lesson).values_list("pk", flat=True)
    )
    of_lesson = Q(before__lesson_id=lesson.pk) | Q(after__lesson_id=lesson.pk)
    assignment_ids |= {
        int(pk) for pk in _object_ids(events.filter(of_lesson, object_type=ASSIGNMENT_TYPE)) if pk
    }
    mark_ids = {
        str(pk)
        for pk in Mark.objects.filter(
            school=school, student=student, assignment_id__in=assignment_ids
        ).values_list("pk", flat=True)
    }
    ids = sorted(assignment_ids)
    named = Q(before__student_id=student.pk, before__assignment_id__in=ids) | Q(
        after__student_id=student.pk, after__assignment_id__in=ids
    )
    mark_ids |= _object_ids(events.filter(named, object_type=MARK_TYPE)) if ids else set()
    attendance_ids = {
        str(pk)
        for pk in AttendanceMark.objects.filter(
            school=school, student=student, lesson=lesson
        ).values_list("pk", flat=True)
    }
    at_lesson = Q(before__student_id=student.pk, before__lesson_id=lesson.pk) | Q(
        after__student_id=student.pk, after__lesson_id=lesson.pk
    )
    attendance_ids |= _object_ids(events.filter(at_lesson, object_type=ATTENDANCE_TYPE))
    return list(
        events.filter(
            Q(object_type=MARK_TYPE, object_id__in=sorted(mark_ids))
            | Q(object_type=ATTENDANCE_TYPE, object_id__in=sorted(attendance_ids))
        )
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )
