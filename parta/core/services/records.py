"""Create, update and delete of plain records: validate everything first (model `clean()`,
constraints), then write and audit in one transaction. Domain services build on these."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from django.db import models, transaction

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record, changed, snapshot

M = TypeVar("M", bound=models.Model)


@transaction.atomic
def record_create(
    *,
    actor: Actor,
    instance: M,
    m2m: Mapping[str, Iterable[object]] | None = None,
    audit_school_id: int | None = None,
) -> M:
    """`audit_school_id` names the organization of the audit event when the record carries no
    `school` of its own (an organization of the tree audits under itself)."""
    instance.full_clean()
    instance.save()
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(values)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=instance,
        school_id=audit_school_id,
        after=snapshot(instance),
    )
    return instance


@transaction.atomic
def record_update(
    *,
    actor: Actor,
    instance: M,
    data: dict[str, object],
    m2m: Mapping[str, Iterable[object]] | None = None,
    audit_school_id: int | None = None,
) -> M:
    """Apply `data` (field name → value) to `instance`, validate, save, audit the difference."""
    model = type(instance)
    fresh = model._default_manager.select_for_update().get(pk=instance.pk)
    before = snapshot(fresh)
    for name, value in data.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(values)
    old, new = changed(before, snapshot(instance))
    if old or new or m2m:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=instance,
            school_id=audit_school_id,
            before=old,
            after=new,
        )
    return instance


@transaction.atomic
def record_delete(*, actor: Actor, instance: models.Model) -> None:
    before = snapshot(instance)
    school_id = getattr(instance, "school_id", None)
    object_type, object_id, object_repr = instance._meta.label_lower, instance.pk, str(instance)
    instance.delete()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        school_id=school_id,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        before=before,
    )
