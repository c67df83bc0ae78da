"""Writes of plans: create, edit and delete a plan or a template; create class plans from a
template (topics copied, the template remembered) and re-apply a template to its plans."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parta.core.context import Actor
from parta.core.services.records import record_create, record_delete, record_update
from parta.curriculum.models import TeachingAssignment
from parta.people.models import SchoolClass, StaffMember
from parta.thematic.data import TopicData
from parta.thematic.models import PlanTopic, ThematicPlan
from parta.thematic.rules import can_write_plans
from parta.thematic.services._access import require_edit
from parta.thematic.services.binding import bind_lessons
from parta.thematic.services.topics import _audit_plan, _lock, write_topics


def own_staff_member(user: Any, school_id: int) -> StaffMember | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return (
        StaffMember.objects.filter(school_id=school_id, person__user_id=user.pk)
        .select_related("person")
        .first()
    )


def _fill(plan: ThematicPlan) -> None:
    """Fields that follow from others: the grade of a class or group, no audience on a
    template."""
    school_class = plan.school_class if plan.school_class_id else None
    if plan.is_template:
        plan.school_class = None
        plan.study_group = None
    elif school_class is not None:
        plan.grade = school_class.grade
    elif plan.study_group_id and plan.study_group is not None:
        group = plan.study_group
        parent = group.school_class if group.school_class_id else None
        grade = parent.grade if parent is not None else group.grade
        if grade:
            plan.grade = grade
    for name in ("school_class", "study_group"):
        target = getattr(plan, name) if getattr(plan, f"{name}_id") else None
        if target is not None and target.academic_year_id != plan.academic_year_id:
            raise ValidationError({name: _("The class or group belongs to another academic year.")})


@transaction.atomic
def plan_create(*, actor: Actor, plan: ThematicPlan) -> ThematicPlan:
    """Create a plan or a template. A teacher creates plans they teach themselves (their staff
    record becomes the plan's teacher when none is chosen) and templates of their subjects."""
    if actor.user is not None and not can_write_plans(actor.user, plan.school_id):
        raise PermissionDenied(_("You may not change this plan."))
    if not plan.teacher_id and not plan.is_template and actor.user is not None:
        own = own_staff_member(actor.user, plan.school_id)
        if own is not None:
            plan.teacher = own
    _fill(plan)
    require_edit(actor, plan)
    return record_create(actor=actor, instance=plan)


@transaction.atomic
def plan_update(*, actor: Actor, plan: ThematicPlan, data: dict[str, Any]) -> ThematicPlan:
    """Edit a plan's header. The editor must still be allowed to edit it afterwards (a teacher
    cannot hand their plan to a colleague)."""
    require_edit(actor, plan)
    fixed = {"school", "is_template"}
    for name, value in data.items():
        if name not in fixed:
            setattr(plan, name, value)
    _fill(plan)
    require_edit(actor, plan)
    saved = record_update(
        actor=actor, instance=plan, data={k: v for k, v in data.items() if k not in fixed}
    )
    bind_lessons(saved)
    return saved


@transaction.atomic
def plan_delete(*, actor: Actor, plan: ThematicPlan) -> None:
    """Delete a plan with its topics (the lessons keep their dates and lose the topic)."""
    require_edit(actor, plan)
    record_delete(actor=actor, instance=plan)


def _template_rows(template: ThematicPlan) -> list[TopicData]:
    return [
        TopicData(
            title=t.title,
            hours=t.hours,
            section=t.section,
            homework=t.homework,
            materials=t.materials,
            planned_date=None,
        )
        for t in PlanTopic.objects.filter(plan=template).order_by("position")
    ]


@dataclass
class ApplyReport:
    created: list[ThematicPlan] = field(default_factory=list)
    #: (class name, why no plan was created)
    skipped: list[tuple[str, str]] = field(default_factory=list)


@transaction.atomic
def template_apply(
    *, actor: Actor, template: ThematicPlan, classes: Sequence[SchoolClass]
) -> ApplyReport:
    """Create the plan of each class from the template (its topics copied, the template kept
    as the plan's `template`). A class with a plan of the subject already is skipped. The
    teacher of a new plan is the class's teacher of the subject in the teaching load, else the
    template's teacher. All plans are created or none."""
    if not template.is_template:
        raise ValidationError(_("This plan is not a template."))
    require_edit(actor, template)
    report = ApplyReport()
    rows = _template_rows(template)
    taken = set(
        ThematicPlan.objects.filter(
            school_id=template.school_id,
            subject_id=template.subject_id,
            school_class__in=list(classes),
        ).values_list("school_class_id", flat=True)
    )
    load = dict(
        TeachingAssignment.objects.filter(
            school_id=template.school_id,
            academic_year_id=template.academic_year_id,
            subject_id=template.subject_id,
            school_class__in=list(classes),
        ).values_list("school_class_id", "teacher_id")
    )
    errors: list[str] = []
    for school_class in classes:
        if school_class.school_id != template.school_id:
            raise ValidationError(_("The selected object belongs to another organization."))
        if school_class.grade != template.grade:
            errors.append(
                _("Class %(name)s: the template is for grade %(grade)s.")
                % {"name": school_class.name, "grade": template.grade}
            )
            continue
        if school_class.academic_year_id != template.academic_year_id:
            errors.append(
                _("Class %(name)s: the class belongs to another academic year.")
                % {"name": school_class.name}
            )
            continue
        if school_class.pk in taken:
            report.skipped.append(
                (school_class.name, _("the class already has a plan for this subject"))
            )
            continue
        plan = ThematicPlan(
            school_id=template.school_id,
            academic_year_id=template.academic_year_id,
            subject_id=template.subject_id,
            grade=template.grade,
            school_class=school_class,
            template=template,
            teacher_id=load.get(school_class.pk, template.teacher_id),
        )
        if actor.user is not None and not _may_edit(actor, plan):
            errors.append(
                _("Class %(name)s: you may not create its plan (another teacher teaches it).")
                % {"name": school_class.name}
            )
            continue
        created = record_create(actor=actor, instance=plan)
        write_topics(created, rows, replace=True)
        bind_lessons(created)
        report.created.append(created)
    if errors:
        raise ValidationError(errors)
    return report


def _may_edit(actor: Actor, plan: ThematicPlan) -> bool:
    try:
        require_edit(actor, plan)
    except PermissionDenied:
        return False
    return True


@transaction.atomic
def template_reapply(*, actor: Actor, plan: ThematicPlan) -> int:
    """Replace the plan's topics with its template's current topics; returns their number."""
    if plan.template_id is None or plan.template is None:
        raise ValidationError(_("The plan does not follow a template."))
    require_edit(actor, plan)
    _lock(plan)
    rows = _template_rows(plan.template)
    created = write_topics(plan, rows, replace=True)
    _audit_plan(actor, plan, reapplied_template=plan.template_id, topics_written=len(created))
    bind_lessons(plan)
    return len(created)
