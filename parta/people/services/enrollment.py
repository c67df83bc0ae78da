"""Enrollment history: open, close, move. Rows are never overwritten."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parta.core.context import Actor
from parta.core.services.records import record_create, record_update
from parta.people.models import Enrollment, SchoolClass, Student


def _lock_student(student: Student) -> Student:
    # Serialises concurrent enrollments of one student (PostgreSQL row lock; SQLite
    # transactions are IMMEDIATE and already serialised).
    return Student.objects.select_for_update().get(pk=student.pk)


@transaction.atomic
def enrollment_open(
    *,
    actor: Actor,
    student: Student,
    school_class: SchoolClass,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    reason: str = "",
) -> Enrollment:
    """Enroll `student` in `school_class` from `start_date`. Refuses an overlap with any other
    enrollment of the student (a student is never in two classes at once)."""
    _lock_student(student)
    enrollment = Enrollment(
        school_id=student.school_id,
        student=student,
        school_class=school_class,
        start_date=start_date,
        end_date=end_date,
        reason=reason,
    )
    return record_create(actor=actor, instance=enrollment)


@transaction.atomic
def enrollment_close(
    *, actor: Actor, enrollment: Enrollment, end_date: datetime.date, reason: str = ""
) -> Enrollment:
    if end_date < enrollment.start_date:
        raise ValidationError(
            {"end_date": _("The end date cannot be earlier than the enrollment date.")}
        )
    data: dict[str, object] = {"end_date": end_date}
    if reason:
        data["reason"] = reason
    return record_update(actor=actor, instance=enrollment, data=data)


def current_enrollment(student: Student, day: datetime.date) -> Enrollment | None:
    return (
        Enrollment.objects.filter(student=student)
        .active_on(day)
        .select_related("school_class")
        .first()
    )


@transaction.atomic
def enrollment_move(
    *,
    actor: Actor,
    student: Student,
    to_class: SchoolClass,
    on_date: datetime.date,
    reason: str = "",
) -> Enrollment:
    """Move a student to another class from `on_date`: the current row ends the day before,
    a new row opens on `on_date`."""
    _lock_student(student)
    current = current_enrollment(student, on_date)
    if current is not None:
        if current.school_class_id == to_class.pk:
            raise ValidationError(
                _("The student is already in class %(name)s.") % {"name": to_class.name}
            )
        if current.start_date >= on_date:
            raise ValidationError(
                {
                    "start_date": _(
                        "The transfer date must be later than the enrollment date in the current class."
                    )
                }
            )
        enrollment_close(
            actor=actor,
            enrollment=current,
            end_date=on_date - datetime.timedelta(days=1),
        )
    return enrollment_open(
        actor=actor, student=student, school_class=to_class, start_date=on_date, reason=reason
    )
