"""Writes of a plan's topics: add, edit, delete, reorder and replace (import, templates). Every
change keeps the numbering 1…n, re-binds the plan's lessons and is audited, in one
transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record
from parta.core.services.records import record_delete, record_update
from parta.thematic.data import TopicData
from parta.thematic.models import PlanTopic, ThematicPlan
from parta.thematic.models.plans import MAX_TOPICS
from parta.thematic.services._access import require_edit
from parta.thematic.services.binding import bind_lessons

#: moved out of the way while renumbering (above any real position)
_SHIFT = 100_000


def _lock(plan: ThematicPlan) -> None:
    ThematicPlan.objects.select_for_update().filter(pk=plan.pk).first()


def _renumber(plan: ThematicPlan, ordered: Sequence[PlanTopic]) -> None:
    """Give `ordered` the positions 1…n without ever breaking the unique (plan, position)."""
    PlanTopic.objects.filter(plan=plan).update(position=F("position") + _SHIFT)
    for index, topic in enumerate(ordered, start=1):
        topic.position = index
    PlanTopic.objects.bulk_update(list(ordered), ["position"], batch_size=500)


def _check_cap(plan: ThematicPlan, count: int) -> None:
    if count > MAX_TOPICS:
        raise ValidationError(
            _("A plan holds at most %(max)s topics; this change would make %(count)s.")
            % {"max": MAX_TOPICS, "count": count}
        )


def _build(plan: ThematicPlan, data: TopicData, position: int) -> PlanTopic:
    return PlanTopic(
        school_id=plan.school_id,
        plan=plan,
        position=position,
        section=data.section,
        title=data.title,
        hours=data.hours,
        homework=data.homework,
        materials=data.materials,
        planned_date=data.planned_date,
    )


def validate_topics(plan: ThematicPlan, rows: Sequence[TopicData], first: int = 1) -> None:
    """Every row checked before anything is written; errors name the row number."""
    errors: list[str] = []
    year = plan.academic_year
    for number, data in enumerate(rows, start=first):
        topic = _build(plan, data, number)
        try:
            topic.full_clean(
                exclude=["plan", "school", "position"],
                validate_unique=False,
                validate_constraints=False,  # the field validators say the same, per row
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                label = _field_label(field)
                errors.extend(
                    _("Topic %(number)s, %(field)s: %(message)s")
                    % {"number": number, "field": label, "message": message}
                    for message in messages
                )
        if data.planned_date and not (year.start_date <= data.planned_date <= year.end_date):
            errors.append(
                _("Topic %(number)s, date: the date lies outside the academic year.")
                % {"number": number}
            )
    if errors:
        raise ValidationError(errors)


def _field_label(name: str) -> str:
    try:
        field = PlanTopic._meta.get_field(name)
    except FieldDoesNotExist:  # a non-field error key
        return name
    return str(getattr(field, "verbose_name", name))


def _audit_plan(actor: Actor, plan: ThematicPlan, **after: Any) -> None:
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, instance=plan, after=after)


@transaction.atomic
def topic_add(
    *, actor: Actor, plan: ThematicPlan, data: TopicData, position: int | None = None
) -> PlanTopic:
    """Add a topic at `position` (1-based; the end by default), moving later topics down."""
    require_edit(actor, plan)
    _lock(plan)
    topics = list(PlanTopic.objects.filter(plan=plan).order_by("position"))
    _check_cap(plan, len(topics) + 1)
    validate_topics(plan, [data], first=len(topics) + 1)
    index = len(topics) if position is None else max(0, min(position - 1, len(topics)))
    topic = _build(plan, data, len(topics) + 1 + _SHIFT * 2)
    topic.save()
    topics.insert(index, topic)
    _renumber(plan, topics)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, instance=topic, after=data.as_json())
    bind_lessons(plan)
    return topic


@transaction.atomic
def topic_update(*, actor: Actor, topic: PlanTopic, data: dict[str, Any]) -> PlanTopic:
    """Change a topic's fields (not its position: see `topics_reorder`)."""
    plan = topic.plan
    require_edit(actor, plan)
    topic.refresh_from_db(fields=["position"])
    data = {key: value for key, value in data.items() if key != "position"}
    if data.get("planned_date"):
        year = plan.academic_year
        if not (year.start_date <= data["planned_date"] <= year.end_date):
            raise ValidationError({"planned_date": _("The date lies outside the academic year.")})
    saved = record_update(actor=actor, instance=topic, data=data)
    if "hours" in data:
        bind_lessons(plan)
    return saved


@transaction.atomic
def topic_delete(*, actor: Actor, topic: PlanTopic) -> None:
    plan = topic.plan
    require_edit(actor, plan)
    _lock(plan)
    record_delete(actor=actor, instance=topic)
    _renumber(plan, list(PlanTopic.objects.filter(plan=plan).order_by("position")))
    bind_lessons(plan)


@transaction.atomic
def topics_reorder(*, actor: Actor, plan: ThematicPlan, order: Sequence[int]) -> None:
    """Put the plan's topics in the order of `order` (topic ids, every topic exactly once)."""
    require_edit(actor, plan)
    _lock(plan)
    topics = {t.pk: t for t in PlanTopic.objects.filter(plan=plan)}
    if sorted(order) != sorted(topics) or len(set(order)) != len(order):
        raise ValidationError(_("The new order must name every topic of the plan once."))
    _renumber(plan, [topics[pk] for pk in order])
    _audit_plan(actor, plan, topic_order=list(order))
    bind_lessons(plan)


@transaction.atomic
def topic_move(*, actor: Actor, topic: PlanTopic, step: int) -> None:
    """Move a topic one place up (`step=-1`) or down (`step=1`)."""
    plan = topic.plan
    ids = list(
        PlanTopic.objects.filter(plan=plan).order_by("position").values_list("pk", flat=True)
    )
    index = ids.index(topic.pk)
    target = max(0, min(len(ids) - 1, index + step))
    ids.insert(target, ids.pop(index))
    topics_reorder(actor=actor, plan=plan, order=ids)


def write_topics(
    plan: ThematicPlan, rows: Sequence[TopicData], *, replace: bool
) -> list[PlanTopic]:
    """Replace the plan's topics with `rows`, or append them (no checks, no audit: callers
    validate and audit in their transaction)."""
    if replace:
        PlanTopic.objects.filter(plan=plan).delete()
        start = 0
    else:
        start = PlanTopic.objects.filter(plan=plan).count()
        _renumber(plan, list(PlanTopic.objects.filter(plan=plan).order_by("position")))
    return PlanTopic.objects.bulk_create(
        [_build(plan, data, start + index) for index, data in enumerate(rows, start=1)],
        batch_size=500,
    )


@transaction.atomic
def topics_replace(
    *, actor: Actor, plan: ThematicPlan, rows: Sequence[TopicData], replace: bool = True
) -> list[PlanTopic]:
    """Replace (or append to) the plan's topics with `rows`: all of them or none."""
    require_edit(actor, plan)
    _lock(plan)
    existing = PlanTopic.objects.filter(plan=plan).count()
    _check_cap(plan, len(rows) + (0 if replace else existing))
    validate_topics(plan, rows, first=1 if replace else existing + 1)
    created = write_topics(plan, rows, replace=replace)
    _audit_plan(actor, plan, topics_written=len(created), mode="replace" if replace else "append")
    bind_lessons(plan)
    return created
