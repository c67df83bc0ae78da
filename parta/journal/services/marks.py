"""Setting and removing marks, one at a time or in a bulk call.

A save loads and locks the assignment with every fact its checks need in one query, locks the
student's mark, compares its version with the one the editor saw (a stale save raises
`StaleEdit` with the stored mark), writes, and audits — six statements in all, savepoints
included. A bulk call checks every item first and writes only when all pass."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record, snapshot
from parta.journal.models import Assignment, Mark
from parta.journal.services.context import (
    Facts,
    clean_comment,
    clean_value,
    load_facts,
    require_enrolled,
    require_marks_allowed,
    require_school,
    require_writable,
)
from parta.journal.services.errors import StaleEdit
from parta.people.models import Student

MAX_BULK_ITEMS = 300
MARK_FIELDS = ("value", "comment", "is_duty", "version")


def _assignment_facts(actor: Actor, assignment_id: int, student_id: int) -> Facts:
    """The assignment locked (marks of one assignment are written one after another, so two
    first marks of a student cannot both be inserted) with its lesson's facts."""
    facts = load_facts(actor=actor, source="assignment", pk=assignment_id, student_id=student_id)
    if facts is None:
        raise ValidationError(_("The assignment has been deleted."), code="gone")
    return facts


#: marks of a bulk call, loaded and locked at once: (assignment id, student id) → mark
Preloaded = dict[tuple[int, int], Mark]


def _locked_mark(
    assignment_id: int, student_id: int, preloaded: Preloaded | None = None
) -> Mark | None:
    if preloaded is not None:
        return preloaded.get((assignment_id, student_id))
    return (
        Mark.objects.select_for_update()
        .filter(assignment_id=assignment_id, student_id=student_id)
        .first()
    )


def _cell(mark: Mark, lesson_id: int) -> dict[str, Any]:
    """What names the cell in every audit event of a mark (the cell's history finds it)."""
    return {
        "lesson_id": lesson_id,
        "assignment_id": mark.assignment_id,
        "student_id": mark.student_id,
    }


def _require_version(current: Mark | None, expected: int | None, student: Any) -> None:
    """`student` may be a callable giving the student (loaded only for the refusal)."""
    seen = current.version if current is not None else None
    if seen == expected:
        return
    if callable(student):
        student = student()
    if current is None:
        message = _(
            "The mark of %(student)s has just been removed by someone else. Look and save again."
        ) % {"student": student}
    else:
        message = _(
            "The mark of %(student)s has just been changed by someone else: it is now "
            "«%(value)s». Look and save again."
        ) % {"student": student, "value": current.value or "•"}
    raise StaleEdit(message, current=current)


@dataclass
class _Planned:
    """One checked mark write: `value` None removes the mark."""

    facts: Facts
    assignment_id: int
    student_id: int
    current: Mark | None
    value: str | None
    comment: str = ""
    is_duty: bool = False


def _plan_set(
    *,
    actor: Actor,
    assignment_id: int,
    student: Any,
    value: str,
    comment: str,
    is_duty: bool,
    expected_version: int | None,
    preloaded: Preloaded | None = None,
) -> _Planned:
    facts = _assignment_facts(actor, assignment_id, student.pk)
    require_school(facts, student)
    require_writable(actor, facts)
    require_enrolled(facts, student)
    require_marks_allowed(facts, student)
    cleaned = clean_value(facts, value, is_duty=is_duty)
    comment = clean_comment(comment)
    current = _locked_mark(assignment_id, student.pk, preloaded)
    _require_version(current, expected_version, student)
    return _Planned(facts, assignment_id, student.pk, current, cleaned, comment, bool(is_duty))


def _plan_delete(
    *, actor: Actor, mark: Mark, expected_version: int, preloaded: Preloaded | None = None
) -> _Planned:
    facts = _assignment_facts(actor, mark.assignment_id, mark.student_id)
    require_writable(actor, facts)
    current = _locked_mark(mark.assignment_id, mark.student_id, preloaded)
    _require_version(current, expected_version, lambda: mark.student)
    return _Planned(facts, mark.assignment_id, mark.student_id, current, None)


def _apply(actor: Actor, plan: _Planned) -> Mark | None:
    lesson_id = plan.facts.lesson_id
    current = plan.current
    if plan.value is None:
        if current is None:
            return None
        before = {**snapshot(current), "lesson_id": lesson_id}
        Mark.objects.filter(pk=current.pk).delete()
        audit_record(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            instance=current,
            object_id=before["id"],
            before=before,
        )
        return None
    if current is None:
        mark = Mark(
            school_id=plan.facts.school_id,
            assignment_id=plan.assignment_id,
            student_id=plan.student_id,
            value=plan.value,
            comment=plan.comment,
            is_duty=plan.is_duty,
        )
        mark.save()
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=mark,
            after={**snapshot(mark), "lesson_id": lesson_id},
        )
        return mark
    new = {"value": plan.value, "comment": plan.comment, "is_duty": plan.is_duty}
    old = {key: getattr(current, key) for key in new}
    if old == new:
        return current
    current.value, current.comment, current.is_duty = plan.value, plan.comment, plan.is_duty
    current.version += 1
    current.save(update_fields=["value", "comment", "is_duty", "version", "updated_at"])
    changed_keys = [key for key in new if old[key] != new[key]]
    cell = _cell(current, lesson_id)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=current,
        before={**cell, **{key: old[key] for key in changed_keys}, "version": current.version - 1},
        after={**cell, **{key: new[key] for key in changed_keys}, "version": current.version},
    )
    return current


@transaction.atomic
def mark_set(
    *,
    actor: Actor,
    assignment: Assignment,
    student: Student,
    value: str,
    comment: str = "",
    is_duty: bool = False,
    expected_version: int | None,
) -> Mark:
    """Set the student's mark for the assignment. `expected_version` is the version of the mark
    the editor saw (None: they saw no mark); a different stored version raises `StaleEdit`."""
    plan = _plan_set(
        actor=actor,
        assignment_id=assignment.pk,
        student=student,
        value=value,
        comment=comment,
        is_duty=is_duty,
        expected_version=expected_version,
    )
    mark = _apply(actor, plan)
    assert mark is not None
    return mark


@transaction.atomic
def mark_delete(*, actor: Actor, mark: Mark, expected_version: int) -> None:
    """Remove the mark; refused as stale when it changed since the editor saw it."""
    _apply(actor, _plan_delete(actor=actor, mark=mark, expected_version=expected_version))


def _item_object(item: dict[str, Any], name: str, model: Any, found: dict[int, Any]) -> Any:
    value = item.get(name)
    if value is None and item.get(f"{name}_id") is not None:
        value = found.get(int(item[f"{name}_id"]))
        if value is None:
            raise ValidationError(
                _("There is no %(what)s with the number %(id)s.")
                % {"what": model._meta.verbose_name, "id": item[f"{name}_id"]},
                code="missing",
            )
    if value is None:
        raise ValidationError(_("Name the %(what)s.") % {"what": model._meta.verbose_name})
    return value


@transaction.atomic
def marks_bulk(*, actor: Actor, items: Sequence[dict[str, Any]]) -> list[Mark | None]:
    """Set or remove many marks at once, all or nothing. An item holds `assignment` (or
    `assignment_id`), `student` (or `student_id`), `value`, optional `comment` and `is_duty`,
    and `expected_version`; `"delete": True` removes the mark instead. Every item is checked
    before anything is written; the refusal lists each failing item by its number."""
    if not items:
        raise ValidationError(_("Nothing to save: the list of marks is empty."), code="empty")
    if len(items) > MAX_BULK_ITEMS:
        raise ValidationError(
            _("At most %(max)s marks can be saved at once; %(count)s were sent.")
            % {"max": MAX_BULK_ITEMS, "count": len(items)},
            code="too_many",
        )
    assignments = Assignment.objects.in_bulk(
        [int(i["assignment_id"]) for i in items if i.get("assignment_id") is not None]
    )
    students = Student.objects.in_bulk(
        [int(i["student_id"]) for i in items if i.get("student_id") is not None]
    )
    # Lock every assignment of the call up front in one order, so that two bulk calls over
    # the same assignments wait for each other instead of deadlocking; with them locked, their
    # marks cannot change under the call, and are loaded (and locked) in one query.
    locked = {i["assignment"].pk for i in items if i.get("assignment") is not None}
    locked |= set(assignments)
    pupils = {i["student"].pk for i in items if i.get("student") is not None} | set(students)
    list(Assignment.objects.select_for_update().filter(pk__in=locked).order_by("pk").values("pk"))
    preloaded: Preloaded = {
        (mark.assignment_id, mark.student_id): mark
        for mark in Mark.objects.select_for_update().filter(
            assignment_id__in=locked, student_id__in=pupils
        )
    }
    plans: list[_Planned] = []
    errors: list[str] = []
    seen: set[tuple[int, int]] = set()
    for number, item in enumerate(items, start=1):
        try:
            assignment = _item_object(item, "assignment", Assignment, assignments)
            student = _item_object(item, "student", Student, students)
            key = (assignment.pk, student.pk)
            if key in seen:
                raise ValidationError(
                    _("The same student and assignment appear twice."), code="duplicate"
                )
            seen.add(key)
            expected = item.get("expected_version")
            if item.get("delete"):
                mark = Mark(assignment_id=assignment.pk, student=student)
                plans.append(
                    _plan_delete(
                        actor=actor,
                        mark=mark,
                        expected_version=int(expected or 0),
                        preloaded=preloaded,
                    )
                )
                continue
            plans.append(
                _plan_set(
                    actor=actor,
                    assignment_id=assignment.pk,
                    student=student,
                    value=str(item.get("value") or ""),
                    comment=str(item.get("comment") or ""),
                    is_duty=bool(item.get("is_duty", False)),
                    expected_version=None if expected is None else int(expected),
                    preloaded=preloaded,
                )
            )
        except ValidationError as error:
            for message in error.messages:
                errors.append(
                    _("Item %(number)s: %(message)s") % {"number": number, "message": message}
                )
    if errors:
        raise ValidationError(errors)
    return [_apply(actor, plan) for plan in plans]
