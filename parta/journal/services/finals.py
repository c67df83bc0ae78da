"""Setting final marks: a study period's, the year's, the exam's and the final one.

Who: the subject's teacher of the student's class or group (teaches a lesson of it in the
year), the class teacher of the student's class when the school allows it, the director and the
deputy director. A period mark of a closed study period changes only by the administration.
Versions as with marks: a save based on an older version raises `StaleEdit`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from parta.accounts.access import access_for
from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record, snapshot
from parta.journal.calculations import is_valid, normalize, parts
from parta.journal.choices import FinalMarkKind
from parta.journal.models import FinalMark, PeriodClosure
from parta.journal.rules import is_journal_admin
from parta.journal.services.context import clean_comment
from parta.journal.services.errors import StaleEdit
from parta.journal.services.settings import journal_settings_for, scale_for
from parta.people.models import Enrollment, SchoolClass, StudyGroupMembership
from parta.timetable.models import Lesson

FINAL_FIELDS = ("value", "comment", "version")


def _check_place(
    *, student: Any, subject: Any, kind: str, study_period: Any, academic_year: Any
) -> None:
    if kind not in FinalMarkKind.values:
        raise ValidationError(_("Unknown kind of final mark «%(kind)s».") % {"kind": kind})
    if academic_year.school_id != student.school_id:
        raise ValidationError(
            _("%(student)s belongs to another school than the year %(year)s.")
            % {"student": student, "year": academic_year},
            code="school",
        )
    if subject.school_id not in (None, student.school_id):
        raise ValidationError(
            _("The subject %(subject)s belongs to another school.") % {"subject": subject},
            code="school",
        )
    if (kind == FinalMarkKind.PERIOD) != (study_period is not None):
        raise ValidationError(
            _("A period mark needs its study period; the year, exam and final marks none."),
            code="period",
        )
    if study_period is not None and (
        study_period.school_id != student.school_id
        or study_period.period_set.academic_year_id != academic_year.pk
    ):
        raise ValidationError(
            _("The study period %(period)s is not a period of the year %(year)s.")
            % {"period": study_period, "year": academic_year},
            code="period",
        )


def _student_audiences(student: Any, academic_year: Any) -> Q:
    """Lessons of the student's classes and groups in the year."""
    classes = Enrollment.objects.filter(
        student_id=student.pk, school_class__academic_year_id=academic_year.pk
    ).values("school_class_id")
    groups = StudyGroupMembership.objects.filter(
        student_id=student.pk, group__academic_year_id=academic_year.pk
    ).values("group_id")
    return Q(school_class_id__in=classes) | Q(study_group_id__in=groups)


def may_set_final_mark(*, actor: Actor, student: Any, subject: Any, academic_year: Any) -> bool:
    """The write rule of final marks (at most two queries)."""
    access = access_for(actor.user)
    school_id = student.school_id
    if is_journal_admin(access, school_id):
        return True
    if access.user_id is None or not access.can_read_school(school_id):
        return False
    teaches = (
        Lesson.objects.filter(
            school_id=school_id, academic_year_id=academic_year.pk, subject_id=subject.pk
        )
        .filter(_student_audiences(student, academic_year))
        .filter(teacher__person__user_id=access.user_id)
        .exists()
    )
    if teaches:
        return True
    if not journal_settings_for(student.school).class_teacher_final_marks:
        return False
    return SchoolClass.objects.filter(
        academic_year_id=academic_year.pk,
        class_teacher__person__user_id=access.user_id,
        enrollments__student_id=student.pk,
    ).exists()


def _clean_final_value(school: Any, value: str) -> str:
    cleaned = normalize(value or "")
    scale = scale_for(school)
    if not cleaned or len(parts(cleaned)) != 1 or not is_valid(cleaned, scale):
        raise ValidationError(
            _("«%(value)s» is not a final mark of the school's scale (%(values)s).")
            % {"value": (value or "").strip(), "values": ", ".join(scale)},
            code="scale",
        )
    return cleaned


def _require_version(current: FinalMark | None, expected: int | None, student: Any) -> None:
    seen = current.version if current is not None else None
    if seen == expected:
        return
    if current is None:
        message = _(
            "The final mark of %(student)s has just been removed by someone else. Look and "
            "save again."
        ) % {"student": student}
    else:
        message = _(
            "The final mark of %(student)s has just been changed by someone else: it is now "
            "«%(value)s». Look and save again."
        ) % {"student": student, "value": current.value}
    raise StaleEdit(message, current=current)


def _require_may_change(
    *, actor: Actor, student: Any, subject: Any, study_period: Any, academic_year: Any
) -> None:
    """The actor may set or remove this final mark: the write rule, and a closed study
    period's marks only by the administration."""
    if not may_set_final_mark(
        actor=actor, student=student, subject=subject, academic_year=academic_year
    ):
        raise ValidationError(
            _(
                "You may not set the final marks of %(student)s in %(subject)s: only the "
                "subject's teacher, the class teacher (when the school allows it) and the "
                "administration may."
            )
            % {"student": student, "subject": subject},
            code="forbidden",
        )
    if (
        study_period is not None
        and not is_journal_admin(access_for(actor.user), student.school_id)
        and PeriodClosure.objects.filter(study_period_id=study_period.pk).exists()
    ):
        raise ValidationError(
            _(
                "The study period %(period)s is closed: only the school administration may "
                "change its marks."
            )
            % {"period": study_period},
            code="closed",
        )


@transaction.atomic
def final_mark_set(
    *,
    actor: Actor,
    student: Any,
    subject: Any,
    kind: str,
    study_period: Any = None,
    academic_year: Any,
    value: str,
    comment: str = "",
    expected_version: int | None,
) -> FinalMark:
    """Set (create or change) a student's final mark; `expected_version` is the version the
    editor saw (None: there was none)."""
    _check_place(
        student=student,
        subject=subject,
        kind=kind,
        study_period=study_period,
        academic_year=academic_year,
    )
    _require_may_change(
        actor=actor,
        student=student,
        subject=subject,
        study_period=study_period,
        academic_year=academic_year,
    )
    cleaned = _clean_final_value(student.school, value)
    comment = clean_comment(comment)
    place: dict[str, Any] = {
        "school_id": student.school_id,
        "student_id": student.pk,
        "subject_id": subject.pk,
        "kind": kind,
    }
    if kind == FinalMarkKind.PERIOD:
        place["study_period_id"] = study_period.pk
    else:
        place["academic_year_id"] = academic_year.pk
    current = FinalMark.objects.select_for_update().filter(**place).first()
    _require_version(current, expected_version, student)
    if current is None:
        mark = FinalMark(
            **place,
            **({} if "academic_year_id" in place else {"academic_year_id": academic_year.pk}),
            study_period=study_period,
            value=cleaned,
            comment=comment,
        )
        mark.save()
        audit_record(
            actor=actor, action=AuditEvent.Action.CREATE, instance=mark, after=snapshot(mark)
        )
        return mark
    new = {"value": cleaned, "comment": comment}
    old = {key: getattr(current, key) for key in new}
    if old == new:
        return current
    current.value, current.comment = cleaned, comment
    current.version += 1
    current.save(update_fields=["value", "comment", "version", "updated_at"])
    changed = [key for key in new if old[key] != new[key]]
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=current,
        before={**{key: old[key] for key in changed}, "version": current.version - 1},
        after={**{key: new[key] for key in changed}, "version": current.version},
    )
    return current


@transaction.atomic
def final_mark_delete(*, actor: Actor, final_mark: FinalMark, expected_version: int) -> None:
    """Remove a final mark set by mistake (the same rule as setting it; a closed period's only
    by the administration); `expected_version` is the version the editor saw."""
    student = final_mark.student
    _require_may_change(
        actor=actor,
        student=student,
        subject=final_mark.subject,
        study_period=final_mark.study_period,
        academic_year=final_mark.academic_year,
    )
    current = FinalMark.objects.select_for_update().filter(pk=final_mark.pk).first()
    _require_version(current, expected_version, student)
    assert current is not None  # a matching version means the mark is there
    before = snapshot(current)
    current.delete()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        instance=current,
        object_id=before["id"],
        before=before,
    )
