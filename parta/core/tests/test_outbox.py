"""The outbox: listeners hear of audit events after commit, once, and never after a rollback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import transaction

from parta.core import outbox
from parta.core.context import Actor
from parta.core.services.audit import audit_record

pytestmark = pytest.mark.django_db(transaction=True)

_heard: list[list[int]] = []


def _listener(ids: list[int]) -> None:
    _heard.append(list(ids))


@pytest.fixture(autouse=True)
def _registered() -> Iterator[None]:
    _heard.clear()
    outbox.register_committed(["tests.thing"], _listener)
    yield
    outbox.unregister(_listener)


def _record(object_id: int) -> int:
    event = audit_record(
        actor=Actor.system(), action="create", object_type="tests.thing", object_id=object_id
    )
    return event.pk


def _failing_transaction() -> None:
    with transaction.atomic():
        _record(1)
        raise RuntimeError


def test_listener_hears_the_events_of_a_transaction_once_after_commit() -> None:
    # given a transaction recording three events of the type and one of another type
    with transaction.atomic():
        first = _record(1)
        second = _record(2)
        audit_record(actor=Actor.system(), action="create", object_type="tests.other")
        third = _record(3)
        # then nothing is heard before the commit
        assert _heard == []
    # and the listener hears all three once, in order, after it
    assert _heard == [[first, second, third]]


def test_rolled_back_transaction_is_never_heard_and_the_next_one_is() -> None:
    # given a transaction that fails after recording an event
    with pytest.raises(RuntimeError):
        _failing_transaction()
    assert _heard == []
    # when the next transaction records one
    with transaction.atomic():
        kept = _record(2)
    # then only that one is heard
    assert _heard == [[kept]]


def test_rolled_back_savepoint_drops_its_batch_and_a_new_one_follows() -> None:
    # given a savepoint that opened the batch and rolled back inside a transaction
    with transaction.atomic():
        with pytest.raises(RuntimeError):
            _failing_transaction()
        kept = _record(2)
    # then the outer commit delivers the later event
    assert _heard == [[kept]]


def test_outside_a_transaction_the_listener_is_called_at_once() -> None:
    event_id = _record(5)
    assert _heard == [[event_id]]


@pytest.mark.django_db
def test_a_second_capture_in_one_test_delivers_again(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    # given a test transaction whose first batch was captured and executed
    with django_capture_on_commit_callbacks(execute=True):
        first = _record(1)
    # when the same test records again and captures
    with django_capture_on_commit_callbacks(execute=True):
        second = _record(2)
    # then each capture delivered its own event
    assert _heard == [[first], [second]]
