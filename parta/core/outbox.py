"""Audit events handed to later apps after their transaction commits (the outbox).

Every change of domain data already writes an `AuditEvent` in its transaction. An app that
reacts to changes elsewhere (notifications about marks, absences, substitutions) registers a
listener here for the object types it cares about, in its `AppConfig.ready`. When the
transaction that recorded such events commits, each listener is called once with the ids of
its events, in the order they were recorded; if it rolls back, nobody is called. Outside a
transaction the listener is called at once. The core never imports the listening apps, and a
request pays only for collecting ids in memory: listeners enqueue background tasks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction

Listener = Callable[[list[int]], object]

_LISTENERS: dict[str, list[Listener]] = {}
_BATCH_ATTR = "_parta_outbox_batch"


def register_committed(object_types: Iterable[str], listener: Listener) -> None:
    """Call `listener(event_ids)` after commit for audit events of `object_types`
    (`app_label.modelname`, as `AuditEvent.object_type` spells them)."""
    for object_type in object_types:
        listeners = _LISTENERS.setdefault(object_type, [])
        if listener not in listeners:
            listeners.append(listener)


def unregister(listener: Listener) -> None:
    for listeners in _LISTENERS.values():
        if listener in listeners:
            listeners.remove(listener)


class _Batch:
    """The events of one transaction, per listener, and the on-commit call that flushes them."""

    def __init__(self) -> None:
        self.ids: dict[Listener, list[int]] = {}
        self.flushed = False

    def flush(self) -> None:
        self.flushed = True
        for listener, ids in self.ids.items():
            listener(ids)


def _current_batch(connection: Any) -> _Batch:
    """This transaction's batch: a new one unless the flush of the last one is still waiting
    for this transaction's commit (a rollback drops the waiting call, and so the batch; a
    flushed batch is done even where its call stays listed, as the test helper
    `captureOnCommitCallbacks` leaves it)."""
    batch: _Batch | None = getattr(connection, _BATCH_ATTR, None)
    if (
        batch is not None
        and not batch.flushed
        and any(entry[1] == batch.flush for entry in connection.run_on_commit)
    ):
        return batch
    batch = _Batch()
    setattr(connection, _BATCH_ATTR, batch)
    transaction.on_commit(batch.flush, using=connection.alias)
    return batch


def event_recorded(*, event_id: int, object_type: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Called by `audit_record` for every event it writes."""
    listeners = _LISTENERS.get(object_type)
    if not listeners:
        return
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        for listener in listeners:
            listener([event_id])
        return
    batch = _current_batch(connection)
    for listener in listeners:
        batch.ids.setdefault(listener, []).append(event_id)
