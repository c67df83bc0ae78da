"""Absence documents (справка, освобождение, заявление): entering one recodes the student's
unexcused absences («н») it covers — to «б» for illness, to «у» otherwise; only within its dates,
only the subject's lessons when a subject is set; a late «о» is never touched. Each recoded
attendance mark remembers the document, gets a new version and its own audit event (before →
after). Shrinking or deleting a document restores the marks it recoded (and no longer covers)
to «н»."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from parta.accounts.access import access_for
from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record, snapshot
from parta.journal.choices import AbsenceReason, AttendanceCode
from parta.journal.models import AbsenceDocument, AttendanceMark
from parta.journal.rules import is_journal_admin
from parta.organizations.models import AcademicYear, Organization
from parta.people.models import Enrollment, Student

DOCUMENT_FIELDS = ("start_date", "end_date", "reason", "subject", "number", "note")


def code_for_reason(reason: str) -> str:
    """The code a covered unexcused absence takes: «б» for a sick note, «у» for the rest."""
    return str(AttendanceCode.ILL if reason == AbsenceReason.ILLNESS else AttendanceCode.EXCUSED)


def _fmt(day: datetime.date) -> str:
    return date_format(day, "d.m.Y")


def is_class_teacher_of(
    user: Any, student_id: int, start: datetime.date, end: datetime.date
) -> bool:
    """Is the user the class teacher of a class the student was in during [start, end]?"""
    user_id = access_for(user).user_id
    if user_id is None:
        return False
    return (
        Enrollment.objects.filter(
            student_id=student_id,
            school_class__class_teacher__person__user_id=user_id,
            start_date__lte=end,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .exists()
    )


def may_write_document(
    user: Any, school_id: int, student_id: int, start: datetime.date, end: datetime.date
) -> bool:
    """The school's administration, or the class teacher of the student on those dates."""
    access = access_for(user)
    if is_journal_admin(access, school_id):
        return True
    return access.can_read_school(school_id) and is_class_teacher_of(user, student_id, start, end)


def _validate(*, school: Organization, student: Student, values: dict[str, Any]) -> None:
    start, end = values["start_date"], values["end_date"]
    if student.school_id != school.pk:
        raise ValidationError(
            {"student": _("The student does not belong to this school.")}, code="school"
        )
    if start > end:
        raise ValidationError(
            {"end_date": _("The end cannot be earlier than the start.")}, code="dates"
        )
    year_exists = AcademicYear.objects.filter(
        school_id=school.pk, start_date__lte=start, end_date__gte=end
    ).exists()
    if not year_exists:
        raise ValidationError(
            {
                "end_date": _(
                    "The document (%(start)s–%(end)s) must lie inside one academic year of "
                    "the school."
                )
                % {"start": _fmt(start), "end": _fmt(end)}
            },
            code="year",
        )
    reason = values["reason"]
    if reason not in AbsenceReason.values:
        raise ValidationError({"reason": _("Choose a reason.")}, code="reason")
    subject = values.get("subject")
    if subject is not None and getattr(subject, "school_id", None) not in (
        None,
        school.pk,
    ):
        raise ValidationError(
            {"subject": _("The subject belongs to another organization.")}, code="school"
        )


def _require_writer(
    actor: Actor, school: Organization, student: Student, start: datetime.date, end: datetime.date
) -> None:
    if not may_write_document(actor.user, school.pk, student.pk, start, end):
        raise ValidationError(
            _(
                "Only the class teacher of %(student)s or the school administration may enter "
                "absence documents."
            )
            % {"student": student},
            code="forbidden",
        )


def _covered(document: AbsenceDocument) -> Q:
    """The attendance marks of the document's student within its dates (and subject)."""
    condition = Q(
        school_id=document.school_id,
        student_id=document.student_id,
        lesson__date__gte=document.start_date,
        lesson__date__lte=document.end_date,
    )
    if document.subject_id is not None:
        condition &= Q(lesson__subject_id=document.subject_id)
    return condition


def _rewrite(actor: Actor, marks: list[AttendanceMark], code: str, document_id: int | None) -> int:
    """Give each mark `code` and `document_id`, bump its version and audit it."""
    if not marks:
        return 0
    now = timezone.now()
    befores = []
    for mark in marks:
        befores.append(
            {
                "lesson_id": mark.lesson_id,
                "student_id": mark.student_id,
                "code": mark.code,
                "document_id": mark.document_id,
                "version": mark.version,
            }
        )
        mark.code = code
        mark.document_id = document_id
        mark.version += 1
        mark.updated_at = now
    AttendanceMark.objects.bulk_update(marks, ["code", "document", "version", "updated_at"])
    for mark, before in zip(marks, befores, strict=True):
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=mark,
            before=before,
            after={
                "lesson_id": mark.lesson_id,
                "student_id": mark.student_id,
                "code": mark.code,
                "document_id": mark.document_id,
                "version": mark.version,
            },
        )
    return len(marks)


def _restore(actor: Actor, document: AbsenceDocument, keep: Q | None) -> int:
    """Back to «н»: the marks this document recoded (still «у»/«б») that `keep` no longer
    covers (all of them when `keep` is None)."""
    qs = AttendanceMark.objects.select_for_update().filter(
        document_id=document.pk, code__in=[AttendanceCode.EXCUSED, AttendanceCode.ILL]
    )
    if keep is not None:
        qs = qs.exclude(keep)
    return _rewrite(actor, list(qs.order_by("pk")), str(AttendanceCode.ABSENT), None)


def _apply(actor: Actor, document: AbsenceDocument) -> int:
    """Recode the covered «н» (and the document's own marks when the reason changed)."""
    code = code_for_reason(document.reason)
    qs = (
        AttendanceMark.objects.select_for_update()
        .filter(_covered(document))
        .filter(
            Q(code=AttendanceCode.ABSENT, document__isnull=True)
            | Q(
                document_id=document.pk,
                code__in=[AttendanceCode.EXCUSED, AttendanceCode.ILL],
            )
        )
        .exclude(code=code, document_id=document.pk)
    )
    return _rewrite(actor, list(qs.order_by("pk")), code, document.pk)


def _values(document: AbsenceDocument | None, changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - set(DOCUMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    values: dict[str, Any] = {"subject": None, "number": "", "note": ""}
    if document is not None:
        values.update({name: getattr(document, name) for name in DOCUMENT_FIELDS})
    values.update(changes)
    for name in ("number", "note"):
        values[name] = (values[name] or "").strip()
    return values


@transaction.atomic
def absence_document_create(
    *,
    actor: Actor,
    school: Organization,
    student: Student,
    start_date: datetime.date,
    end_date: datetime.date,
    reason: str,
    subject: Any = None,
    number: str = "",
    note: str = "",
) -> AbsenceDocument:
    """Enter a document and recode the absences it covers."""
    values = _values(
        None,
        {
            "start_date": start_date,
            "end_date": end_date,
            "reason": reason,
            "subject": subject,
            "number": number,
            "note": note,
        },
    )
    _validate(school=school, student=student, values=values)
    _require_writer(actor, school, student, start_date, end_date)
    document = AbsenceDocument(school=school, student=student, **values)
    document.save()
    audit_record(
        actor=actor, action=AuditEvent.Action.CREATE, instance=document, after=snapshot(document)
    )
    _apply(actor, document)
    return document


@transaction.atomic
def absence_document_update(
    *, actor: Actor, school: Organization, document: AbsenceDocument, **changes: Any
) -> AbsenceDocument:
    """Change a document: marks it no longer covers go back to «н», newly covered «н» are
    recoded, and a changed reason recodes its marks again."""
    document = AbsenceDocument.objects.select_for_update().get(pk=document.pk, school=school)
    student = document.student
    old_start, old_end = document.start_date, document.end_date
    values = _values(document, changes)
    _validate(school=school, student=student, values=values)
    _require_writer(actor, school, student, old_start, old_end)
    _require_writer(actor, school, student, values["start_date"], values["end_date"])
    before = snapshot(document)
    for name, value in values.items():
        setattr(document, name, value)
    after = snapshot(document)
    if before == after:
        return document
    document.save(update_fields=list(DOCUMENT_FIELDS))
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=document,
        before=before,
        after=after,
    )
    _restore(actor, document, keep=_covered(document))
    _apply(actor, document)
    return document


@transaction.atomic
def absence_document_delete(
    *, actor: Actor, school: Organization, document: AbsenceDocument
) -> None:
    """Delete a document and restore the absences it recoded to «н»."""
    document = AbsenceDocument.objects.select_for_update().get(pk=document.pk, school=school)
    student = document.student
    _require_writer(actor, school, student, document.start_date, document.end_date)
    _restore(actor, document, keep=None)
    before = snapshot(document)
    AbsenceDocument.objects.filter(pk=document.pk).delete()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        instance=document,
        object_id=before["id"],
        before=before,
    )
