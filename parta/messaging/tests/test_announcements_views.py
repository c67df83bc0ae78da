"""Announcement pages: the role matrix over two schools, the board's content per role, the
form, deleting, downloads, and a constant number of queries."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parta.core.context import Actor
from parta.core.testing.matrix import ADMINS, ALL_WHO, EVERYONE, check_matrix
from parta.core.testing.world import SchoolWorld, World
from parta.messaging.choices import AudienceScope
from parta.messaging.models import Announcement
from parta.messaging.services.announcements import announcement_create

pytestmark = pytest.mark.django_db

PUBLISHERS = ADMINS | {"teacher"}


def _item(sw: SchoolWorld, **fields: Any) -> Announcement:
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


@pytest.fixture
def items(world: World) -> dict[str, Announcement]:
    """The class teacher's announcement to the students and parents of 5А, in each school."""
    return {"a": _item(world.a), "b": _item(world.b)}


def test_board_matrix(client: Any, world: World) -> None:
    # everyone in the school opens the board; in school B only the specialist and superuser
    check_matrix(
        client,
        world,
        lambda sw: reverse("messaging:announcement_list", args=[sw.school.pk]),
        allowed=EVERYONE,
    )


def test_new_page_matrix(client: Any, world: World) -> None:
    # the administration and a teacher with a class open the form; nobody else
    check_matrix(
        client,
        world,
        lambda sw: reverse("messaging:announcement_new", args=[sw.school.pk]),
        allowed=PUBLISHERS,
    )


def test_edit_and_delete_page_matrix(
    client: Any, world: World, items: dict[str, Announcement]
) -> None:
    # the author and the administration open edit and delete
    for name in ("messaging:announcement_edit", "messaging:announcement_delete"):
        check_matrix(
            client,
            world,
            functools.partial(_object_url, name, world, items),
            allowed=PUBLISHERS,
        )


def _object_url(name: str, world: World, items: dict[str, Any], sw: SchoolWorld) -> str:
    return reverse(name, args=[sw.school.pk, items["a" if sw is world.a else "b"].pk])


def test_attachment_matrix(client: Any, world: World, items: dict[str, Announcement]) -> None:
    # the file is downloaded by the audience (student, parent), the author and the
    # administration, not by other staff or the specialist (not in the audience)
    def url(sw: SchoolWorld) -> str:
        item = items["a" if sw is world.a else "b"]
        file = item.attachments.get()
        return reverse("messaging:announcement_attachment", args=[sw.school.pk, item.pk, file.pk])

    check_matrix(client, world, url, allowed=PUBLISHERS | {"student", "parent"})


def test_attachment_download_content(
    client: Any, world: World, items: dict[str, Announcement]
) -> None:
    # given the parent of a 5А student
    client.force_login(world.user("parent"))
    item = items["a"]
    file = item.attachments.get()
    # when the file is downloaded
    response = client.get(
        reverse("messaging:announcement_attachment", args=[world.a.school.pk, item.pk, file.pk])
    )
    # then it is the stored file, as an attachment
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 x"
    assert "attachment" in response["Content-Disposition"]


def test_board_shows_each_role_its_own(
    client: Any, world: World, items: dict[str, Announcement]
) -> None:
    # given a staff-only announcement of the director too
    announcement_create(
        actor=Actor(user=world.user("director")),
        school=world.a.school,
        title="Педсовет",
        body="В пятницу",
        for_students=False,
        for_parents=False,
    )
    url = reverse("messaging:announcement_list", args=[world.a.school.pk])
    expected = {
        "parent": {"Объявление Школа A"},
        "student": {"Объявление Школа A"},
        "teacher_no_class": {"Педсовет"},
        "director": {"Объявление Школа A", "Педсовет"},
        "municipal_specialist": set(),
    }
    for who, titles in expected.items():
        client.force_login(world.user(who))
        # when the board is opened
        body = client.get(url).content.decode()
        # then exactly the announcements for them are on it (nothing of school B)
        for title in ("Объявление Школа A", "Педсовет", "Объявление Школа B"):
            assert (title in body) == (title in titles), (who, title)


def test_teacher_publishes_to_own_class_through_the_form(client: Any, world: World) -> None:
    # given the class teacher of 5А on the form
    client.force_login(world.user("teacher"))
    url = reverse("messaging:announcement_new", args=[world.a.school.pk])
    # when they publish to the parents of 5А with a file
    response = client.post(
        url,
        {
            "title": "Экскурсия",
            "body": "Соберите 300 рублей",
            "scope": "class",
            "school_class": world.a.school_class.pk,
            "for_parents": "on",
            "attachments": [SimpleUploadedFile("list.pdf", b"%PDF-1.4", "application/pdf")],
        },
    )
    # then it is published with the file and the board is shown
    assert response.status_code == 302
    item = Announcement.objects.get()
    assert item.school_class == world.a.school_class
    assert (item.for_staff, item.for_students, item.for_parents) == (False, False, True)
    assert item.attachments.count() == 1


def test_teacher_may_not_post_to_another_schools_class(client: Any, world: World) -> None:
    # given the class teacher of 5А of school A
    client.force_login(world.user("teacher"))
    url = reverse("messaging:announcement_new", args=[world.a.school.pk])
    # when the form is posted with a class of school B
    response = client.post(
        url,
        {
            "title": "Чужой",
            "body": "Текст",
            "scope": "class",
            "school_class": world.b.school_class.pk,
            "for_parents": "on",
        },
    )
    # then the form refuses it and nothing is written
    assert response.status_code == 200
    assert not Announcement.objects.exists()


def test_window_end_before_start_is_shown_on_the_form(client: Any, world: World) -> None:
    # given the director on the form
    client.force_login(world.user("director"))
    url = reverse("messaging:announcement_new", args=[world.a.school.pk])
    # when the end of the publication is before its start
    response = client.post(
        url,
        {
            "title": "Окно",
            "body": "Текст",
            "scope": "school",
            "for_staff": "on",
            "publish_from": "2030-01-10T10:00",
            "publish_until": "2030-01-09T10:00",
        },
        headers={"accept-language": "en"},
    )
    # then the form says so and nothing is written
    assert response.status_code == 200
    assert "The end of the publication must be after its start." in response.content.decode()
    assert not Announcement.objects.exists()


def test_denied_writes_change_nothing(
    client: Any, world: World, items: dict[str, Announcement]
) -> None:
    # when everyone who may not change it posts edit and delete of 5А's announcement
    for who in set(ALL_WHO) - PUBLISHERS:
        client.force_login(world.user(who))
        for name in ("messaging:announcement_edit", "messaging:announcement_delete"):
            response = client.post(
                reverse(name, args=[world.a.school.pk, items["a"].pk]),
                {"title": "Взлом", "body": "x", "scope": "school", "for_staff": "on"},
            )
            assert response.status_code in (403, 404), who
    # then the announcement is unchanged
    items["a"].refresh_from_db()
    assert items["a"].title == "Объявление Школа A"


def test_author_edits_and_deletes(
    client: Any, world: World, items: dict[str, Announcement]
) -> None:
    # given the class teacher, author of the 5А announcement
    client.force_login(world.user("teacher"))
    item = items["a"]
    file = item.attachments.get()
    # when they change the title and remove the file
    response = client.post(
        reverse("messaging:announcement_edit", args=[world.a.school.pk, item.pk]),
        {
            "title": "Изменено",
            "body": "Текст",
            "scope": "class",
            "school_class": world.a.school_class.pk,
            "for_students": "on",
            "remove": [str(file.pk)],
        },
    )
    # then it is saved without the file
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Изменено"
    assert item.attachments.count() == 0
    # when they delete it
    response = client.post(
        reverse("messaging:announcement_delete", args=[world.a.school.pk, item.pk])
    )
    # then it is gone
    assert response.status_code == 302
    assert not Announcement.objects.filter(pk=item.pk).exists()


def test_board_queries_do_not_grow(client: Any, world: World) -> None:
    # given the board of the director with 2 announcements, then with 12
    client.force_login(world.user("director"))
    url = reverse("messaging:announcement_list", args=[world.a.school.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    count()  # the first visit remembers the school (one write)
    for _ in range(2):
        _item(world.a)
    few = count()
    for _ in range(10):
        _item(world.a)
    # then the number of queries is the same
    assert count() == few


def test_scheduled_and_expired_are_marked_for_the_author_only(client: Any, world: World) -> None:
    import datetime

    from django.utils import timezone

    # given a scheduled and an expired announcement of the class teacher for 5А's students
    now = timezone.now()
    _item(world.a, title="Будущее", publish_from=now + datetime.timedelta(days=2))
    expired = _item(world.a, title="Прошлое", publish_from=now - datetime.timedelta(days=5))
    Announcement.objects.filter(pk=expired.pk).update(
        publish_until=now - datetime.timedelta(days=1)
    )
    url = reverse("messaging:announcement_list", args=[world.a.school.pk])
    # when the author opens the board, both are there, marked
    client.force_login(world.user("teacher"))
    body = client.get(url, headers={"accept-language": "en"}).content.decode()
    assert "Будущее" in body
    assert "Прошлое" in body
    assert "Scheduled" in body
    assert "Expired" in body
    # when the student opens it, neither is there
    client.force_login(world.user("student"))
    body = client.get(url, headers={"accept-language": "en"}).content.decode()
    assert "Будущее" not in body
    assert "Прошлое" not in body
