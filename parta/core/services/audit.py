"""Writing audit events. Every service that changes domain data calls `audit_record` inside
its transaction, so the change and its record commit or roll back together."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.outbox import event_recorded


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_json_value(item) for item in value]
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `instance` (foreign keys as ids), JSON-ready."""
    result: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password"}:
            continue
        result[field.attname] = _json_value(getattr(instance, field.attname))
    return result


def changed(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values differ, as (before, after)."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def audit_record(
    *,
    actor: Actor,
    action: str,
    instance: models.Model | None = None,
    school_id: int | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    object_repr: str | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEvent:
    if instance is not None:
        object_type = object_type or instance._meta.label_lower
        object_id = object_id if object_id is not None else instance.pk
        object_repr = object_repr or str(instance)
        if school_id is None:
            school_id = getattr(instance, "school_id", None)
    event = AuditEvent.objects.create(
        school_id=school_id,
        actor=actor.user if actor.user is not None and actor.user.is_authenticated else None,
        action=action,
        object_type=object_type or "",
        object_id="" if object_id is None else str(object_id),
        object_repr=(object_repr or "")[:300],
        before=dict(before) if before is not None else None,
        after=dict(after) if after is not None else None,
        ip_address=actor.ip_address,
    )
    event_recorded(event_id=event.pk, object_type=event.object_type)
    return event
