"""Events (мероприятия) and parent meetings (родительские собрания): created by those who may
publish announcements, for the same audiences (`messaging.rules_announcements`). A parent
meeting is for a class and its parents unless told otherwise. Times are aware; a naive time is
read in the school's time zone. Audited as "messaging.event" with the `after` snapshot the
notifications read."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record, snapshot
from parta.messaging import rules_announcements as rules
from parta.messaging.choices import AudienceScope, EventKind
from parta.messaging.models import Event
from parta.messaging.services.announcements import (
    Audience,
    actor_user,
    clean_audience,
    require_text,
    school_aware,
)

OBJECT_TYPE = "messaging.event"


def _times(
    school: Any, starts_at: datetime.datetime | None, ends_at: datetime.datetime | None
) -> tuple[datetime.datetime, datetime.datetime | None]:
    if starts_at is None:
        raise ValidationError({"starts_at": _("Enter when the event starts.")}, code="start")
    start = school_aware(starts_at, school)
    end = school_aware(ends_at, school) if ends_at is not None else None
    if end is not None and end <= start:
        raise ValidationError({"ends_at": _("The event must end after it starts.")}, code="window")
    return start, end


def _audience(
    *,
    actor: Actor,
    school: Any,
    kind: str,
    scope: str | None,
    grade: int | None,
    school_class: Any,
    for_staff: bool | None,
    for_students: bool | None,
    for_parents: bool | None,
) -> Audience:
    """The audience with the defaults of the kind: a parent meeting is for a class and its
    parents, an event for everybody of the scope (a class when a class is given)."""
    if kind not in EventKind.values:
        raise ValidationError({"kind": _("Choose the kind of event.")}, code="kind")
    meeting = kind == EventKind.PARENT_MEETING
    if scope is None:
        scope = (
            AudienceScope.CLASS if (meeting or school_class is not None) else AudienceScope.SCHOOL
        )
    # a flag not given takes the kind's default
    defaults = (False, False, True) if meeting else (scope == AudienceScope.SCHOOL, True, True)
    for_staff, for_students, for_parents = (
        default if given is None else given
        for given, default in zip((for_staff, for_students, for_parents), defaults, strict=True)
    )
    return clean_audience(
        actor=actor,
        school=school,
        scope=scope,
        grade=grade,
        school_class=school_class,
        for_staff=bool(for_staff),
        for_students=bool(for_students),
        for_parents=bool(for_parents),
    )


def _require_publisher(actor: Actor, school: Any) -> None:
    if not rules.may_publish(actor_user(actor), school):
        raise ValidationError(_("You may not plan events in this school."), code="forbidden")


@transaction.atomic
def event_create(
    *,
    actor: Actor,
    school: Any,
    title: str,
    starts_at: datetime.datetime | None,
    ends_at: datetime.datetime | None = None,
    kind: str = EventKind.EVENT,
    description: str = "",
    place: str = "",
    scope: str | None = None,
    grade: int | None = None,
    school_class: Any = None,
    for_staff: bool | None = None,
    for_students: bool | None = None,
    for_parents: bool | None = None,
) -> Event:
    """Plan an event or a parent meeting."""
    _require_publisher(actor, school)
    require_text(title, None)
    audience = _audience(
        actor=actor,
        school=school,
        kind=kind,
        scope=scope,
        grade=grade,
        school_class=school_class,
        for_staff=for_staff,
        for_students=for_students,
        for_parents=for_parents,
    )
    start, end = _times(school, starts_at, ends_at)
    event = Event.objects.create(
        school=school,
        kind=kind,
        title=title.strip(),
        description=(description or "").strip(),
        place=(place or "").strip(),
        starts_at=start,
        ends_at=end,
        created_by=actor_user(actor),
        **audience.as_fields(),
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=event,
        object_type=OBJECT_TYPE,
        after=snapshot(event),
    )
    return event


def _locked(school: Any, event: Event) -> Event:
    stored = (
        Event.objects.select_for_update()
        .filter(pk=event.pk, school_id=school.pk)
        .select_related("school")
        .first()
    )
    if stored is None:
        raise ValidationError(_("The event has been deleted."), code="gone")
    return stored


def _require_changer(actor: Actor, event: Event) -> None:
    if not rules.may_change(actor_user(actor), event, "created_by"):
        raise ValidationError(_("You may not change this event."), code="forbidden")


@transaction.atomic
def event_update(
    *,
    actor: Actor,
    school: Any,
    event: Event,
    title: str,
    starts_at: datetime.datetime | None,
    ends_at: datetime.datetime | None = None,
    kind: str,
    description: str = "",
    place: str = "",
    scope: str | None = None,
    grade: int | None = None,
    school_class: Any = None,
    for_staff: bool | None = None,
    for_students: bool | None = None,
    for_parents: bool | None = None,
) -> Event:
    """Change an event: its kind, text, place, time and audience."""
    stored = _locked(school, event)
    _require_changer(actor, stored)
    require_text(title, None)
    audience = _audience(
        actor=actor,
        school=school,
        kind=kind,
        scope=scope,
        grade=grade,
        school_class=school_class,
        for_staff=for_staff,
        for_students=for_students,
        for_parents=for_parents,
    )
    start, end = _times(school, starts_at, ends_at)
    before = snapshot(stored)
    stored.kind = kind
    stored.title = title.strip()
    stored.description = (description or "").strip()
    stored.place = (place or "").strip()
    stored.starts_at = start
    stored.ends_at = end
    for name, value in audience.as_fields().items():
        setattr(stored, name, value)
    stored.save(
        update_fields=[
            "kind",
            "title",
            "description",
            "place",
            "starts_at",
            "ends_at",
            *audience.as_fields(),
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=stored,
        object_type=OBJECT_TYPE,
        before=before,
        after=snapshot(stored),
    )
    return stored


@transaction.atomic
def event_delete(*, actor: Actor, school: Any, event: Event) -> None:
    """Delete (cancel) an event."""
    stored = _locked(school, event)
    _require_changer(actor, stored)
    before = snapshot(stored)
    object_id, object_repr = stored.pk, str(stored)
    stored.delete()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        school_id=school.pk,
        object_type=OBJECT_TYPE,
        object_id=object_id,
        object_repr=object_repr,
        before=before,
    )
