"""Writes of curricula, their lines and the teaching load: every write is validated, audited
and done in one transaction (through the records service)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parta.core.context import Actor
from parta.core.services.records import record_create, record_delete, record_update
from parta.curriculum.models import Curriculum, CurriculumItem, TeachingAssignment
from parta.organizations.models import AcademicYear
from parta.people.models import SchoolClass


def curriculum_create(*, actor: Actor, instance: Curriculum) -> Curriculum:
    return record_create(actor=actor, instance=instance)


def curriculum_update(*, actor: Actor, instance: Curriculum, data: dict[str, Any]) -> Curriculum:
    return record_update(actor=actor, instance=instance, data=data)


@transaction.atomic
def curriculum_delete(*, actor: Actor, instance: Curriculum) -> None:
    """Delete a curriculum with its lines (each line audited too)."""
    for item in list(instance.items.all()):
        record_delete(actor=actor, instance=item)
    record_delete(actor=actor, instance=instance)


def item_create(*, actor: Actor, instance: CurriculumItem) -> CurriculumItem:
    if instance.curriculum_id and not instance.school_id:
        instance.school_id = instance.curriculum.school_id
    return record_create(actor=actor, instance=instance)


def item_update(*, actor: Actor, instance: CurriculumItem, data: dict[str, Any]) -> CurriculumItem:
    return record_update(actor=actor, instance=instance, data=data)


def item_delete(*, actor: Actor, instance: CurriculumItem) -> None:
    record_delete(actor=actor, instance=instance)


def assignment_create(*, actor: Actor, instance: TeachingAssignment) -> TeachingAssignment:
    return record_create(actor=actor, instance=instance)


def assignment_update(
    *, actor: Actor, instance: TeachingAssignment, data: dict[str, Any]
) -> TeachingAssignment:
    return record_update(actor=actor, instance=instance, data=data)


def assignment_delete(*, actor: Actor, instance: TeachingAssignment) -> None:
    record_delete(actor=actor, instance=instance)


@dataclass
class CopyReport:
    created: list[Curriculum] = field(default_factory=list)
    items: int = 0
    #: (name of the source plan, why it was not copied)
    skipped: list[tuple[str, str]] = field(default_factory=list)


@transaction.atomic
def curriculum_copy_to_year(
    *, actor: Actor, source_year: AcademicYear, target_year: AcademicYear
) -> CopyReport:
    """Copy every curriculum of `source_year` with its lines into `target_year`: all of it or
    nothing. A grade plan is skipped when the target year has one for the grade already; an
    individual class plan goes to the class with the same grade and letter in the target year,
    and is skipped when there is no such class or it has a plan already."""
    if source_year.school_id != target_year.school_id:
        raise ValidationError(_("Both academic years must belong to the same organization."))
    if source_year.pk == target_year.pk:
        raise ValidationError(_("Choose a different target year."))
    report = CopyReport()
    existing = Curriculum.objects.filter(academic_year=target_year)
    taken_grades = set(existing.filter(grade__isnull=False).values_list("grade", flat=True))
    taken_classes = set(
        existing.filter(school_class__isnull=False).values_list("school_class_id", flat=True)
    )
    target_classes = {
        (c.grade, c.letter): c for c in SchoolClass.objects.filter(academic_year=target_year)
    }
    sources = (
        Curriculum.objects.filter(academic_year=source_year)
        .select_related("school_class")
        .prefetch_related("items")
        .order_by("grade", "school_class__grade", "school_class__letter", "pk")
    )
    for source in sources:
        target_class = None
        if source.grade:
            if source.grade in taken_grades:
                report.skipped.append(
                    (source.name, _("the target year has a plan for this grade already"))
                )
                continue
        else:
            old = source.school_class
            assert old is not None
            target_class = target_classes.get((old.grade, old.letter))
            if target_class is None:
                report.skipped.append(
                    (
                        source.name,
                        _("the target year has no class %(name)s") % {"name": old.name},
                    )
                )
                continue
            if target_class.pk in taken_classes:
                report.skipped.append(
                    (
                        source.name,
                        _("class %(name)s has an individual plan already")
                        % {"name": target_class.name},
                    )
                )
                continue
        copy = curriculum_create(
            actor=actor,
            instance=Curriculum(
                school_id=target_year.school_id,
                academic_year=target_year,
                name=source.name,
                grade=source.grade,
                school_class=target_class,
            ),
        )
        report.created.append(copy)
        for item in source.items.all():
            item_create(
                actor=actor,
                instance=CurriculumItem(
                    school_id=copy.school_id,
                    curriculum=copy,
                    subject_id=item.subject_id,
                    hours_per_week=item.hours_per_week,
                    part=item.part,
                    attestation_form=item.attestation_form,
                ),
            )
            report.items += 1
    return report
