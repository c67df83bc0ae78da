"""Events and parent meetings: services (defaults, times, rules, audit), pages and their role
matrix, the list by date, and constant queries."""

from __future__ import annotations

import datetime
import functools
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.testing.matrix import ADMINS, ALL_WHO, EVERYONE, check_matrix
from parta.core.testing.world import SchoolWorld, World
from parta.messaging.choices import AudienceScope, EventKind
from parta.messaging.models import Event
from parta.messaging.selectors_announcements import event_for
from parta.messaging.services.events import event_create, event_delete, event_update

pytestmark = pytest.mark.django_db

PUBLISHERS = ADMINS | {"teacher"}
NOW = datetime.datetime(2026, 11, 10, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _clock() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def meeting(sw: SchoolWorld, who: str = "teacher", **fields: Any) -> Event:
    values: dict[str, Any] = {
        "kind": EventKind.PARENT_MEETING,
        "title": f"Собрание {sw.school.short_name}",
        "starts_at": NOW + datetime.timedelta(days=3),
        "ends_at": NOW + datetime.timedelta(days=3, hours=1),
        "place": "Каб. 101",
        "school_class": sw.school_class,
    }
    values.update(fields)
    return event_create(actor=Actor(user=sw.users[who]), school=sw.school, **values)


def test_parent_meeting_is_for_the_class_parents_by_default(world: World) -> None:
    # when the class teacher plans a parent meeting of 5А
    event = meeting(world.a)
    # then it is for the parents of 5А only
    assert event.scope == AudienceScope.CLASS
    assert (event.for_staff, event.for_students, event.for_parents) == (False, False, True)
    assert event_for(world.user("parent"), None, event.pk) is not None
    assert event_for(world.user("student"), None, event.pk) is None
    assert event_for(world.user("parent", "b"), None, event.pk) is None
    # and it is audited with its after snapshot
    audit = AuditEvent.objects.get(object_type="messaging.event")
    assert audit.after is not None
    assert audit.after["kind"] == "parent_meeting"


def test_naive_time_is_read_in_the_school_time_zone(world: World) -> None:
    # given school A's time zone
    zone = ZoneInfo(world.a.school.timezone)
    # when an event is planned at 18:00 without a zone
    event = event_create(
        actor=Actor(user=world.user("director")),
        school=world.a.school,
        title="Концерт",
        starts_at=datetime.datetime(2026, 12, 20, 18, 0),  # noqa: DTZ001 - a naive wall-clock time is what is tested
    )
    # then it is 18:00 in the school's zone, for the whole school
    assert timezone.localtime(event.starts_at, zone).hour == 18
    assert event.scope == AudienceScope.SCHOOL
    assert event.for_staff


def test_end_before_start_and_others_change_nothing(world: World) -> None:
    bad: list[tuple[str, dict[str, Any]]] = [
        ("teacher", {"ends_at": NOW}),
        ("teacher", {"school_class": world.b.school_class}),
        ("teacher", {"scope": AudienceScope.SCHOOL, "school_class": None}),
        ("teacher_no_class", {}),
        ("parent", {}),
        ("student", {}),
        ("teacher", {"kind": "party"}),
    ]
    for who, fields in bad:
        # when it is planned wrongly or by someone who may not
        with pytest.raises(ValidationError):
            meeting(world.a, who, **fields)
    # then nothing is written
    assert not Event.objects.exists()
    assert not AuditEvent.objects.filter(object_type="messaging.event").exists()


def test_update_and_delete(world: World) -> None:
    # given the class teacher's meeting
    event = meeting(world.a)
    # when it is moved and opened to the students
    updated = event_update(
        actor=Actor(user=world.user("teacher")),
        school=world.a.school,
        event=event,
        kind=EventKind.PARENT_MEETING,
        title="Собрание (перенесено)",
        starts_at=NOW + datetime.timedelta(days=4),
        scope=AudienceScope.CLASS,
        school_class=world.a.school_class,
        for_staff=False,
        for_students=True,
        for_parents=True,
    )
    # then it is changed and audited
    assert updated.for_students
    assert AuditEvent.objects.filter(
        object_type="messaging.event", action=AuditEvent.Action.UPDATE
    ).exists()
    # when another teacher tries to delete it, it is refused
    with pytest.raises(ValidationError):
        event_delete(
            actor=Actor(user=world.user("teacher_no_class")), school=world.a.school, event=event
        )
    # when the director deletes it, it is gone
    event_delete(actor=Actor(user=world.user("director")), school=world.a.school, event=event)
    assert not Event.objects.exists()


def _events(world: World) -> dict[str, Event]:
    return {"a": meeting(world.a), "b": meeting(world.b)}


def test_event_pages_matrix(client: Any, world: World) -> None:
    events = _events(world)

    def of(sw: SchoolWorld) -> Event:
        return events["a" if sw is world.a else "b"]

    # the list: everyone in the school
    check_matrix(
        client,
        world,
        lambda sw: reverse("messaging:event_list", args=[sw.school.pk]),
        allowed=EVERYONE,
    )
    # the form: the publishers
    check_matrix(
        client,
        world,
        lambda sw: reverse("messaging:event_new", args=[sw.school.pk]),
        allowed=PUBLISHERS,
    )
    # a parent meeting of 5А: its parents, its author, the administration
    check_matrix(
        client,
        world,
        lambda sw: reverse("messaging:event_detail", args=[sw.school.pk, of(sw).pk]),
        allowed=PUBLISHERS | {"parent"},
    )
    for name in ("messaging:event_edit", "messaging:event_delete"):
        check_matrix(
            client,
            world,
            functools.partial(_object_url, name, world, events),
            allowed=PUBLISHERS,
        )


def _object_url(name: str, world: World, events: dict[str, Event], sw: SchoolWorld) -> str:
    return reverse(name, args=[sw.school.pk, events["a" if sw is world.a else "b"].pk])


def test_denied_event_writes_change_nothing(client: Any, world: World) -> None:
    event = _events(world)["a"]
    # when everyone who may not change it posts edit and delete
    for who in set(ALL_WHO) - PUBLISHERS:
        client.force_login(world.user(who))
        for name in ("messaging:event_edit", "messaging:event_delete"):
            response = client.post(
                reverse(name, args=[world.a.school.pk, event.pk]),
                {"kind": "event", "title": "x", "starts_at": "2026-12-01T10:00", "scope": "school"},
            )
            assert response.status_code in (403, 404), who
    # then it is unchanged
    assert Event.objects.get(pk=event.pk).title == "Собрание Школа A"


def test_event_form_creates_a_parent_meeting(client: Any, world: World) -> None:
    # given the class teacher on the form
    client.force_login(world.user("teacher"))
    # when a parent meeting of 5А is planned
    response = client.post(
        reverse("messaging:event_new", args=[world.a.school.pk]),
        {
            "kind": "parent_meeting",
            "title": "Итоги четверти",
            "starts_at": "2026-11-20T18:00",
            "ends_at": "2026-11-20T19:00",
            "place": "Каб. 101",
            "scope": "class",
            "school_class": world.a.school_class.pk,
            "for_parents": "on",
        },
    )
    # then it is saved at 18:00 school time and its page is shown
    assert response.status_code == 302
    event = Event.objects.get()
    zone = ZoneInfo(world.a.school.timezone)
    assert timezone.localtime(event.starts_at, zone).hour == 18
    assert response["Location"] == reverse(
        "messaging:event_detail", args=[world.a.school.pk, event.pk]
    )


def test_list_upcoming_by_date_and_filter(client: Any, world: World) -> None:
    # given a parent meeting in three days, a school event tomorrow, a past event
    meeting(world.a)
    director = Actor(user=world.user("director"))
    for title, days in (("Концерт", 1), ("Прошедшее", -2)):
        event_create(
            actor=director,
            school=world.a.school,
            title=title,
            starts_at=NOW + datetime.timedelta(days=days),
        )
    client.force_login(world.user("parent"))
    url = reverse("messaging:event_list", args=[world.a.school.pk])
    # when the parent opens the list
    body = client.get(url).content.decode()
    # then the upcoming ones, soonest first, without the past one
    assert body.index("Концерт") < body.index("Собрание Школа A")
    assert "Прошедшее" not in body
    # when they filter parent meetings
    body = client.get(url, {"kind": "parent_meeting"}).content.decode()
    assert "Концерт" not in body
    assert "Собрание Школа A" in body
    # when they look at this month, the past event of the month is there too
    body = client.get(url, {"month": "2026-11"}).content.decode()
    assert "Прошедшее" in body


def test_event_list_queries_do_not_grow(client: Any, world: World) -> None:
    client.force_login(world.user("teacher"))
    url = reverse("messaging:event_list", args=[world.a.school.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    count()
    meeting(world.a)
    few = count()
    for n in range(10):
        meeting(world.a, starts_at=NOW + datetime.timedelta(days=n + 1), ends_at=None)
    assert count() == few
