"""Writes of the diary week: a student ticks homework as done (or not), a parent confirms having
read the week, and a refused look at another student's diary is recorded."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record
from parta.diary.models import DiaryAcknowledgement, HomeworkCompletion
from parta.diary.selectors import assignment_in_diary
from parta.people.models import Guardianship, Person

#: object_type of the audit event written when a diary is refused (action `view`)
DENIED_TYPE = "diary.access_denied"


def _user_id(actor: Actor) -> int | None:
    user = actor.user
    return user.pk if user is not None and user.is_authenticated else None


@transaction.atomic
def homework_completion_set(
    *, actor: Actor, student: Any, assignment: Any, done: bool
) -> HomeworkCompletion | None:
    """Tick (`done`) or untick the assignment as done by the student. Only the student
    themself; the assignment must be of one of their lessons. Idempotent: ticking twice keeps
    one row and one audit event."""
    uid = _user_id(actor)
    if uid is None or student.person.user_id != uid:
        raise ValidationError(
            _("Only the student themself can mark homework as done."), code="not_student"
        )
    if assignment.school_id != student.school_id or not assignment_in_diary(student, assignment):
        raise ValidationError(
            _("The assignment is not one of the student's lessons."), code="not_students"
        )
    current = (
        HomeworkCompletion.objects.select_for_update()
        .filter(school_id=student.school_id, student_id=student.pk, assignment_id=assignment.pk)
        .first()
    )
    if done:
        if current is not None:
            return current
        row = HomeworkCompletion.objects.create(
            school_id=student.school_id, student=student, assignment=assignment
        )
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=row,
            after={"assignment_id": assignment.pk, "student_id": student.pk},
        )
        return row
    if current is not None:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            instance=current,
            before={"assignment_id": assignment.pk, "student_id": student.pk},
        )
        current.delete()
    return None


@transaction.atomic
def diary_acknowledge(
    *, actor: Actor, student: Any, week_start: datetime.date
) -> DiaryAcknowledgement:
    """The parent confirms having read the student's diary for the week (`week_start`, a
    Monday). Only a parent of the student; idempotent (the first confirmation stays, audited
    once)."""
    uid = _user_id(actor)
    if week_start.weekday() != 0:
        raise ValidationError(_("A week starts on a Monday."), code="week")
    guardian = Person.objects.filter(user_id=uid).first() if uid is not None else None
    if (
        guardian is None
        or not Guardianship.objects.filter(
            school_id=student.school_id, student_id=student.pk, guardian=guardian
        ).exists()
    ):
        raise ValidationError(
            _("Only a parent of the student can confirm reading the diary."), code="not_parent"
        )
    row, created = DiaryAcknowledgement.objects.get_or_create(
        school_id=student.school_id,
        student=student,
        week_start=week_start,
        guardian=guardian,
    )
    if created:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=row,
            after={
                "student_id": student.pk,
                "week_start": week_start.isoformat(),
                "guardian_id": guardian.pk,
            },
        )
    return row


def diary_access_denied(*, actor: Actor, school: Any, student_id: int | str) -> None:
    """Record a refused request for a student's diary (who asked, for whom, from where). The
    event's action is `view`, its object type `diary.access_denied`."""
    audit_record(
        actor=actor,
        action=AuditEvent.Action.VIEW,
        school_id=school.pk,
        object_type=DENIED_TYPE,
        object_id=str(student_id),
        object_repr=_("Diary refused"),
        after={"student_id": str(student_id), "denied": True},
    )
