"""What a journal write must know before it writes, loaded and locked in ONE statement: the
lesson's date, status and school time zone, the school's edit window and scale, whether the
actor keeps the lesson's journal (its teacher or its substitute, the condition of
`timetable.querysets.journal_keeper_q`), the last day of the actor's approved correction of the
lesson (`journal.models.CorrectionRequest`), and for a student whether they were in the lesson's
class or group on its date and whether their class is taught without marks. The checks are plain
functions over these facts, shared by single and bulk writes.

The statement is plain SQL built once from the models' tables: a mark save is the hot path of
the journal (hundreds a second), and compiling the equivalent ORM query cost more than running
it. `test_rules.py` holds it to the ORM predicates."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import psycopg
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from parta.accounts.access import access_for
from parta.core.context import Actor
from parta.journal.calculations import editable_until, is_valid, normalize
from parta.journal.choices import CorrectionStatus
from parta.journal.models import (
    Assignment,
    CorrectionRequest,
    JournalSettings,
    MarkFreeSubject,
    MarkScale,
    PeriodClosure,
)
from parta.journal.rules import is_journal_admin, today_in, writes_journal
from parta.journal.services.settings import scale_points
from parta.organizations.models import Organization, StudyPeriod
from parta.people.models import (
    Enrollment,
    Person,
    SchoolClass,
    StaffMember,
    StudyGroup,
    StudyGroupMembership,
)
from parta.timetable.choices import LessonStatus
from parta.timetable.models import Lesson, Substitution

DEFAULT_WINDOW_DAYS: int = JournalSettings._meta.get_field("edit_window_days").get_default()
LESSON_RELATED = ("school", "school_class", "study_group", "subject")


def _fmt(day: datetime.date) -> str:
    return date_format(day, "d.m.Y")


@cache
def _facts_sql(start: str) -> str:
    """The facts statement, from an assignment (`start` = "assignment", locking it) or from a
    lesson ("lesson", locking the lesson). Parameters: user id three times (twice for the
    keeper, once for the correction), the row's id; with `_student` appended, student id three
    times before the row's id."""
    q = connection.ops.quote_name
    t = {
        "a": q(Assignment._meta.db_table),
        "l": q(Lesson._meta.db_table),
        "o": q(Organization._meta.db_table),
        "js": q(JournalSettings._meta.db_table),
        "ms": q(MarkScale._meta.db_table),
        "sm": q(StaffMember._meta.db_table),
        "p": q(Person._meta.db_table),
        "su": q(Substitution._meta.db_table),
        "e": q(Enrollment._meta.db_table),
        "g": q(StudyGroupMembership._meta.db_table),
        "mf": q(MarkFreeSubject._meta.db_table),
        "pc": q(PeriodClosure._meta.db_table),
        "sp": q(StudyPeriod._meta.db_table),
        "sc": q(SchoolClass._meta.db_table),
        "sg": q(StudyGroup._meta.db_table),
        "cr": q(CorrectionRequest._meta.db_table),
    }
    values = q("values")
    covering = "{x}.start_date <= l.date AND ({x}.end_date IS NULL OR {x}.end_date >= l.date)"
    student = start.endswith("_student")
    source = start.removesuffix("_student")
    columns = [
        "l.id, l.school_id, l.date, l.status, o.timezone",
        f"(SELECT js.edit_window_days FROM {t['js']} js WHERE js.school_id = l.school_id)",
        f"(SELECT ms.{values} FROM {t['js']} js JOIN {t['ms']} ms ON ms.id = js.mark_scale_id"
        " WHERE js.school_id = l.school_id)",
        # journal_keeper_q: the lesson's teacher, or the substitute named on the lesson
        f"(l.teacher_id IN (SELECT sm.id FROM {t['sm']} sm JOIN {t['p']} p"
        " ON p.id = sm.person_id WHERE p.user_id = %s)"
        f" OR EXISTS (SELECT 1 FROM {t['su']} su JOIN {t['sm']} sm ON sm.id = su.teacher_id"
        f" JOIN {t['p']} p ON p.id = sm.person_id WHERE su.lesson_id = l.id AND p.user_id = %s))",
        # the lesson's date lies in a closed study period of its class (a subgroup's class)
        f"EXISTS (SELECT 1 FROM {t['pc']} pc JOIN {t['sp']} sp ON sp.id = pc.study_period_id"
        f" JOIN {t['sc']} sc ON sc.period_set_id = sp.period_set_id"
        " WHERE sp.start_date <= l.date AND sp.end_date >= l.date"
        " AND (sc.id = l.school_class_id OR sc.id ="
        f" (SELECT sg.school_class_id FROM {t['sg']} sg WHERE sg.id = l.study_group_id)))",
        # the last day of the user's approved corrections of the lesson (NULL: none)
        f"(SELECT MAX(cr.open_until) FROM {t['cr']} cr WHERE cr.lesson_id = l.id"
        f" AND cr.requested_by_id = %s AND cr.status = '{CorrectionStatus.APPROVED.value}')",
    ]
    if student:
        columns += [
            f"(EXISTS (SELECT 1 FROM {t['e']} e WHERE e.student_id = %s"
            f" AND e.school_class_id = l.school_class_id AND {covering.format(x='e')})"
            f" OR EXISTS (SELECT 1 FROM {t['g']} g WHERE g.student_id = %s"
            f" AND g.group_id = l.study_group_id AND {covering.format(x='g')}))",
            # the student's class on the lesson date is taught without marks (all subjects or
            # this one)
            f"EXISTS (SELECT 1 FROM {t['mf']} mf JOIN {t['e']} e"
            " ON e.school_class_id = mf.school_class_id WHERE mf.school_id = l.school_id"
            f" AND e.student_id = %s AND {covering.format(x='e')}"
            " AND (mf.subject_id IS NULL OR mf.subject_id = l.subject_id))",
        ]
    if source == "assignment":
        origin = f"{t['a']} a JOIN {t['l']} l ON l.id = a.lesson_id"
        where, locked = "a.id = %s", "a"
    else:
        origin = f"{t['l']} l"
        where, locked = "l.id = %s", "l"
    sql = (
        f"SELECT {', '.join(columns)} FROM {origin} JOIN {t['o']} o ON o.id = l.school_id"
        f" WHERE {where}"
    )
    if connection.features.has_select_for_update_of:
        sql += f" FOR UPDATE OF {locked}"
    return sql


def _facts_cursor() -> Any:
    """A cursor for the facts statement. On PostgreSQL it binds its parameters on the server,
    so psycopg prepares the statement after a few runs on a connection (`prepare_threshold`
    in the database settings; the project's other queries keep Django's client-side binding,
    which never prepares): planning it cost about 3 ms on every save, running it under 1 ms.
    While queries are logged (debug, a test counting statements) it is Django's own cursor,
    so the log shows the statement's text (a prepared run has none to show)."""
    if connection.vendor != "postgresql" or connection.queries_logged:
        return connection.cursor()
    connection.ensure_connection()
    # the stubs type the argument as Django's wrapper; Django passes the driver's cursor
    raw: Any = psycopg.Cursor(connection.connection)
    return connection.make_cursor(raw)


@dataclass
class Facts:
    """The loaded facts about one lesson (and one student). `lesson` loads the lesson itself
    (with its class or group and subject) only when a message or a write needs it."""

    lesson_id: int
    school_id: int
    date: datetime.date
    status: str
    timezone: str
    window_days: int
    scale: dict[str, int | None]
    is_keeper: bool
    closed: bool = False
    open_until: datetime.date | None = None
    enrolled: bool = True
    mark_free: bool = False
    _lesson: Lesson | None = field(default=None, repr=False)

    @property
    def lesson(self) -> Lesson:
        if self._lesson is None:
            self._lesson = Lesson.objects.select_related(*LESSON_RELATED).get(pk=self.lesson_id)
        return self._lesson


def load_facts(
    *, actor: Actor, source: str, pk: int, student_id: int | None, lesson: Lesson | None = None
) -> Facts | None:
    """The facts of the assignment or lesson `pk` (`source` "assignment" or "lesson"), its
    row locked for the transaction; None when it is gone."""
    user_id = access_for(actor.user).user_id
    params: list[Any] = [user_id, user_id, user_id]
    if student_id is not None:
        source += "_student"
        params += [student_id, student_id, student_id]
    params.append(pk)
    with _facts_cursor() as cursor:
        cursor.execute(_facts_sql(source), params)
        row = cursor.fetchone()
    if row is None:
        return None
    lesson_id, school_id, day, status, tz, window, scale, keeper, closed, open_until = row[:10]
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    if isinstance(open_until, str):
        open_until = datetime.date.fromisoformat(open_until)
    if isinstance(scale, str):
        scale = json.loads(scale)
    return Facts(
        lesson_id=lesson_id,
        school_id=school_id,
        date=day,
        status=status,
        timezone=tz,
        window_days=DEFAULT_WINDOW_DAYS if window is None else window,
        scale=scale_points(scale),
        is_keeper=bool(keeper),
        closed=bool(closed),
        open_until=open_until,
        enrolled=bool(row[10]) if student_id is not None else True,
        mark_free=bool(row[11]) if student_id is not None else False,
        _lesson=lesson,
    )


def lesson_facts(*, actor: Actor, lesson: Lesson, student_id: int | None) -> Facts:
    """The lesson locked for the transaction (attendance and topic writes of one lesson run
    one after another) with its facts."""
    facts = load_facts(actor=actor, source="lesson", pk=lesson.pk, student_id=student_id)
    if facts is None:
        raise ValidationError(_("The lesson has been deleted."), code="gone")
    return facts


# --- checks ----------------------------------------------------------------------------------
def require_school(facts: Facts, thing: Any) -> None:
    """`thing` (a student, a work type) belongs to the lesson's school."""
    if thing.school_id != facts.school_id:
        raise ValidationError(
            _("%(what)s belongs to another school than the lesson %(lesson)s.")
            % {"what": thing, "lesson": facts.lesson},
            code="school",
        )


def require_writable(actor: Actor, facts: Facts) -> None:
    """The lesson is not cancelled; the actor may write its journal today."""
    if facts.status == LessonStatus.CANCELLED:
        raise ValidationError(
            _("The lesson %(lesson)s is cancelled: nothing can be recorded in it.")
            % {"lesson": facts.lesson},
            code="cancelled",
        )
    access = access_for(actor.user)
    is_admin = is_journal_admin(access, facts.school_id)
    if facts.closed and not is_admin:
        raise ValidationError(
            _(
                "The lesson %(lesson)s lies in a closed study period: only the school "
                "administration may change it."
            )
            % {"lesson": facts.lesson},
            code="closed",
        )
    if writes_journal(
        is_admin=is_admin,
        is_keeper=facts.is_keeper,
        lesson_date=facts.date,
        today=today_in(facts.timezone),
        window_days=facts.window_days,
        open_until=facts.open_until,
    ):
        return
    lesson = facts.lesson
    if not facts.is_keeper:
        raise ValidationError(
            _(
                "You do not keep the journal of the lesson %(lesson)s: only its teacher, its "
                "substitute and the school administration may change it."
            )
            % {"lesson": lesson},
            code="forbidden",
        )
    if facts.open_until is not None:
        raise ValidationError(
            _(
                "The correction of the lesson %(lesson)s approved for you ended on %(until)s. "
                "To change it again, request a correction on the lesson's page."
            )
            % {"lesson": lesson, "until": _fmt(facts.open_until)},
            code="window",
        )
    raise ValidationError(
        _(
            "The lesson %(lesson)s can no longer be changed by its teacher: the edit window "
            "of %(days)s days ended on %(until)s. Request a correction on the lesson's page: "
            "once the deputy director approves it, you may change the lesson again."
        )
        % {
            "lesson": lesson,
            "days": facts.window_days,
            "until": _fmt(editable_until(lesson.date, facts.window_days)),
        },
        code="window",
    )


def require_enrolled(facts: Facts, student: Any) -> None:
    if not facts.enrolled:
        lesson = facts.lesson
        raise ValidationError(
            _("%(student)s is not in %(audience)s on %(date)s (the lesson %(lesson)s).")
            % {
                "student": student,
                "audience": lesson.audience_name,
                "date": _fmt(lesson.date),
                "lesson": lesson,
            },
            code="enrollment",
        )


def require_marks_allowed(facts: Facts, student: Any) -> None:
    if facts.mark_free:
        raise ValidationError(
            _(
                "%(subject)s is taught without marks in the class of %(student)s: the lesson "
                "%(lesson)s takes topics, homework and attendance only."
            )
            % {"subject": facts.lesson.subject, "student": student, "lesson": facts.lesson},
            code="mark_free",
        )


def clean_value(facts: Facts, value: str, *, is_duty: bool) -> str:
    """The value as the scale spells it; refused when it is not on the scale."""
    cleaned = normalize(value or "")
    if not cleaned:
        if is_duty:
            return ""
        raise ValidationError(
            _("Type a mark or set the duty flag (the lesson %(lesson)s).")
            % {"lesson": facts.lesson},
            code="empty",
        )
    if not is_valid(cleaned, facts.scale):
        raise ValidationError(
            _("«%(value)s» is not a mark of the school's scale (%(values)s).")
            % {"value": value.strip(), "values": ", ".join(facts.scale)},
            code="scale",
        )
    return cleaned


def clean_comment(comment: str) -> str:
    comment = (comment or "").strip()
    if len(comment) > 300:
        raise ValidationError(_("The comment is longer than 300 characters."), code="comment")
    return comment
