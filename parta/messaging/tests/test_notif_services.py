"""Notifications from the messaging services themselves (the two-school world): a message of
the class teacher, an announcement and a parent meeting of the director."""

from __future__ import annotations

import datetime
from functools import partial
from typing import Any

import pytest
from django.utils import timezone

from parta.core.context import Actor
from parta.core.testing.world import World
from parta.messaging.choices import AudienceScope, NotificationKind
from parta.messaging.models import Notification
from parta.messaging.services.announcements import announcement_create
from parta.messaging.services.events import event_create
from parta.messaging.services.messages import message_reply, thread_start
from parta.messaging.tests.factories_notifications import after_commit

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    return partial(after_commit, django_capture_on_commit_callbacks)


def _told(kind: str) -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("user_id", flat=True))


def test_a_conversation_tells_the_recipient_and_a_reply_the_starter(
    world: World, committed: Any
) -> None:
    teacher, parent = world.a.users["teacher"], world.a.users["parent"]
    # when the class teacher writes to the parent
    with committed():
        thread = thread_start(
            actor=Actor(user=teacher),
            school=world.a.school,
            recipients=[parent],
            subject="Экскурсия",
            body="Соберёмся в 9:00.",
        )
    # then the parent is told, the teacher is not
    assert _told(NotificationKind.MESSAGE) == {parent.pk}
    # when the parent replies
    with committed():
        message_reply(actor=Actor(user=parent), thread=thread, body="Спасибо!")
    # then the teacher is told
    assert _told(NotificationKind.MESSAGE) == {parent.pk, teacher.pk}
    link = Notification.objects.get(user=teacher).url
    assert link == f"/s/{world.a.school.pk}/messages/{thread.pk}/"


def test_an_announcement_and_a_parent_meeting_tell_their_audience(
    world: World, committed: Any
) -> None:
    director = world.a.users["director"]
    with committed():
        announcement_create(
            actor=Actor(user=director),
            school=world.a.school,
            title="Каникулы",
            body="С 1 по 9 ноября.",
            scope=AudienceScope.CLASS,
            school_class=world.a.school_class,
            for_staff=False,
        )
    told = _told(NotificationKind.ANNOUNCEMENT)
    assert told == {world.a.users["student"].pk, world.a.users["parent"].pk}
    with committed():
        event_create(
            actor=Actor(user=director),
            school=world.a.school,
            title="Родительское собрание",
            kind="parent_meeting",
            starts_at=timezone.now() + datetime.timedelta(days=5),
            scope=AudienceScope.CLASS,
            school_class=world.a.school_class,
            for_staff=False,
            for_students=False,
            for_parents=True,
        )
    assert _told(NotificationKind.EVENT) == {world.a.users["parent"].pk}
    # and nobody of school B hears of either
    school_b = {user.pk for user in world.b.users.values()}
    assert not set(Notification.objects.values_list("user_id", flat=True)) & school_b
