"""Recording attendance: one code per student and lesson (н, у/п, б, о); no row is present."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record, snapshot
from parta.journal.calculations import normalize
from parta.journal.choices import AttendanceCode
from parta.journal.models import AttendanceMark
from parta.journal.services.context import (
    lesson_facts,
    require_enrolled,
    require_school,
    require_writable,
)
from parta.journal.services.errors import StaleEdit
from parta.timetable.models import Lesson

#: What a teacher may type for each code («п» is the other letter of у/п).
CODE_ALIASES = {
    "п": AttendanceCode.EXCUSED,
    "уп": AttendanceCode.EXCUSED,
    "у/п": AttendanceCode.EXCUSED,
}


def clean_code(code: str | None) -> str:
    """The stored code for what was typed; "" clears."""
    typed = normalize(code or "")
    if not typed:
        return ""
    typed = CODE_ALIASES.get(typed, typed)
    if typed not in AttendanceCode.values:
        raise ValidationError(
            _("«%(code)s» is not an attendance code: use н, у (п), б or о.")
            % {"code": (code or "").strip()},
            code="attendance_code",
        )
    return str(typed)


def _require_version(current: AttendanceMark | None, expected: int | None, student: Any) -> None:
    seen = current.version if current is not None else None
    if seen == expected:
        return
    if current is None:
        message = _(
            "The attendance of %(student)s has just been cleared by someone else. Look and "
            "save again."
        ) % {"student": student}
    else:
        message = _(
            "The attendance of %(student)s has just been changed by someone else: it is now "
            "«%(code)s». Look and save again."
        ) % {"student": student, "code": current.code}
    raise StaleEdit(message, current=current)


@transaction.atomic
def attendance_set(
    *,
    actor: Actor,
    lesson: Lesson,
    student: Any,
    code: str | None,
    expected_version: int | None,
) -> AttendanceMark | None:
    """Set (or with None / "" clear) the student's attendance code at the lesson.
    `expected_version` is the version the editor saw (None: no code); a different stored
    version raises `StaleEdit`. Allowed in classes taught without marks."""
    cleaned = clean_code(code)
    facts = lesson_facts(actor=actor, lesson=lesson, student_id=student.pk)
    require_school(facts, student)
    require_writable(actor, facts)
    if cleaned:
        require_enrolled(facts, student)
    current = (
        AttendanceMark.objects.select_for_update()
        .filter(lesson_id=lesson.pk, student_id=student.pk)
        .first()
    )
    _require_version(current, expected_version, student)
    if not cleaned:
        if current is None:
            return None
        before = snapshot(current)
        AttendanceMark.objects.filter(pk=current.pk).delete()
        audit_record(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            instance=current,
            object_id=before["id"],
            before=before,
        )
        return None
    if current is None:
        mark = AttendanceMark(
            school_id=facts.school_id, lesson_id=facts.lesson_id, student=student, code=cleaned
        )
        mark.save()
        audit_record(
            actor=actor, action=AuditEvent.Action.CREATE, instance=mark, after=snapshot(mark)
        )
        return mark
    if current.code == cleaned:
        return current
    cell = {"lesson_id": current.lesson_id, "student_id": current.student_id}
    before = {**cell, "code": current.code, "version": current.version}
    current.code = cleaned
    current.version += 1
    current.save(update_fields=["code", "version", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=current,
        before=before,
        after={**cell, "code": current.code, "version": current.version},
    )
    return current
