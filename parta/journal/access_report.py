"""The journal access report (отчёт о доступе к классному журналу): who created, changed or
deleted what in which journal over a date range, read from the audit log.

Every journal write audits an event (`core.AuditEvent`). Marks, attendance marks and
assignments name their lesson in `before`/`after` (`lesson_id`); a lesson's topic is audited on
the lesson itself (`timetable.lesson`, key `topic`); final marks, absence documents, closed
periods and the journal settings name their own objects. The report filters all of them in SQL
(so pagination is right) and resolves one page of events in a constant number of queries: the
lessons (with their classes, groups and subjects), the assignments, the final marks, the
students, the subjects, the study periods, the classes of the students and the work types, one
query each, whatever the page size."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import CharField, IntegerField, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from parta.accounts.access import UserAccess
from parta.accounts.models import User
from parta.core.models import AuditEvent
from parta.curriculum.models import Subject
from parta.journal.choices import AttendanceCode
from parta.journal.models import (
    AbsenceDocument,
    Assignment,
    AssignmentFile,
    AttendanceMark,
    CorrectionRequest,
    FinalMark,
    JournalSettings,
    Mark,
    MarkFreeSubject,
    MarkScale,
    PeriodClosure,
    WorkType,
)
from parta.journal.rules import is_journal_admin, school_today
from parta.organizations.models import StudyPeriod
from parta.people.models import Enrollment, SchoolClass, Student
from parta.timetable.models import Lesson

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_EXPORT_ROWS = 20_000
DEFAULT_DAYS = 7
#: events resolved at once while exporting (keeps every `IN (…)` list short on SQLite)
EXPORT_CHUNK = 500


def _type(model: type[models.Model]) -> str:
    return model._meta.label_lower


MARK = _type(Mark)
ATTENDANCE = _type(AttendanceMark)
ASSIGNMENT = _type(Assignment)
FILE = _type(AssignmentFile)
LESSON = _type(Lesson)
FINAL = _type(FinalMark)
DOCUMENT = _type(AbsenceDocument)
CLOSURE = _type(PeriodClosure)
CORRECTION = _type(CorrectionRequest)
SETTINGS_TYPES = (
    _type(JournalSettings),
    _type(WorkType),
    _type(MarkFreeSubject),
    _type(MarkScale),
)
#: events that name their lesson in `before`/`after` (`lesson_id`)
LESSON_BOUND = (MARK, ATTENDANCE, ASSIGNMENT, CORRECTION)
MODELS: dict[str, type[models.Model]] = {
    _type(model): model
    for model in (
        Mark,
        AttendanceMark,
        Assignment,
        AssignmentFile,
        Lesson,
        FinalMark,
        AbsenceDocument,
        PeriodClosure,
        CorrectionRequest,
        JournalSettings,
        WorkType,
        MarkFreeSubject,
        MarkScale,
    )
}


class ReportKind(models.TextChoices):
    """What changed: the report's `kind` filter."""

    MARK = "mark", pgettext_lazy("journal access", "mark")
    ATTENDANCE = "attendance", pgettext_lazy("journal access", "attendance")
    TOPIC = "topic", pgettext_lazy("journal access", "lesson topic and note")
    ASSIGNMENT = "assignment", pgettext_lazy("journal access", "assignment, homework")
    FINAL_MARK = "final_mark", pgettext_lazy("journal access", "final mark")
    ABSENCE_DOCUMENT = "absence_document", pgettext_lazy("journal access", "absence document")
    PERIOD_CLOSURE = "period_closure", pgettext_lazy("journal access", "closing a period")
    CORRECTION = "correction", pgettext_lazy("journal access", "correction request")
    SETTINGS = "settings", pgettext_lazy("journal access", "journal settings")


KIND_TYPES: dict[str, tuple[str, ...]] = {
    ReportKind.MARK: (MARK,),
    ReportKind.ATTENDANCE: (ATTENDANCE,),
    ReportKind.TOPIC: (LESSON,),
    ReportKind.ASSIGNMENT: (ASSIGNMENT, FILE),
    ReportKind.FINAL_MARK: (FINAL,),
    ReportKind.ABSENCE_DOCUMENT: (DOCUMENT,),
    ReportKind.PERIOD_CLOSURE: (CLOSURE,),
    ReportKind.CORRECTION: (CORRECTION,),
    ReportKind.SETTINGS: SETTINGS_TYPES,
}
TYPE_KINDS = {object_type: kind for kind, types in KIND_TYPES.items() for object_type in types}
ACTIONS = (AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE, AuditEvent.Action.DELETE)
ACTION_LABELS = {str(action): action.label for action in ACTIONS}


# --- who may read it ----------------------------------------------------------------------
def may_read_access_report(access: UserAccess, school_id: int) -> bool:
    """The school's administration (director, deputy director, system administrator) and the
    municipal specialists who read the whole school; nobody else (teachers, secretaries, HR)."""
    return is_journal_admin(access, school_id) or school_id in access.tree_read_school_ids


# --- the filter ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ReportFilter:
    date_from: datetime.date
    date_to: datetime.date
    school_class: SchoolClass | None = None
    subject: Subject | None = None
    user: User | None = None
    action: str = ""
    kind: str = ""

    def as_query(self) -> dict[str, str]:
        """The filter as GET parameters (for the export link and the pages)."""
        query = {"date_from": self.date_from.isoformat(), "date_to": self.date_to.isoformat()}
        for name, value in (
            ("school_class", self.school_class),
            ("subject", self.subject),
            ("user", self.user),
        ):
            if value is not None:
                query[name] = str(value.pk)
        for name, text in (("action", self.action), ("kind", self.kind)):
            if text:
                query[name] = text
        return query


def _one_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def report_users(school: Any) -> QuerySet[User]:
    """The users whose actions the report can be narrowed to: those holding a role in the
    school or a staff record of it."""
    return (
        User.objects.filter(
            Q(role_assignments__organization=school) | Q(person__staff_records__school=school)
        )
        .distinct()
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "username")
    )


def user_name(user: User | None) -> str:
    if user is None:
        return "—"
    person = getattr(user, "person", None)
    return person.full_name if person is not None else user.username


def _int_or_none(value: Any, name: str, message: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, models.Model):
        return int(value.pk)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError({name: message % {"id": value}}, code="invalid") from None


#: the filter's arguments besides the school, as forms and query serializers name them
FILTER_FIELDS = ("date_from", "date_to", "school_class", "subject", "user", "action", "kind")


def filter_arguments(data: Mapping[str, Any]) -> dict[str, Any]:
    """The arguments of `report_filter` found in cleaned form or serializer data."""
    return {name: data[name] for name in FILTER_FIELDS if data.get(name) not in (None, "")}


def report_filter(
    *,
    school: Any,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    school_class: Any = None,
    subject: Any = None,
    user: Any = None,
    action: str = "",
    kind: str = "",
) -> ReportFilter:
    """Check the report's filter for `school` (ids or objects); the dates of the actions
    default to the last seven days in the school's time zone. At most three queries."""
    if date_to is None:
        date_to = school_today(school)
    if date_from is None:
        date_from = date_to - datetime.timedelta(days=DEFAULT_DAYS - 1)
    if date_to < date_from:
        raise ValidationError(
            {"date_to": _("The end date is earlier than the start date.")}, code="dates"
        )
    if date_to > _one_year_after(date_from):
        raise ValidationError(
            {"date_to": _("Choose at most one year of actions at a time.")}, code="range"
        )
    class_id = _int_or_none(
        school_class, "school_class", _("There is no class with the number %(id)s.")
    )
    found_class = None
    if class_id is not None:
        found_class = SchoolClass.objects.filter(school=school, pk=class_id).first()
        if found_class is None:
            raise ValidationError(
                {
                    "school_class": _("The school has no class with the number %(id)s.")
                    % {"id": class_id}
                },
                code="school",
            )
    subject_id = _int_or_none(subject, "subject", _("There is no subject with the number %(id)s."))
    found_subject = None
    if subject_id is not None:
        found_subject = Subject.objects.for_school(school).filter(pk=subject_id).first()
        if found_subject is None:
            raise ValidationError(
                {
                    "subject": _("The school has no subject with the number %(id)s.")
                    % {"id": subject_id}
                },
                code="school",
            )
    user_id = _int_or_none(user, "user", _("There is no user with the number %(id)s."))
    found_user = None
    if user_id is not None:
        found_user = report_users(school).filter(pk=user_id).first()
        if found_user is None:
            raise ValidationError(
                {"user": _("The school has no user with the number %(id)s.") % {"id": user_id}},
                code="school",
            )
    action = action or ""
    if action and action not in ACTION_LABELS:
        raise ValidationError(
            {"action": _("Choose the action: create, update or delete.")}, code="action"
        )
    kind = kind or ""
    if kind and kind not in ReportKind.values:
        raise ValidationError(
            {"kind": _("Unknown kind of change «%(kind)s».") % {"kind": kind}}, code="kind"
        )
    return ReportFilter(
        date_from=date_from,
        date_to=date_to,
        school_class=found_class,
        subject=found_subject,
        user=found_user,
        action=action,
        kind=kind,
    )


# --- the events ---------------------------------------------------------------------------
def _int_key(key: str) -> Coalesce:
    """`after[key]`, else `before[key]`, as an integer (SQLite and PostgreSQL alike)."""
    return Coalesce(
        Cast(KeyTextTransform(key, "after"), IntegerField()),
        Cast(KeyTextTransform(key, "before"), IntegerField()),
    )


def _as_text(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The primary keys of `queryset` as text, to match `AuditEvent.object_id`."""
    return queryset.annotate(ref=Cast("pk", CharField())).values("ref")


def _scope(school: Any, rules: ReportFilter, events: QuerySet[AuditEvent]) -> Q:
    """The events of the chosen class (and its subgroups) and subject, as subqueries."""
    lessons = Lesson.objects.filter(school=school)
    if rules.school_class is not None:
        lessons = lessons.filter(
            Q(school_class=rules.school_class) | Q(study_group__school_class=rules.school_class)
        )
    if rules.subject is not None:
        lessons = lessons.filter(subject=rules.subject)
    lesson_ids = lessons.values("pk")
    assignments = Assignment.objects.filter(school=school, lesson__in=lesson_ids)
    deleted_assignments = events.filter(
        Q(object_type=ASSIGNMENT) & Q(lesson_ref__in=lesson_ids)
    ).values("object_id")
    corrections = CorrectionRequest.objects.filter(school=school, lesson__in=lesson_ids)
    # each term tests the object type first: the JSON is read only for the events it concerns
    scope = (
        (Q(object_type__in=LESSON_BOUND) & Q(lesson_ref__in=lesson_ids))
        | (Q(object_type=ASSIGNMENT) & Q(object_id__in=_as_text(assignments)))
        | (Q(object_type=ASSIGNMENT) & Q(object_id__in=deleted_assignments))
        | (Q(object_type=FILE) & Q(assignment_ref__in=assignments.values("pk")))
        | (Q(object_type=CORRECTION) & Q(object_id__in=_as_text(corrections)))
        | (Q(object_type=LESSON) & Q(object_id__in=_as_text(lessons)))
    )
    finals = FinalMark.objects.filter(school=school)
    final_q = Q(object_type=FINAL)
    document_q = Q(object_type=DOCUMENT)
    if rules.school_class is not None:
        students = Enrollment.objects.filter(school_class=rules.school_class).values("student_id")
        finals = finals.filter(student_id__in=students)
        final_q &= Q(student_ref__in=students)
        document_q &= Q(student_ref__in=students)
    if rules.subject is not None:
        finals = finals.filter(subject=rules.subject)
        final_q &= Q(subject_ref=rules.subject.pk)
        document_q &= Q(subject_ref=rules.subject.pk)
    final_rows = Q(object_type=FINAL) & Q(object_id__in=_as_text(finals))
    return scope | final_rows | final_q | document_q


def report_events(school: Any, rules: ReportFilter) -> QuerySet[AuditEvent]:
    """The audit events of the report, newest first, filtered in SQL (the page is sliced from
    it). Only `create`, `update` and `delete` of the journal's objects."""
    zone = ZoneInfo(school.timezone)
    start = datetime.datetime.combine(rules.date_from, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        rules.date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    events = AuditEvent.objects.filter(school=school).alias(
        lesson_ref=_int_key("lesson_id"),
        assignment_ref=_int_key("assignment_id"),
        student_ref=_int_key("student_id"),
        subject_ref=_int_key("subject_id"),
    )
    kinds = [rules.kind] if rules.kind else list(KIND_TYPES)
    types = [object_type for kind in kinds for object_type in KIND_TYPES[kind]]
    kind_q = Q(object_type__in=[t for t in types if t != LESSON])
    if LESSON in types:
        kind_q |= Q(object_type=LESSON) & (
            Q(before__has_key="topic")
            | Q(after__has_key="topic")
            | Q(before__has_key="note")
            | Q(after__has_key="note")
        )
    actions = [rules.action] if rules.action else [str(action) for action in ACTIONS]
    selected = events.filter(kind_q, created_at__gte=start, created_at__lt=end, action__in=actions)
    if rules.user is not None:
        selected = selected.filter(actor=rules.user)
    if rules.school_class is not None or rules.subject is not None:
        selected = selected.filter(_scope(school, rules, events))
    return selected.select_related("actor__person").order_by("-created_at", "-pk")


# --- the rows -----------------------------------------------------------------------------
@dataclass
class ReportRow:
    """One line of the report: an audit event with what it concerns, resolved."""

    event: AuditEvent
    at: datetime.datetime
    actor_name: str
    action: str
    action_label: str
    kind: str
    kind_label: str
    what: str
    before: str
    after: str
    lesson: Lesson | None = None
    school_class_name: str = ""
    subject_name: str = ""
    period_name: str = ""
    student: Student | None = None
    url: str = ""
    history_url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def change(self) -> str:
        return f"{self.before} → {self.after}"

    @property
    def student_name(self) -> str:
        return self.student.person.full_name if self.student is not None else ""

    @property
    def lesson_date(self) -> datetime.date | None:
        return self.lesson.date if self.lesson is not None else None


def _key(event: AuditEvent, key: str) -> Any:
    """`after[key]`, else `before[key]` (None when neither names it)."""
    for data in (event.after, event.before):
        if isinstance(data, Mapping) and data.get(key) is not None:
            return data[key]
    return None


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


#: keys never shown in before → after (they name the row, not what changed)
HIDDEN = frozenset(
    {
        "id",
        "school_id",
        "version",
        "created_at",
        "updated_at",
        "lesson_id",
        "student_id",
        "assignment_id",
        "position",
        "closed_at",
        "closed_by_id",
        "document_id",
    }
)
#: the keys shown per type (others: every key not hidden); the first one without its label
SHOWN: dict[str, tuple[str, ...]] = {
    MARK: ("value", "is_duty", "comment"),
    FINAL: ("value", "comment"),
    ATTENDANCE: ("code",),
    LESSON: ("topic", "note"),
    ASSIGNMENT: ("work_type_id", "title", "text", "due_date"),
    DOCUMENT: ("start_date", "end_date", "reason", "subject_id", "number", "note"),
    _type(MarkFreeSubject): ("subject_id",),
}
UNLABELLED = frozenset({"value", "code", "topic", "note"})
TEXT_LIMIT = 80


@dataclass
class _Names:
    """Names of the objects a page refers to, by id."""

    work_types: dict[int, str] = field(default_factory=dict)
    subjects: dict[int, str] = field(default_factory=dict)
    periods: dict[int, StudyPeriod] = field(default_factory=dict)


def _field(model: type[models.Model] | None, key: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def _label(model: type[models.Model] | None, key: str) -> str:
    model_field = _field(model, key)
    return str(model_field.verbose_name) if model_field is not None else key


def _value(model: type[models.Model] | None, key: str, value: Any, names: _Names) -> str:
    if value is None or value == "":
        return "—"
    if key == "code":
        try:
            return f"{value} ({AttendanceCode(value).label})"
        except ValueError:
            return str(value)
    if key == "work_type_id":
        return names.work_types.get(_int(value) or 0, f"#{value}")
    if key == "subject_id":
        return names.subjects.get(_int(value) or 0, f"#{value}")
    if key == "study_period_id":
        period = names.periods.get(_int(value) or 0)
        return period.name if period is not None else f"#{value}"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    model_field = _field(model, key)
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.DateField) and not isinstance(
        model_field, models.DateTimeField
    ):
        try:
            return date_format(datetime.date.fromisoformat(str(value)), "d.m.Y")
        except ValueError:
            return str(value)
    text = str(value)
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def _side(object_type: str, data: Any, names: _Names) -> str:
    """One side of before → after, readable: «4», «н (absent…)», «title: …; due date: …»."""
    if not isinstance(data, Mapping) or not data:
        return "—"
    model = MODELS.get(object_type)
    keys = SHOWN.get(object_type) or tuple(key for key in data if key not in HIDDEN)
    parts: list[str] = []
    for key in keys:
        if key not in data:
            continue
        value = data[key]
        if key == "is_duty":
            if value:
                parts.append(_("owes the work (•)"))
            continue
        if key not in UNLABELLED and value in (None, ""):
            continue
        shown = _value(model, key, value, names)
        parts.append(shown if key in UNLABELLED else f"{_label(model, key)}: {shown}")
    return "; ".join(parts) if parts else "—"


def _describe(event: AuditEvent, names: _Names) -> tuple[str, str]:
    if event.object_type == CLOSURE:
        closed, opened = _("closed"), _("open")
        return (opened, closed) if event.action == AuditEvent.Action.CREATE else (closed, opened)
    return _side(event.object_type, event.before, names), _side(
        event.object_type, event.after, names
    )


def _grid_url(school_id: int, lesson: Lesson, period: StudyPeriod | None) -> str:
    if lesson.study_group_id:
        args = [school_id, "group", lesson.study_group_id, lesson.subject_id]
    else:
        args = [school_id, "class", lesson.school_class_id, lesson.subject_id]
    url = reverse("journal:grid", args=args)
    return f"{url}?period={period.pk}" if period is not None else url


def _lesson_period(
    lesson: Lesson, by_set: Mapping[int, list[StudyPeriod]], by_year: Mapping[int, list[Any]]
) -> StudyPeriod | None:
    home = lesson.school_class
    if home is None and lesson.study_group is not None:
        home = lesson.study_group.school_class
    candidates = (
        by_set.get(home.period_set_id, [])
        if home is not None
        else by_year.get(lesson.academic_year_id, [])
    )
    return next((p for p in candidates if p.start_date <= lesson.date <= p.end_date), None)


def report_rows(school: Any, events: Sequence[AuditEvent]) -> list[ReportRow]:
    """The rows of a page of `report_events`: at most ten queries whatever its length."""
    events = list(events)
    zone = ZoneInfo(school.timezone)
    # what the events name by themselves
    assignment_ids: set[int] = set()
    final_ids: set[int] = set()
    correction_ids: set[int] = set()
    for event in events:
        if event.object_type == ASSIGNMENT and _key(event, "lesson_id") is None:
            assignment_ids.add(_int(event.object_id) or 0)
        elif event.object_type == FILE and _key(event, "lesson_id") is None:
            assignment_ids.add(_int(_key(event, "assignment_id")) or 0)
        elif event.object_type == FINAL and _key(event, "student_id") is None:
            final_ids.add(_int(event.object_id) or 0)
        elif event.object_type == CORRECTION and _key(event, "lesson_id") is None:
            correction_ids.add(_int(event.object_id) or 0)
    # 1. assignments whose events do not name the lesson (changes of an assignment)
    assignment_lessons: dict[int, int] = dict(
        Assignment.objects.filter(school=school, pk__in=sorted(assignment_ids)).values_list(
            "pk", "lesson_id"
        )
    )
    missing = sorted(str(pk) for pk in assignment_ids - set(assignment_lessons))
    if missing:
        # 1b. deleted assignments: the lesson named by their create or delete event
        for object_id, before, after in AuditEvent.objects.filter(
            school=school, object_type=ASSIGNMENT, object_id__in=missing
        ).values_list("object_id", "before", "after"):
            for data in (after, before):
                if isinstance(data, Mapping) and data.get("lesson_id") is not None:
                    assignment_lessons[int(object_id)] = int(data["lesson_id"])
    # 1c. correction requests whose decisions do not name the lesson
    correction_lessons: dict[int, int] = dict(
        CorrectionRequest.objects.filter(school=school, pk__in=sorted(correction_ids)).values_list(
            "pk", "lesson_id"
        )
    )
    # 2. final marks whose events do not name them (changes of a final mark)
    finals: dict[int, dict[str, Any]] = {
        row["pk"]: dict(row)
        for row in FinalMark.objects.filter(school=school, pk__in=sorted(final_ids)).values(
            "pk", "student_id", "subject_id", "study_period_id", "academic_year_id", "kind"
        )
    }

    def final_key(event: AuditEvent, key: str) -> Any:
        value = _key(event, key)
        if value is None:
            value = finals.get(_int(event.object_id) or 0, {}).get(key)
        return value

    lesson_of: dict[int, int] = {}
    student_of: dict[int, int] = {}
    subject_ids: set[int] = set()
    period_ids: set[int] = set()
    work_type_ids: set[int] = set()
    years: set[int] = set()
    for event in events:
        lesson_id: Any = None
        if event.object_type == LESSON:
            lesson_id = event.object_id
        elif event.object_type in (*LESSON_BOUND, FILE):
            lesson_id = _key(event, "lesson_id")
            if lesson_id is None and event.object_type == ASSIGNMENT:
                lesson_id = assignment_lessons.get(_int(event.object_id) or 0)
            if lesson_id is None and event.object_type == CORRECTION:
                lesson_id = correction_lessons.get(_int(event.object_id) or 0)
            if lesson_id is None and event.object_type == FILE:
                lesson_id = assignment_lessons.get(_int(_key(event, "assignment_id")) or 0)
        if _int(lesson_id) is not None:
            lesson_of[event.pk] = int(lesson_id)
        if event.object_type in (MARK, ATTENDANCE, DOCUMENT, FINAL):
            student = final_key(event, "student_id")
            if _int(student) is not None:
                student_of[event.pk] = int(student)
        if event.object_type in (FINAL, DOCUMENT, *SETTINGS_TYPES):
            for data in (event.before, event.after):
                if isinstance(data, Mapping) and _int(data.get("subject_id")) is not None:
                    subject_ids.add(int(data["subject_id"]))
        if event.object_type == FINAL:
            for key, bucket in (
                ("subject_id", subject_ids),
                ("study_period_id", period_ids),
                ("academic_year_id", years),
            ):
                value = _int(final_key(event, key))
                if value is not None:
                    bucket.add(value)
        if event.object_type == CLOSURE and _int(_key(event, "study_period_id")) is not None:
            period_ids.add(int(_key(event, "study_period_id")))
        for data in (event.before, event.after):
            if isinstance(data, Mapping) and _int(data.get("work_type_id")) is not None:
                work_type_ids.add(int(data["work_type_id"]))
    # 3. lessons with their classes, groups (and the groups' classes) and subjects
    lessons = Lesson.objects.filter(school=school, pk__in=sorted(set(lesson_of.values())))
    lessons_by_id = {
        lesson.pk: lesson
        for lesson in lessons.select_related("school_class", "study_group__school_class", "subject")
    }
    period_sets: set[int] = set()
    for lesson in lessons_by_id.values():
        home = lesson.school_class or (
            lesson.study_group.school_class if lesson.study_group is not None else None
        )
        if home is not None:
            period_sets.add(home.period_set_id)
        else:
            years.add(lesson.academic_year_id)
    # 4. students
    students = {
        student.pk: student
        for student in Student.objects.filter(
            school=school, pk__in=sorted(set(student_of.values()))
        ).select_related("person")
    }
    # 5. subjects of final marks, documents and settings
    names = _Names()
    names.subjects = dict(
        Subject.objects.for_school(school)
        .filter(pk__in=sorted(subject_ids))
        .values_list("pk", "name")
    )
    # 6. study periods: of the final marks and closures, and those holding the lessons
    periods = list(
        StudyPeriod.objects.filter(school=school)
        .filter(
            Q(pk__in=sorted(period_ids))
            | Q(period_set_id__in=sorted(period_sets))
            | Q(period_set__academic_year_id__in=sorted(years))
        )
        .select_related("period_set")
        .order_by("start_date", "pk")
        if period_ids or period_sets or years
        else []
    )
    names.periods = {period.pk: period for period in periods}
    by_set: dict[int, list[StudyPeriod]] = {}
    by_year: dict[int, list[StudyPeriod]] = {}
    for period in periods:
        by_set.setdefault(period.period_set_id, []).append(period)
        by_year.setdefault(period.period_set.academic_year_id, []).append(period)
    # 7. the classes of the students of final marks and documents
    classes_of: dict[int, list[Enrollment]] = {}
    listed = sorted(
        {
            student_of[e.pk]
            for e in events
            if e.pk in student_of and e.object_type in (FINAL, DOCUMENT)
        }
    )
    for enrollment in (
        Enrollment.objects.filter(school=school, student_id__in=listed)
        .select_related("school_class")
        .order_by("start_date", "pk")
    ):
        classes_of.setdefault(enrollment.student_id, []).append(enrollment)
    # 8. work types of assignments
    names.work_types = dict(
        WorkType.objects.filter(school=school, pk__in=sorted(work_type_ids)).values_list(
            "pk", "name"
        )
    )

    def class_in_year(student_id: int | None, year_id: int | None) -> SchoolClass | None:
        found = [
            e.school_class
            for e in classes_of.get(student_id or 0, [])
            if year_id is None or e.school_class.academic_year_id == year_id
        ]
        return found[-1] if found else None

    def class_on(student_id: int | None, day: datetime.date | None) -> SchoolClass | None:
        found = [
            e.school_class
            for e in classes_of.get(student_id or 0, [])
            if day is None or (e.start_date <= day and (e.end_date is None or day <= e.end_date))
        ]
        return found[-1] if found else class_in_year(student_id, None)

    rows: list[ReportRow] = []
    for event in events:
        kind = TYPE_KINDS.get(event.object_type, "")
        before, after = _describe(event, names)
        row = ReportRow(
            event=event,
            at=timezone.localtime(event.created_at, zone),
            actor_name=user_name(event.actor),
            action=event.action,
            action_label=str(ACTION_LABELS.get(event.action, event.action)),
            kind=kind,
            kind_label=str(ReportKind(kind).label) if kind else event.object_type,
            what=event.object_repr,
            before=before,
            after=after,
            student=students.get(student_of.get(event.pk, 0)),
        )
        lesson = lessons_by_id.get(lesson_of.get(event.pk, 0))
        if lesson is not None:
            lesson_period = _lesson_period(lesson, by_set, by_year)
            row.lesson = lesson
            row.school_class_name = lesson.audience_name
            row.subject_name = lesson.subject.name
            row.period_name = lesson_period.name if lesson_period is not None else ""
            row.url = _grid_url(school.pk, lesson, lesson_period)
            if event.object_type in (MARK, ATTENDANCE) and row.student is not None:
                row.history_url = reverse(
                    "journal:cell_history", args=[school.pk, lesson.pk, row.student.pk]
                )
        _place_other(row, event, school, names, final_key, class_in_year, class_on)
        rows.append(row)
    return rows


def _place_other(
    row: ReportRow,
    event: AuditEvent,
    school: Any,
    names: _Names,
    final_key: Any,
    class_in_year: Any,
    class_on: Any,
) -> None:
    """Class, subject, period, what and link of the rows not bound to a lesson."""
    if event.object_type == LESSON:
        noted = "note" in (event.after or event.before or {})
        row.what = str(
            pgettext_lazy("journal access", "note on the lesson")
            if noted
            else pgettext_lazy("journal access", "lesson topic")
        )
    elif event.object_type == MARK:
        row.what = str(pgettext_lazy("journal access", "mark"))
    elif event.object_type == ATTENDANCE:
        row.what = str(pgettext_lazy("journal access", "attendance"))
    if event.object_type == FINAL:
        kind = final_key(event, "kind")
        row.what = str(dict(FinalMark._meta.get_field("kind").flatchoices).get(kind, kind))
        subject_id = _int(final_key(event, "subject_id"))
        row.subject_name = names.subjects.get(subject_id or 0, "")
        period = names.periods.get(_int(final_key(event, "study_period_id")) or 0)
        row.period_name = period.name if period is not None else ""
        home = class_in_year(
            row.student.pk if row.student else None, _int(final_key(event, "academic_year_id"))
        )
        if home is not None:
            row.school_class_name = home.name
            if subject_id is not None:
                row.url = reverse("journal:finals", args=[school.pk, "class", home.pk, subject_id])
    elif event.object_type == DOCUMENT:
        start = _key(event, "start_date")
        day = datetime.date.fromisoformat(start) if isinstance(start, str) else None
        row.what = _side(DOCUMENT, {"reason": _key(event, "reason")}, names)
        row.subject_name = names.subjects.get(_int(_key(event, "subject_id")) or 0, "")
        home = class_on(row.student.pk if row.student else None, day)
        if home is not None:
            row.school_class_name = home.name
            row.url = reverse("journal:class_documents", args=[school.pk, home.pk])
    elif event.object_type == CLOSURE:
        period = names.periods.get(_int(_key(event, "study_period_id")) or 0)
        row.period_name = period.name if period is not None else ""
        row.what = row.period_name or event.object_repr
        row.url = reverse("journal:periods", args=[school.pk])
    elif event.object_type in SETTINGS_TYPES:
        row.url = reverse("journal_settings:settings", args=[school.pk])


# --- pages and the export -----------------------------------------------------------------
@dataclass
class ReportPage:
    rules: ReportFilter
    page: Page[AuditEvent]
    rows: list[ReportRow]


def page_size_from(raw: Any) -> int:
    """A page size from user input: 50 by default, at most 200."""
    size = _int(raw)
    if size is None or size < 1:
        return PAGE_SIZE
    return min(size, MAX_PAGE_SIZE)


def access_report(
    *, school: Any, rules: ReportFilter, page: Any = 1, page_size: Any = PAGE_SIZE
) -> ReportPage:
    """One page of the report (newest first): the count, the page's events and their
    resolution — a constant number of queries whatever the page size (≤ 200)."""
    paginator = Paginator(report_events(school, rules), page_size_from(page_size))
    found = paginator.get_page(page)
    return ReportPage(rules=rules, page=found, rows=report_rows(school, list(found.object_list)))


def export_rows(school: Any, rules: ReportFilter) -> Iterable[ReportRow]:
    """Every row of the filter (at most `MAX_EXPORT_ROWS`), resolved in chunks."""
    events = list(report_events(school, rules)[:MAX_EXPORT_ROWS])
    for start in range(0, len(events), EXPORT_CHUNK):
        yield from report_rows(school, events[start : start + EXPORT_CHUNK])


def export_headers() -> list[str]:
    return [
        _("Date and time"),
        _("User"),
        _("Class or group"),
        _("Subject"),
        _("Lesson date"),
        _("Period"),
        _("Action"),
        _("Kind"),
        _("What"),
        _("Student"),
        _("Before"),
        _("After"),
        _("IP address"),
    ]


def report_workbook(school: Any, rules: ReportFilter) -> bytes:
    """The report of the filter as an XLSX workbook (one sheet, a header row)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(gettext_lazy("Journal access"))[:31]
    sheet.append(export_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(title) for title in export_headers()]
    for row in export_rows(school, rules):
        values: list[Any] = [
            row.at.replace(tzinfo=None),
            row.actor_name,
            row.school_class_name,
            row.subject_name,
            row.lesson_date,
            row.period_name,
            row.action_label,
            row.kind_label,
            row.what,
            row.student_name,
            row.before,
            row.after,
            row.event.ip_address or "",
        ]
        sheet.append(values)
        for index, value in enumerate(values):
            widths[index] = max(widths[index], min(len(str(value or "")), 60))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width + 2
    for cells in sheet.iter_rows(min_row=2, max_col=5):
        cells[0].number_format = "DD.MM.YYYY HH:MM"
        cells[4].number_format = "DD.MM.YYYY"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
