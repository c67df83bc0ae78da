"""Binding a plan's topics to its dated lessons (the only write this app makes to lessons:
`Lesson.plan_topic`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record
from parta.thematic.calculations import bind
from parta.thematic.models import PlanTopic, ThematicPlan
from parta.thematic.selectors import plan_lessons
from parta.thematic.services._access import require_edit
from parta.timetable.models import Lesson


@dataclass
class BindResult:
    lessons: int = 0
    bound: int = 0
    changed: int = 0
    #: lessons of the calendar beyond the plan (no topic)
    free_lessons: int = 0
    #: topics beyond the lessons (no lesson at all), in plan order
    unbound_topics: list[PlanTopic] = field(default_factory=list)
    #: topics that got fewer lessons than their hours
    short_topics: list[PlanTopic] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "lessons": self.lessons,
            "bound": self.bound,
            "changed": self.changed,
            "free_lessons": self.free_lessons,
            "unbound_topics": [
                {"id": t.pk, "position": t.position, "title": t.title} for t in self.unbound_topics
            ],
            "short_topics": [
                {"id": t.pk, "position": t.position, "title": t.title} for t in self.short_topics
            ],
        }


def bind_lessons(plan: ThematicPlan) -> BindResult:
    """Re-bind without auditing (the caller audits its own change in the same transaction)."""
    result = BindResult()
    if plan.is_template:
        return result
    topics = list(PlanTopic.objects.filter(plan=plan).order_by("position"))
    lessons = list(plan_lessons(plan).only("pk", "plan_topic_id"))
    binding = bind([(t.pk, t.hours) for t in topics], len(lessons))
    wanted: dict[int, Any] = {
        lesson.pk: binding.lesson_topics[index] for index, lesson in enumerate(lessons)
    }
    # any other lesson holding a topic of this plan (cancelled, or of the plan's former class
    # or subject) loses it
    stale = Lesson.objects.filter(plan_topic__plan=plan).exclude(pk__in=list(wanted))
    changed: list[Lesson] = []
    for lesson in lessons:
        target = wanted[lesson.pk]
        if lesson.plan_topic_id != target:
            lesson.plan_topic_id = target
            changed.append(lesson)
    for lesson in stale.only("pk", "plan_topic_id"):
        lesson.plan_topic_id = None
        changed.append(lesson)
    if changed:
        Lesson.objects.bulk_update(changed, ["plan_topic"], batch_size=500)
    by_pk = {t.pk: t for t in topics}
    result.lessons = len(lessons)
    result.bound = sum(1 for value in binding.lesson_topics if value is not None)
    result.free_lessons = result.lessons - result.bound
    result.changed = len(changed)
    result.unbound_topics = [by_pk[pk] for pk in binding.unbound_topics]
    result.short_topics = [by_pk[pk] for pk in binding.short_topics]
    return result


@transaction.atomic
def plan_bind(*, actor: Actor, plan: ThematicPlan) -> BindResult:
    """Bind the plan's topics to its scheduled lessons in order (a topic of N hours takes N
    lessons); run it again after the lessons change (topic changes re-bind by themselves)."""
    require_edit(actor, plan)
    result = bind_lessons(plan)
    if result.changed:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=plan,
            after={"bound_lessons": result.bound, "changed_lessons": result.changed},
        )
    return result


@transaction.atomic
def plans_bind_for_lessons(*, actor: Actor, lessons: Iterable[Lesson]) -> int:
    """Re-bind every plan whose lessons are among `lessons` (for the code that generates,
    moves, cancels or adds lessons: call it after the change, in its transaction). Returns the
    number of plans re-bound. Plans are found by class or group, subject and year."""
    keys = {
        (
            lesson.school_id,
            lesson.academic_year_id,
            lesson.subject_id,
            lesson.school_class_id,
            lesson.study_group_id,
        )
        for lesson in lessons
    }
    if not keys:
        return 0
    condition = Q(pk__in=[])
    for school_id, year_id, subject_id, class_id, group_id in keys:
        audience = Q(study_group_id=group_id) if group_id else Q(school_class_id=class_id)
        condition |= audience & Q(
            school_id=school_id, academic_year_id=year_id, subject_id=subject_id
        )
    plans = list(ThematicPlan.objects.working().filter(condition))
    for plan in plans:
        result = bind_lessons(plan)
        if result.changed:
            audit_record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                instance=plan,
                after={"bound_lessons": result.bound, "changed_lessons": result.changed},
            )
    return len(plans)
