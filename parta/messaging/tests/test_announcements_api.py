"""The announcements and events API: role matrix over two schools, reads scoped like the pages,
writes through the services (denied ones change nothing), filters, constant queries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from parta.core.context import Actor
from parta.core.testing.matrix import ADMINS, ALL_WHO, EVERYONE, check_matrix
from parta.core.testing.world import SchoolWorld, World
from parta.messaging.choices import AudienceScope, EventKind
from parta.messaging.models import Announcement, Event
from parta.messaging.services.announcements import announcement_create
from parta.messaging.services.events import event_create

pytestmark = pytest.mark.django_db

PUBLISHERS = ADMINS | {"teacher"}
NOW = datetime.datetime(2026, 11, 10, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _clock() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def api() -> APIClient:
    return APIClient(headers={"accept-language": "en"})


def _announcement(sw: SchoolWorld, **fields: Any) -> Announcement:
    values: dict[str, Any] = {
        "title": f"Объявление {sw.school.short_name}",
        "body": "Текст",
        "scope": AudienceScope.CLASS,
        "school_class": sw.school_class,
        "for_staff": False,
        "files": [SimpleUploadedFile("plan.pdf", b"%PDF-1.4 x", "application/pdf")],
    }
    values.update(fields)
    return announcement_create(actor=Actor(user=sw.users["teacher"]), school=sw.school, **values)


def _meeting(sw: SchoolWorld, days: int = 3) -> Event:
    return event_create(
        actor=Actor(user=sw.users["teacher"]),
        school=sw.school,
        kind=EventKind.PARENT_MEETING,
        title=f"Собрание {sw.school.short_name}",
        starts_at=NOW + datetime.timedelta(days=days),
        school_class=sw.school_class,
    )


def _titles(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def test_list_matrix(api: APIClient, world: World) -> None:
    # every user with a school lists; ?school= of another school is 404 for its outsiders
    check_matrix(
        api,
        world,
        lambda sw: f"/api/v1/announcements/?school={sw.school.pk}",
        allowed=EVERYONE,
    )
    check_matrix(api, world, lambda sw: f"/api/v1/events/?school={sw.school.pk}", allowed=EVERYONE)


def test_retrieve_matrix(api: APIClient, world: World) -> None:
    # the class announcement and the parent meeting of 5А are read by their audience, the
    # author and the administration; 404 to others and to school B's people
    items = {"a": _announcement(world.a), "b": _announcement(world.b)}
    meetings = {"a": _meeting(world.a), "b": _meeting(world.b)}
    check_matrix(
        api,
        world,
        lambda sw: f"/api/v1/announcements/{items['a' if sw is world.a else 'b'].pk}/",
        allowed=PUBLISHERS | {"student", "parent"},
    )
    check_matrix(
        api,
        world,
        lambda sw: f"/api/v1/events/{meetings['a' if sw is world.a else 'b'].pk}/",
        allowed=PUBLISHERS | {"parent"},
    )


def test_parent_lists_only_their_class_announcements(api: APIClient, world: World) -> None:
    # given announcements to the parents of 5А in A and B and a staff-only one in A
    _announcement(world.a, for_students=False)
    _announcement(world.b, for_students=False)
    announcement_create(
        actor=Actor(user=world.user("director")),
        school=world.a.school,
        title="Педсовет",
        body="x",
        for_students=False,
        for_parents=False,
    )
    # when the parent of school A lists
    api.force_authenticate(world.user("parent"))
    response = api.get("/api/v1/announcements/")
    # then only their class's, with its file and audience in words
    assert _titles(response) == ["Объявление Школа A"]
    row = response.json()["results"][0]
    assert row["audience"] == "Parents: class 5А"
    assert row["state"] == "published"
    assert [file["name"] for file in row["attachments"]] == ["plan.pdf"]
    # and the student of 5А sees nothing of it
    api.force_authenticate(world.user("student"))
    assert _titles(api.get("/api/v1/announcements/")) == []


def test_create_matrix_and_denied_writes_change_nothing(api: APIClient, world: World) -> None:
    # when everyone posts an announcement to the parents of 5А of school A
    def payload(sw: SchoolWorld) -> dict[str, Any]:
        return {
            "school": sw.school.pk,
            "title": "Новое",
            "body": "Текст",
            "scope": "class",
            "school_class": sw.school_class.pk,
            "for_staff": False,
            "for_students": False,
            "for_parents": True,
        }

    for who in ALL_WHO:
        api.force_authenticate(world.user(who))
        for key in ("a", "b"):
            sw = getattr(world, key)
            response = api.post("/api/v1/announcements/", payload(sw), format="json")
            allowed = (key == "a" and who in PUBLISHERS) or (key == "b" and who == "superuser")
            if allowed:
                assert response.status_code == 201, (who, key, response.content)
            else:
                assert response.status_code in (403, 404), (who, key, response.status_code)
    # then only the publishers' were written
    assert Announcement.objects.count() == len(PUBLISHERS) + 1


def test_create_with_files_and_bad_input(api: APIClient, world: World) -> None:
    api.force_authenticate(world.user("director"))
    # when the director posts multipart with two files
    response = api.post(
        "/api/v1/announcements/",
        {
            "school": world.a.school.pk,
            "title": "С файлами",
            "body": "Текст",
            "scope": "school",
            "for_staff": "true",
            "for_students": "true",
            "for_parents": "true",
            "files": [
                SimpleUploadedFile("a.pdf", b"%PDF-1.4 a", "application/pdf"),
                SimpleUploadedFile("b.txt", b"hello", "text/plain"),
            ],
        },
        format="multipart",
    )
    # then both are attached
    assert response.status_code == 201, response.content
    assert [file["name"] for file in response.json()["attachments"]] == ["a.pdf", "b.txt"]
    # when it posts an .exe, a window ending before it starts, a class of school B
    bad: list[dict[str, Any]] = [
        {"files": [SimpleUploadedFile("x.exe", b"MZ\x90", "application/octet-stream")]},
        {"publish_from": "2026-12-01T10:00:00Z", "publish_until": "2026-11-30T10:00:00Z"},
        {"scope": "class", "school_class": world.b.school_class.pk},
    ]
    for extra in bad:
        data = {"school": world.a.school.pk, "title": "Плохое", "body": "x", "scope": "school"}
        data.update(extra)
        response = api.post("/api/v1/announcements/", data, format="multipart")
        # then 400 in the API's shape, nothing written
        assert response.status_code == 400, (extra, response.content)
    assert Announcement.objects.count() == 1


def test_update_and_delete(api: APIClient, world: World) -> None:
    item = _announcement(world.a)
    # when the student tries to change it: 403, unchanged
    api.force_authenticate(world.user("student"))
    response = api.patch(f"/api/v1/announcements/{item.pk}/", {"title": "x"}, format="json")
    assert response.status_code == 403
    # when the author changes the title only
    api.force_authenticate(world.user("teacher"))
    response = api.patch(f"/api/v1/announcements/{item.pk}/", {"title": "Новое"}, format="json")
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert item.title == "Новое"
    assert item.school_class == world.a.school_class
    # when the author deletes it
    assert api.delete(f"/api/v1/announcements/{item.pk}/").status_code == 204
    assert not Announcement.objects.exists()


def test_events_filters(api: APIClient, world: World) -> None:
    # given a parent meeting in 3 days, a school event in 20 days and one 5 days ago
    _meeting(world.a)
    director = Actor(user=world.user("director"))
    for title, days in (("Концерт", 20), ("Прошедшее", -5)):
        event_create(
            actor=director,
            school=world.a.school,
            title=title,
            starts_at=NOW + datetime.timedelta(days=days),
        )
    api.force_authenticate(world.user("parent"))
    base = f"/api/v1/events/?school={world.a.school.pk}"
    # then by default the upcoming ones, soonest first
    assert _titles(api.get(base)) == ["Собрание Школа A", "Концерт"]
    # from and to pick the days (inclusive)
    assert _titles(api.get(base + "&from=2026-11-01&to=2026-11-13")) == [
        "Прошедшее",
        "Собрание Школа A",
    ]
    # kind narrows to parent meetings
    assert _titles(api.get(base + "&kind=parent_meeting")) == ["Собрание Школа A"]
    # a bad date is a 400
    assert api.get(base + "&from=yesterday").status_code == 400


def test_event_create_defaults_and_denied(api: APIClient, world: World) -> None:
    # when the class teacher creates a parent meeting with a class only
    api.force_authenticate(world.user("teacher"))
    response = api.post(
        "/api/v1/events/",
        {
            "school": world.a.school.pk,
            "kind": "parent_meeting",
            "title": "Собрание",
            "starts_at": "2026-11-20T15:00:00Z",
            "school_class": world.a.school_class.pk,
        },
        format="json",
    )
    # then it is for the parents of 5А
    assert response.status_code == 201, response.content
    assert response.json()["audience"] == "Parents: class 5А"
    event_id = response.json()["id"]
    # when a teacher without a class tries to create or delete: refused, nothing changes
    api.force_authenticate(world.user("teacher_no_class"))
    response = api.post(
        "/api/v1/events/",
        {"school": world.a.school.pk, "title": "x", "starts_at": "2026-11-20T15:00:00Z"},
        format="json",
    )
    assert response.status_code == 403
    # (the meeting is not for them: they do not even see it)
    assert api.delete(f"/api/v1/events/{event_id}/").status_code == 404
    assert Event.objects.count() == 1


@pytest.mark.parametrize("path", ["/api/v1/announcements/", "/api/v1/events/"])
def test_lists_in_constant_queries(api: APIClient, world: World, path: str) -> None:
    api.force_authenticate(world.user("parent"))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(path).status_code == 200
        return len(queries)

    count()  # the user's roles are read once and kept on the user
    _announcement(world.a)
    _meeting(world.a)
    few = count()
    for n in range(8):
        _announcement(world.a)
        _meeting(world.a, days=n + 1)
    assert count() == few
    # the count, the rows (and for announcements their files)
    assert few == (3 if "announcements" in path else 2)
