"""The work of a lesson (assignments, homework among them) and the lesson's topic."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from parta.core.context import Actor
from parta.core.files import delete_stored_on_commit
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record, changed, snapshot
from parta.journal.models import Assignment, AssignmentFile, Mark, WorkType
from parta.journal.services.context import Facts, lesson_facts, require_school, require_writable
from parta.journal.services.settings import default_work_types
from parta.timetable.models import Lesson

ASSIGNMENT_FIELDS = frozenset({"work_type", "title", "text", "due_date", "position"})


def _check_assignment(facts: Facts, assignment: Assignment) -> None:
    """Everything about the assignment's own fields (the lesson's rules are checked apart)."""
    work_type: WorkType = assignment.work_type
    require_school(facts, work_type)
    if not work_type.is_active:
        raise ValidationError(
            {
                "work_type": _("The work type «%(name)s» is no longer in use.")
                % {"name": work_type.name}
            }
        )
    if len(assignment.title) > 300:
        raise ValidationError({"title": _("The title is longer than 300 characters.")})
    if assignment.due_date is not None and assignment.due_date < facts.date:
        raise ValidationError(
            {
                "due_date": _("The due date cannot be earlier than the lesson (%(date)s).")
                % {"date": f"{facts.date:%d.%m.%Y}"}
            }
        )


@transaction.atomic
def assignment_create(
    *,
    actor: Actor,
    lesson: Lesson,
    work_type: WorkType,
    title: str = "",
    text: str = "",
    due_date: datetime.date | None = None,
) -> Assignment:
    """Add work to the lesson (homework: a work type marked as homework, its text and due
    date). It goes after the lesson's other assignments."""
    facts = lesson_facts(actor=actor, lesson=lesson, student_id=None)
    require_writable(actor, facts)
    assignment = Assignment(
        school_id=facts.school_id,
        lesson_id=facts.lesson_id,
        work_type=work_type,
        title=(title or "").strip(),
        text=(text or "").strip(),
        due_date=due_date,
    )
    _check_assignment(facts, assignment)
    last = Assignment.objects.filter(lesson_id=lesson.pk).aggregate(last=Max("position"))["last"]
    assignment.position = (last or 0) + 1
    assignment.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=assignment,
        after=snapshot(assignment),
    )
    return assignment


@transaction.atomic
def assignment_update(*, actor: Actor, assignment: Assignment, data: dict[str, Any]) -> Assignment:
    """Change the work type, title, text, due date or order of an assignment."""
    unknown = set(data) - ASSIGNMENT_FIELDS
    if unknown:
        raise ValidationError(
            _("These fields of an assignment cannot be changed: %(names)s.")
            % {"names": ", ".join(sorted(unknown))}
        )
    facts = lesson_facts(actor=actor, lesson=assignment.lesson, student_id=None)
    require_writable(actor, facts)
    stored = (
        Assignment.objects.select_for_update().select_related("work_type").get(pk=assignment.pk)
    )
    before = snapshot(stored)
    for name, value in data.items():
        if name in {"title", "text"}:
            value = (value or "").strip()
        setattr(stored, name, value)
    _check_assignment(facts, stored)
    old, new = changed(before, snapshot(stored))
    if old or new:
        stored.save(update_fields=sorted(data))
        audit_record(
            actor=actor, action=AuditEvent.Action.UPDATE, instance=stored, before=old, after=new
        )
    return stored


@transaction.atomic
def assignment_delete(*, actor: Actor, assignment: Assignment) -> None:
    """Remove an assignment without marks (remove its marks first)."""
    facts = lesson_facts(actor=actor, lesson=assignment.lesson, student_id=None)
    require_writable(actor, facts)
    stored = Assignment.objects.select_for_update().get(pk=assignment.pk)
    count = Mark.objects.filter(assignment_id=stored.pk).count()
    if count:
        raise ValidationError(
            _(
                "The assignment «%(name)s» of the lesson %(lesson)s has %(count)s marks: remove "
                "them first."
            )
            % {"name": stored, "lesson": facts.lesson, "count": count},
            code="has_marks",
        )
    before = snapshot(stored)
    object_repr = str(stored)
    files = list(
        AssignmentFile.objects.filter(assignment_id=stored.pk).values_list("file", flat=True)
    )
    stored.delete()
    delete_stored_on_commit(AssignmentFile, files)  # its files' rows went with it (CASCADE)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        school_id=before["school_id"],
        object_type=Assignment._meta.label_lower,
        object_id=before["id"],
        object_repr=object_repr,
        before=before,
    )


def _lesson_text_set(*, actor: Actor, lesson: Lesson, field: str, value: str) -> Lesson:
    """Set one text of the lesson's record (its topic or note), audited; unchanged writes
    nothing."""
    limit = getattr(Lesson._meta.get_field(field), "max_length", None) or 500
    if len(value) > limit:
        too_long = {
            "topic": _("The topic is longer than %(max)s characters."),
            "note": _("The note on the lesson is longer than %(max)s characters."),
        }
        raise ValidationError({field: too_long[field] % {"max": limit}})
    facts = lesson_facts(actor=actor, lesson=lesson, student_id=None)
    require_writable(actor, facts)
    stored = facts.lesson
    if getattr(stored, field) == value:
        return stored
    before = {field: getattr(stored, field)}
    setattr(stored, field, value)
    stored.save(update_fields=[field])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=stored,
        before=before,
        after={field: value},
    )
    return stored


@transaction.atomic
def lesson_topic_set(*, actor: Actor, lesson: Lesson, topic: str) -> Lesson:
    """Record what the lesson was about (empty clears)."""
    topic = " ".join((topic or "").split())
    return _lesson_text_set(actor=actor, lesson=lesson, field="topic", value=topic)


@transaction.atomic
def lesson_note_set(*, actor: Actor, lesson: Lesson, note: str) -> Lesson:
    """The teacher's note on the lesson (empty clears); kept in the journal, not shown in
    the diary."""
    return _lesson_text_set(actor=actor, lesson=lesson, field="note", value=(note or "").strip())


@transaction.atomic
def assignment_for_marks(*, actor: Actor, lesson: Lesson) -> Assignment:
    """The assignment a mark typed into a lesson goes to: the lesson's first one; a lesson
    without any gets one of the school's first work type that is not homework (a mark typed into
    an empty lesson is class work), the standard work types being created for a school that has
    none."""
    found = Assignment.objects.filter(school_id=lesson.school_id, lesson=lesson).first()
    if found is not None:
        return found
    types = WorkType.objects.filter(
        school_id=lesson.school_id, is_active=True, is_homework=False
    ).order_by("position", "name")
    work_type = types.first()
    if work_type is None:
        default_work_types(actor=actor, school=lesson.school)
        work_type = types.first()
    if work_type is None:
        raise ValidationError(_("The school has no work types for marks."))
    return assignment_create(actor=actor, lesson=lesson, work_type=work_type)
