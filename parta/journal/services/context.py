"""What a journal write must know before it writes, loaded and locked in ONE query: the lesson
(with its school, class or group and subject), the school's edit window and scale, whether the
actor keeps the lesson's journal, and for a student whether they were enrolled on the lesson
date and whether their class is taught without marks. The checks themselves are plain
functions over these facts, shared by single and bulk writes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, JSONField, OuterRef, Q, QuerySet, Subquery
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from parta.accounts.access import access_for
from parta.core.context import Actor
from parta.journal.calculations import editable_until, is_valid, normalize
from parta.journal.models import JournalSettings, MarkFreeSubject
from parta.journal.rules import is_journal_admin, school_today, writes_journal
from parta.journal.services.settings import scale_points
from parta.people.models import Enrollment, StudyGroupMembership
from parta.timetable.choices import LessonStatus
from parta.timetable.models import Lesson
from parta.timetable.querysets import journal_keeper_q

DEFAULT_WINDOW_DAYS: int = JournalSettings._meta.get_field("edit_window_days").get_default()


def _fmt(day: datetime.date) -> str:
    return date_format(day, "d.m.Y")


def _covering(prefix: str, date_ref: Any) -> Q:
    """Membership rows (enrollment, group) covering the lesson date."""
    return Q(**{f"{prefix}start_date__lte": date_ref}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": date_ref})
    )


def annotate_context(
    queryset: QuerySet[Any], *, actor: Actor, lesson: str, student_id: int | None
) -> QuerySet[Any]:
    """Annotate rows holding a lesson (`lesson` is the path to it, "" for lessons themselves)
    with the facts the checks need."""
    path = f"{lesson}__" if lesson else ""
    lesson_id = f"{lesson}_id" if lesson else "pk"
    settings = JournalSettings.objects.filter(school_id=OuterRef("school_id"))
    queryset = queryset.annotate(
        _window=Subquery(settings.values("edit_window_days")[:1]),
        _scale=Subquery(settings.values("mark_scale__values")[:1], output_field=JSONField()),
        _keeper=Exists(Lesson.objects.filter(journal_keeper_q(actor.user), pk=OuterRef(lesson_id))),
    )
    if student_id is None:
        return queryset
    date_ref = OuterRef(f"{path}date")
    in_class = Enrollment.objects.filter(
        _covering("", date_ref),
        student_id=student_id,
        school_class_id=OuterRef(f"{path}school_class_id"),
    )
    in_group = StudyGroupMembership.objects.filter(
        _covering("", date_ref),
        student_id=student_id,
        group_id=OuterRef(f"{path}study_group_id"),
    )
    # The student's class on the lesson date (the lesson's class, or for a group lesson the
    # class the student belongs to) taught without marks, in all subjects or in this one.
    student_classes = Enrollment.objects.filter(
        _covering("", OuterRef(OuterRef(f"{path}date"))), student_id=student_id
    ).values("school_class_id")
    mark_free = MarkFreeSubject.objects.filter(
        Q(subject__isnull=True) | Q(subject_id=OuterRef(f"{path}subject_id")),
        school_id=OuterRef("school_id"),
        school_class_id__in=student_classes,
    )
    return queryset.annotate(
        _enrolled=Exists(in_class) | Exists(in_group), _mark_free=Exists(mark_free)
    )


LESSON_RELATED = ("school", "school_class", "study_group", "subject")


@dataclass
class Facts:
    """The loaded facts about one lesson (and one student)."""

    lesson: Lesson
    window_days: int
    scale: dict[str, int | None]
    is_keeper: bool
    enrolled: bool = True
    mark_free: bool = False

    @classmethod
    def of(cls, row: Any, lesson: Lesson) -> Facts:
        window = row._window
        return cls(
            lesson=lesson,
            window_days=DEFAULT_WINDOW_DAYS if window is None else window,
            scale=scale_points(row._scale),
            is_keeper=bool(row._keeper),
            enrolled=bool(getattr(row, "_enrolled", True)),
            mark_free=bool(getattr(row, "_mark_free", False)),
        )


def lesson_facts(*, actor: Actor, lesson: Lesson, student_id: int | None) -> Facts:
    """The lesson locked for the transaction (attendance and topic writes of one lesson run
    one after another) with its facts."""
    row = (
        annotate_context(
            Lesson.objects.filter(pk=lesson.pk), actor=actor, lesson="", student_id=student_id
        )
        .select_related(*LESSON_RELATED)
        .select_for_update(of=("self",))
        .get()
    )
    return Facts.of(row, row)


# --- checks ----------------------------------------------------------------------------------
def require_school(facts: Facts, thing: Any) -> None:
    """`thing` (a student, a work type) belongs to the lesson's school."""
    if thing.school_id != facts.lesson.school_id:
        raise ValidationError(
            _("%(what)s belongs to another school than the lesson %(lesson)s.")
            % {"what": thing, "lesson": facts.lesson},
            code="school",
        )


def require_writable(actor: Actor, facts: Facts) -> None:
    """The lesson is not cancelled; the actor may write its journal today."""
    lesson = facts.lesson
    if lesson.status == LessonStatus.CANCELLED:
        raise ValidationError(
            _("The lesson %(lesson)s is cancelled: nothing can be recorded in it.")
            % {"lesson": lesson},
            code="cancelled",
        )
    access = access_for(actor.user)
    is_admin = is_journal_admin(access, lesson.school_id)
    today = school_today(lesson.school)
    if writes_journal(
        is_admin=is_admin,
        is_keeper=facts.is_keeper,
        lesson_date=lesson.date,
        today=today,
        window_days=facts.window_days,
    ):
        return
    if not facts.is_keeper:
        raise ValidationError(
            _(
                "You do not keep the journal of the lesson %(lesson)s: only its teacher, its "
                "substitute and the school administration may change it."
            )
            % {"lesson": lesson},
            code="forbidden",
        )
    raise ValidationError(
        _(
            "The lesson %(lesson)s can no longer be changed by its teacher: the edit window "
            "of %(days)s days ended on %(until)s. Ask the deputy director to make the "
            "correction."
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
