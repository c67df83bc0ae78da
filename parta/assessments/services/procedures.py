"""Writes of the assessment schedule: create, change and delete a procedure (validated,
audited, in one transaction). The federal recommendations never block a save; they are listed
by `selectors.violations`. Impossible data (a date outside the year, another school's class,
a lesson of another class) is refused with a message naming the field."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parta.assessments.models import AssessmentProcedure
from parta.assessments.selectors import lesson_candidates
from parta.core.context import Actor
from parta.core.services.records import record_create, record_delete, record_update
from parta.people.models import SchoolClass

#: Changing one of these moves the procedure to another audience, subject or day: the bound
#: lesson no longer fits and is found again.
_LESSON_KEYS = {"school_class", "study_group", "subject", "date"}


def _bind_lesson(procedure: AssessmentProcedure) -> None:
    """Bind the lesson when the audience has exactly one lesson of the subject that day."""
    if procedure.lesson_id or not (
        procedure.school_class_id and procedure.subject_id and procedure.date
    ):
        return
    found = list(
        lesson_candidates(
            school=procedure.school_id,
            school_class_id=procedure.school_class_id,
            study_group_id=procedure.study_group_id,
            subject_id=procedure.subject_id,
            date=procedure.date,
        )[:2]
    )
    if len(found) == 1:
        procedure.lesson = found[0]


def _year_from_class(procedure: AssessmentProcedure) -> None:
    if procedure.school_class_id and not procedure.academic_year_id:
        procedure.academic_year_id = procedure.school_class.academic_year_id


@transaction.atomic
def procedure_create(*, actor: Actor, instance: AssessmentProcedure) -> AssessmentProcedure:
    """`instance` carries its school; the academic year follows the class."""
    _year_from_class(instance)
    _bind_lesson(instance)
    return record_create(actor=actor, instance=instance)


@transaction.atomic
def procedure_update(
    *, actor: Actor, instance: AssessmentProcedure, data: dict[str, Any]
) -> AssessmentProcedure:
    """Apply `data` (field → value). When the class, group, subject or date change and no
    lesson is given, the lesson is found again."""
    data = dict(data)
    if _LESSON_KEYS & set(data) and "lesson" not in data:
        data["lesson"] = None
    if "school_class" in data and data["school_class"] is not None:
        data["academic_year"] = data["school_class"].academic_year
    for name, value in data.items():
        setattr(instance, name, value)
    _bind_lesson(instance)
    data["lesson"] = instance.lesson
    return record_update(actor=actor, instance=instance, data=data)


@transaction.atomic
def procedure_delete(*, actor: Actor, instance: AssessmentProcedure) -> None:
    record_delete(actor=actor, instance=instance)


@transaction.atomic
def procedures_plan_for_grade(
    *,
    actor: Actor,
    school: Any,
    academic_year: Any,
    grade: int,
    subject: Any,
    date: Any,
    level: str,
    form: str,
    title: str = "",
    note: str = "",
) -> list[AssessmentProcedure]:
    """One procedure for every class of a grade (a ВПР or a parallel контрольная), all or
    nothing: every class is validated first, and any refusal names the class."""
    classes = list(
        SchoolClass.objects.filter(school=school, academic_year=academic_year, grade=grade)
        .select_related("academic_year")
        .order_by("letter")
    )
    if not classes:
        raise ValidationError(
            {"grade": _("The academic year has no classes of grade %(grade)s.") % {"grade": grade}}
        )
    planned = []
    errors: list[str] = []
    for school_class in classes:
        procedure = AssessmentProcedure(
            school=school,
            academic_year=academic_year,
            school_class=school_class,
            subject=subject,
            date=date,
            level=level,
            form=form,
            title=title,
            note=note,
        )
        _bind_lesson(procedure)
        try:
            procedure.full_clean()
        except ValidationError as exc:
            errors.extend(f"{school_class.name}: {message}" for message in exc.messages)
        planned.append(procedure)
    if errors:
        raise ValidationError(errors)
    return [record_create(actor=actor, instance=procedure) for procedure in planned]
