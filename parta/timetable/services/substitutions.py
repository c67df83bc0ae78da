"""Substitutions (замены): another teacher gives one lesson. Set, replace or remove; the
substitute must be free at that time; audited in the transaction that writes it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parta.core.context import Actor
from parta.core.services.records import record_create, record_delete, record_update
from parta.people.models import StaffMember
from parta.timetable.choices import LessonStatus, SubstitutionReason
from parta.timetable.models import Lesson, Substitution
from parta.timetable.services.placement import check_substitute_free, lock_school


@transaction.atomic
def substitution_set(
    *,
    actor: Actor,
    lesson: Lesson,
    teacher: StaffMember,
    reason: str,
    note: str = "",
) -> Substitution:
    """Name `teacher` as the substitute of `lesson` (replacing any earlier substitute)."""
    lock_school(lesson.school_id)
    stored = Lesson.objects.select_for_update().get(pk=lesson.pk)
    if stored.status == LessonStatus.CANCELLED:
        raise ValidationError(_("A cancelled lesson has no substitute: restore it first."))
    if reason not in SubstitutionReason.values:
        raise ValidationError({"reason": _("Choose the reason of the substitution.")})
    if teacher.school_id != stored.school_id:
        raise ValidationError({"teacher": _("The teacher works in another school.")})
    if teacher.pk == stored.teacher_id:
        raise ValidationError({"teacher": _("The substitute must be another teacher.")})
    if teacher.dismissal_date is not None and teacher.dismissal_date < stored.date:
        raise ValidationError(
            {"teacher": _("%(name)s no longer works at the school.") % {"name": teacher}}
        )
    check_substitute_free(stored, teacher.pk)
    note = (note or "").strip()
    current = Substitution.objects.filter(lesson=stored).first()
    if current is None:
        return record_create(
            actor=actor,
            instance=Substitution(
                school_id=stored.school_id, lesson=stored, teacher=teacher, reason=reason, note=note
            ),
        )
    return record_update(
        actor=actor, instance=current, data={"teacher": teacher, "reason": reason, "note": note}
    )


@transaction.atomic
def substitution_remove(*, actor: Actor, lesson: Lesson) -> None:
    """The lesson's own teacher gives it again."""
    current = Substitution.objects.filter(lesson_id=lesson.pk).first()
    if current is None:
        raise ValidationError(_("The lesson has no substitute."))
    record_delete(actor=actor, instance=current)
