"""Background work of messaging (django-tasks, ADR 0003): notifying about committed audit
events and the daily digest. Thin wrappers around `messaging.notify`."""

from __future__ import annotations

import logging

from django_tasks import task

from parta.messaging.notify import digest, dispatch

logger = logging.getLogger(__name__)


@task()
def dispatch_events(event_ids: list[int]) -> int:
    """Notifications (and e-mails due at once) about the audit events `event_ids`."""
    return dispatch.dispatch(event_ids)


@task()
def send_digests() -> int:
    """The daily digest e-mails; how many went out."""
    return digest.send_digests()


def enqueue_dispatch(event_ids: list[int]) -> None:
    """The outbox listener (called after commit): only enqueues the task. The change itself
    is committed already, so a failure to enqueue is logged, never raised into the request."""
    try:
        dispatch_events.enqueue(list(event_ids))
    except Exception:
        logger.exception("Notifications of audit events %s were not enqueued", event_ids)
