"""Deleting structure records (buildings, rooms, period and holiday sets) only when nothing
uses them.

A reference that would be cut silently (`SET_NULL`, as a class's home room) counts as a use just
like a protected one, so the user is told what holds the record instead of losing data.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record, snapshot
from parta.core.services.records import record_delete

#: How many referencing records a refusal names before it says "and N more".
_NAMED = 5


def blocking_references(instance: models.Model, *, limit: int = _NAMED) -> list[models.Model]:
    """Records that point at `instance` and would not simply go with it: every reverse
    foreign key except the `CASCADE` ones (those rows belong to the record, like the periods of
    a set). One query per relation; relations hidden with ``related_name="+"`` included."""
    found: list[models.Model] = []
    for relation in instance._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue
        if not (relation.one_to_many or relation.one_to_one):
            continue
        if not isinstance(relation, models.ForeignObjectRel):
            continue
        field = relation.field
        if field.remote_field.on_delete is models.CASCADE:
            continue
        related_model: Any = relation.related_model
        rows = related_model._base_manager.filter(**{field.name: instance})[: limit - len(found)]
        found.extend(rows)
        if len(found) >= limit:
            break
    return found


def describe(obj: models.Model) -> str:
    """“class 5А”, “room 101”: what a record is, for a message."""
    return f"{obj._meta.verbose_name} {obj}"


def in_use_error(instance: models.Model, users: Iterable[Any]) -> ValidationError:
    named = ", ".join(describe(user) for user in list(users)[:_NAMED])
    return ValidationError(
        _("“%(obj)s” cannot be deleted because it is in use: %(uses)s.")
        % {"obj": instance, "uses": named},
        code="in_use",
    )


def delete_unused(
    *, actor: Actor, instance: models.Model, children: Iterable[models.Model] = ()
) -> None:
    """Delete `instance` (and audit each of its `children`, which the database deletes with it
    by cascade) in one transaction, or refuse with a `ValidationError` naming what uses it."""
    users = blocking_references(instance)
    if users:
        raise in_use_error(instance, users)
    try:
        with transaction.atomic():
            for child in children:
                audit_record(
                    actor=actor,
                    action=AuditEvent.Action.DELETE,
                    instance=child,
                    before=snapshot(child),
                )
            record_delete(actor=actor, instance=instance)
    except (ProtectedError, RestrictedError) as exc:
        objects = (
            exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        )
        raise in_use_error(instance, list(objects)[:_NAMED]) from exc
