"""The private address of a person's calendar feed: create it, renew it (the old address stops
working at once) and turn it off. Audited without the token (a secret)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record
from parta.diary.models import CalendarFeed
from parta.diary.models.diary import new_feed_token


def _user(actor: Actor) -> Any:
    user = actor.user
    if user is None or not user.is_authenticated:
        raise ValidationError(_("Log in to manage your calendar feed."))
    return user


def _facts(feed: CalendarFeed) -> dict[str, Any]:
    return {"user_id": feed.user_id, "created_at": feed.created_at.isoformat()}


@transaction.atomic
def calendar_feed_create(*, actor: Actor) -> CalendarFeed:
    """The actor's feed address; created when they have none (an existing one is kept)."""
    user = _user(actor)
    found = CalendarFeed.objects.select_for_update().filter(user_id=user.pk).first()
    if found is not None:
        return found
    feed = CalendarFeed.objects.create(user_id=user.pk)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, instance=feed, after=_facts(feed))
    return feed


@transaction.atomic
def calendar_feed_renew(*, actor: Actor) -> CalendarFeed:
    """A new address for the actor's feed; the old one answers 404 from now on (created when
    there was none)."""
    user = _user(actor)
    feed = CalendarFeed.objects.select_for_update().filter(user_id=user.pk).first()
    if feed is None:
        return calendar_feed_create(actor=actor)
    before = _facts(feed)
    feed.token = new_feed_token()
    feed.created_at = timezone.now()
    feed.last_used_at = None
    feed.save(update_fields=["token", "created_at", "last_used_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=feed,
        before=before,
        after={**_facts(feed), "renewed": True},
    )
    return feed


@transaction.atomic
def calendar_feed_revoke(*, actor: Actor) -> None:
    """Turn the actor's feed off (nothing to do when there is none)."""
    user = _user(actor)
    feed = CalendarFeed.objects.select_for_update().filter(user_id=user.pk).first()
    if feed is None:
        return
    before = _facts(feed)
    pk = feed.pk
    feed.delete()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        object_type="diary.calendarfeed",
        object_id=pk,
        object_repr=str(user.pk),
        before=before,
    )


def calendar_feed_used(*, feed: CalendarFeed) -> None:
    """Note when a calendar application last read the feed (not audited: a read)."""
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
