"""Writes of single dated lessons: add by hand, move, cancel with a reason, restore. Each write
locks the school's lesson writes, validates everything (date, holidays, bell schedule, clashes),
writes, and audits in one transaction; a refusal writes nothing."""

from __future__ import annotations

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record, changed, snapshot
from parta.curriculum.models import Subject
from parta.organizations.models import Organization, Room
from parta.people.models import SchoolClass, StaffMember, StudyGroup
from parta.timetable.choices import LessonOrigin, LessonStatus
from parta.timetable.hooks import lessons_changed
from parta.timetable.models import Lesson, Substitution
from parta.timetable.services.placement import lock_school, validate_placement

KEEP: Literal["keep"] = "keep"


def audit_change(actor: Actor, lesson: Lesson, before: dict[str, object]) -> None:
    old, new = changed(before, snapshot(lesson))
    if old or new:
        audit_record(
            actor=actor, action=AuditEvent.Action.UPDATE, instance=lesson, before=old, after=new
        )


def _fresh(lesson: Lesson) -> Lesson:
    """The lesson as stored, locked for the rest of the transaction."""
    return Lesson.objects.select_for_update().get(pk=lesson.pk)


@transaction.atomic
def lesson_add(
    *,
    actor: Actor,
    school: Organization,
    date: datetime.date,
    slot_number: int,
    subject: Subject,
    teacher: StaffMember,
    school_class: SchoolClass | None = None,
    study_group: StudyGroup | None = None,
    room: Room | None = None,
) -> Lesson:
    """A lesson added by hand (origin «added»), for a class or a study group."""
    audience = school_class if school_class is not None else study_group
    if audience is None or (school_class is not None and study_group is not None):
        raise ValidationError(_("Choose either a class or a study group."))
    if audience.school_id != school.pk:
        raise ValidationError(_("The class or group belongs to another school."))
    if subject.school_id is not None and subject.school_id != school.pk:
        raise ValidationError(_("The subject belongs to another school."))
    lock_school(school.pk)
    lesson = Lesson(
        school=school,
        academic_year_id=audience.academic_year_id,
        date=date,
        slot_number=slot_number,
        school_class=school_class,
        study_group=study_group,
        subject=subject,
        teacher=teacher,
        room=room,
        origin=LessonOrigin.ADDED,
    )
    validate_placement(lesson)
    lesson.save()
    audit_record(
        actor=actor, action=AuditEvent.Action.CREATE, instance=lesson, after=snapshot(lesson)
    )
    lessons_changed(actor=actor, lessons=[lesson])
    return lesson


@transaction.atomic
def lesson_move(
    *,
    actor: Actor,
    lesson: Lesson,
    date: datetime.date,
    slot_number: int,
    room: Room | Literal["keep"] | None = KEEP,
) -> Lesson:
    """Move the lesson to another date and lesson number (and optionally another room; None
    frees it of a room). The date the timetable gave it (`planned_date`) stays, so regenerating
    the timetable recognises the lesson; it is marked as moved."""
    lock_school(lesson.school_id)
    stored = _fresh(lesson)
    before = snapshot(stored)
    place = (stored.date, stored.slot_number)
    room_id = stored.room_id
    stored.date = date
    stored.slot_number = slot_number
    if room != KEEP:
        stored.room = room if isinstance(room, Room) else None
    moves = (stored.date, stored.slot_number) != place
    if not moves and stored.room_id == room_id:
        raise ValidationError(_("The lesson is already there: choose another date or number."))
    if moves:
        stored.is_moved = True
    validate_placement(stored)
    stored.save(update_fields=["date", "slot_number", "room", "is_moved", "start_time", "end_time"])
    audit_change(actor, stored, before)
    lessons_changed(actor=actor, lessons=[stored])
    return stored


@transaction.atomic
def lesson_cancel(*, actor: Actor, lesson: Lesson, reason: str) -> Lesson:
    """Cancel the lesson with a reason. A cancelled lesson has no substitute: a substitution is
    removed with it (and audited)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("The reason is longer than 300 characters.")})
    lock_school(lesson.school_id)
    stored = _fresh(lesson)
    if stored.status == LessonStatus.CANCELLED:
        raise ValidationError(_("The lesson is already cancelled."))
    before = snapshot(stored)
    substitution = Substitution.objects.filter(lesson=stored).first()
    if substitution is not None:
        from parta.core.services.records import record_delete

        record_delete(actor=actor, instance=substitution)
    stored.status = LessonStatus.CANCELLED
    stored.cancel_reason = reason
    stored.save(update_fields=["status", "cancel_reason"])
    audit_change(actor, stored, before)
    lessons_changed(actor=actor, lessons=[stored])
    return stored


@transaction.atomic
def lesson_restore(*, actor: Actor, lesson: Lesson) -> Lesson:
    """Give a cancelled lesson back: its place must still be free and valid."""
    lock_school(lesson.school_id)
    stored = _fresh(lesson)
    if stored.status != LessonStatus.CANCELLED:
        raise ValidationError(_("The lesson is not cancelled."))
    before = snapshot(stored)
    stored.status = LessonStatus.SCHEDULED
    stored.cancel_reason = ""
    validate_placement(stored)
    stored.save(update_fields=["status", "cancel_reason", "start_time", "end_time"])
    audit_change(actor, stored, before)
    lessons_changed(actor=actor, lessons=[stored])
    return stored
