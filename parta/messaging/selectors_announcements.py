"""Reads of announcements and events for the pages and the API, each in a constant number of
queries (the audience rule is one filter: `visible_to`).

An announcement is shown to its audience while published (`publish_from` ≤ now, and now before
`publish_until` if set); its author and the school administration also see it scheduled or
expired (`announcement_state`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from parta.accounts.access import access_for
from parta.messaging import rules_announcements as rules
from parta.messaging.choices import EventKind
from parta.messaging.models import Announcement, AnnouncementAttachment, Event

PUBLISHED = "published"
SCHEDULED = "scheduled"
EXPIRED = "expired"


def published_q(now: datetime.datetime) -> Q:
    return Q(publish_from__lte=now) & (Q(publish_until__isnull=True) | Q(publish_until__gt=now))


def announcement_state(announcement: Announcement, now: datetime.datetime | None = None) -> str:
    """«published», «scheduled» (not yet) or «expired» (no longer)."""
    now = now or timezone.now()
    if announcement.publish_from > now:
        return SCHEDULED
    if announcement.publish_until is not None and announcement.publish_until <= now:
        return EXPIRED
    return PUBLISHED


def _visible_announcements(user: Any, school: Any | None, now: datetime.datetime) -> QuerySet[Any]:
    access = access_for(user)
    rows = Announcement.objects.visible_to(user)
    if school is not None:
        rows = rows.for_school(school)
    else:
        rows = rows.filter(school_id__in=access.readable_school_ids)
    beyond_window = Q(school_id__in=access.admin_school_ids)
    if access.user_id is not None:
        beyond_window |= Q(author_id=access.user_id)
    if access.is_superuser:
        return rows
    return rows.filter(published_q(now) | beyond_window)


def announcement_list(
    user: Any, school: Any | None, *, now: datetime.datetime | None = None
) -> QuerySet[Any]:
    """The announcements the user sees (of one school, or of every school they reach), newest
    first, with author, class and files loaded: three queries for a page (count, rows, files)
    whatever its length."""
    now = now or timezone.now()
    return (
        _visible_announcements(user, school, now)
        .select_related("author__person", "school_class", "school")
        .prefetch_related("attachments")
        .order_by("-publish_from", "-pk")
    )


def announcement_for(
    user: Any, school: Any | None, pk: int, *, now: datetime.datetime | None = None
) -> Announcement | None:
    """One announcement the user sees, or None (another school's, not for them, not
    published)."""
    now = now or timezone.now()
    return (
        _visible_announcements(user, school, now)
        .select_related("author__person", "school_class", "school")
        .prefetch_related("attachments")
        .filter(pk=pk)
        .first()
    )


def attachment_for(
    user: Any, school: Any, announcement_pk: int, pk: int
) -> AnnouncementAttachment | None:
    """A file of an announcement the user sees, or None: one query."""
    visible = _visible_announcements(user, school, timezone.now()).filter(
        pk=OuterRef("announcement_id")
    )
    return (
        AnnouncementAttachment.objects.filter(
            school_id=school.pk, announcement_id=announcement_pk, pk=pk
        )
        .filter(Exists(visible))
        .first()
    )


def changeable_announcement_ids(user: Any, school: Any, ids: list[int]) -> set[int]:
    """Of `ids`, those the user may change: one query (none for the administration)."""
    if rules.publishes_to_whole_school(user, school):
        return set(ids)
    if not ids:
        return set()
    return set(
        Announcement.objects.for_school(school)
        .filter(rules.changeable_q(user, school), pk__in=ids)
        .values_list("pk", flat=True)
    )


def event_list(
    user: Any,
    school: Any | None,
    *,
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
    kind: str | None = None,
) -> QuerySet[Any]:
    """The events the user sees (of one school or of every school they reach) from `start`
    (those still going on count) until before `end`, soonest first; `kind` narrows to events
    or parent meetings. One query for the rows."""
    access = access_for(user)
    rows = Event.objects.visible_to(user)
    if school is not None:
        rows = rows.for_school(school)
    elif not access.is_superuser:
        rows = rows.filter(school_id__in=access.readable_school_ids)
    if start is not None:
        rows = rows.filter(Q(ends_at__gte=start) | Q(ends_at__isnull=True, starts_at__gte=start))
    if end is not None:
        rows = rows.filter(starts_at__lt=end)
    if kind in EventKind.values:
        rows = rows.filter(kind=kind)
    return rows.select_related("school_class", "created_by", "school").order_by("starts_at", "pk")


def event_for(user: Any, school: Any | None, pk: int) -> Event | None:
    """One event the user sees, or None."""
    rows = Event.objects.visible_to(user)
    if school is not None:
        rows = rows.for_school(school)
    return rows.select_related("school_class", "created_by", "school").filter(pk=pk).first()


def changeable_event_ids(user: Any, school: Any, ids: list[int]) -> set[int]:
    """Of `ids`, the events the user may change: one query (none for the administration)."""
    if rules.publishes_to_whole_school(user, school):
        return set(ids)
    if not ids:
        return set()
    return set(
        Event.objects.for_school(school)
        .filter(rules.changeable_q(user, school, "created_by"), pk__in=ids)
        .values_list("pk", flat=True)
    )
