"""Messages through the API: the role matrix over two schools (only participants read a
conversation; others 404), starting one (JSON and multipart with files), replies, read marks,
the archive, the address book, refusals that change nothing, and constant queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from parta.core.context import Actor
from parta.core.testing.matrix import ALL_WHO, check_matrix
from parta.core.testing.world import SchoolWorld
from parta.messaging.models import Message, Thread, ThreadParticipant
from parta.messaging.services.messages import thread_start
from parta.messaging.tests.test_messages_setup import (
    EXE,
    PDF,
    Cast,
    _school_day,
    cast,
    fresh_storage,
)
from parta.messaging.tests.test_messages_views import MEMBERS, counts

pytestmark = pytest.mark.django_db
__all__ = ["_school_day", "cast", "fresh_storage"]

V1 = "/api/v1/messages/"


@pytest.fixture
def api() -> APIClient:
    return APIClient(headers={"accept-language": "en"})


def pdf(name: str = "Справка.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def start(writer: Any, school: Any, to: list[Any], subject: str = "Вопрос", **extra: Any) -> Thread:
    return thread_start(
        actor=Actor(user=writer),
        school=school,
        recipients=to,
        subject=subject,
        body=extra.pop("body", "Добрый день!"),
        **extra,
    )


def threads_by_school(cast: Cast) -> dict[int, Thread]:
    result = {}
    for sw in (cast.world.a, cast.world.b):
        result[sw.school.pk] = start(
            sw.users["parent"], sw.school, [sw.users["teacher"]], files=[pdf()]
        )
    return result


# --- the role matrix ---------------------------------------------------------------------------
def test_thread_detail_matrix(api, cast):
    threads = threads_by_school(cast)
    check_matrix(
        api,
        cast.world,
        lambda sw: f"{V1}threads/{threads[sw.school.pk].pk}/",
        allowed={"parent", "teacher"},
        other_school_allowed=(),
    )


def test_the_list_holds_only_the_users_threads(api, cast):
    threads = threads_by_school(cast)
    a_thread = threads[cast.a.school.pk]
    for who in ALL_WHO:
        api.force_login(cast.user(who))
        response = api.get(f"{V1}threads/")
        assert response.status_code == 200
        ids = [row["id"] for row in response.json()["results"]]
        assert ids == ([a_thread.pk] if who in {"parent", "teacher"} else []), who
    # a school the user does not take part in: 404 (another school) or 403 (a reader)
    api.force_login(cast.user("parent"))
    assert api.get(f"{V1}threads/", {"school": cast.world.b.school.pk}).status_code == 404
    api.force_login(cast.user("municipal_specialist"))
    assert api.get(f"{V1}threads/", {"school": cast.a.school.pk}).status_code == 403


def test_recipients_matrix(api, cast):
    check_matrix(
        api,
        cast.world,
        lambda sw: f"{V1}recipients/?school={sw.school.pk}",
        allowed=MEMBERS,
        other_school_allowed={"superuser"},
    )


def test_reply_matrix_and_denied_replies_change_nothing(api, cast):
    threads = threads_by_school(cast)
    before = Message.objects.count()
    check_matrix(
        api,
        cast.world,
        lambda sw: f"{V1}threads/{threads[sw.school.pk].pk}/reply/",
        method="post",
        data={"body": "Ответ"},
        format="json",
        allowed={"parent", "teacher"},
        other_school_allowed=(),
        ok=(201,),
    )
    assert Message.objects.count() == before + 2


def test_download_matrix(api, cast):
    threads = threads_by_school(cast)

    def url(sw: SchoolWorld) -> str:
        message = threads[sw.school.pk].messages.get()
        return f"{V1}attachments/{message.attachments.get().pk}/download/"

    check_matrix(api, cast.world, url, allowed={"parent", "teacher"}, other_school_allowed=())


# --- writing -------------------------------------------------------------------------------------
def test_start_a_thread_with_json(api, cast):
    api.force_login(cast.user("parent"))
    response = api.post(
        f"{V1}threads/",
        {
            "school": cast.a.school.pk,
            "recipients": [cast.subject_teacher.pk, cast.user("teacher").pk],
            "subject": "Экскурсия",
            "body": "Можно ли поехать?",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["subject"] == "Экскурсия"
    assert body["unread_count"] == 0
    assert [m["body"] for m in body["messages"]] == ["Можно ли поехать?"]
    assert {p["id"] for p in body["participants"]} == {
        cast.user("parent").pk,
        cast.subject_teacher.pk,
        cast.user("teacher").pk,
    }


def test_start_a_thread_with_files_and_download_them(api, cast):
    api.force_login(cast.user("parent"))
    response = api.post(
        f"{V1}threads/",
        {
            "school": cast.a.school.pk,
            "recipients": [cast.subject_teacher.pk],
            "subject": "Справка",
            "body": "Прикладываю справку",
            "file": [pdf(), pdf("Фото.pdf")],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    files = response.json()["messages"][0]["attachments"]
    assert [f["name"] for f in files] == ["Справка.pdf", "Фото.pdf"]
    assert "messaging/" not in str(files)
    api.force_login(cast.subject_teacher)
    download = api.get(files[0]["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        (lambda c: {"recipients": [c.idle_teacher.pk]}, "You cannot write to Свободнова Ада"),
        (lambda c: {"recipients": [c.user("teacher", "b").pk]}, "You cannot write to"),
        (lambda c: {"body": " "}, "Write the text"),
        (lambda c: {"recipients": []}, "at least one recipient"),
        (lambda c: {"file": [pdf("Программа.pdf", EXE)]}, "is not a pdf file"),
    ],
)
def test_a_refused_thread_is_400_and_writes_nothing(api, cast, payload, fragment):
    api.force_login(cast.user("parent"))
    data = {
        "school": cast.a.school.pk,
        "recipients": [cast.subject_teacher.pk],
        "subject": "Тема",
        "body": "Текст",
        **payload(cast),
    }
    before = counts()
    response = api.post(f"{V1}threads/", data, format="multipart")
    assert response.status_code == 400
    assert fragment in str(response.json())
    assert response.json()["message"] == "The data did not pass validation."
    assert counts() == before


def test_starting_in_another_school_is_404_and_writes_nothing(api, cast):
    api.force_login(cast.user("director"))
    before = counts()
    response = api.post(
        f"{V1}threads/",
        {
            "school": cast.world.b.school.pk,
            "recipients": [cast.user("teacher", "b").pk],
            "subject": "Тема",
            "body": "Текст",
        },
        format="json",
    )
    assert response.status_code == 404
    assert counts() == before


def test_reply_read_and_archive(api, cast):
    parent, teacher = cast.user("parent"), cast.subject_teacher
    thread = start(parent, cast.a.school, [teacher])
    api.force_login(teacher)
    assert api.get(f"{V1}threads/", {"unread": "true"}).json()["count"] == 1
    # reading does not mark read; the read endpoint does
    assert api.get(f"{V1}threads/{thread.pk}/").json()["unread_count"] == 1
    assert api.post(f"{V1}threads/{thread.pk}/read/").status_code == 204
    assert api.get(f"{V1}threads/", {"unread": "true"}).json()["count"] == 0
    # a reply with a file
    response = api.post(
        f"{V1}threads/{thread.pk}/reply/",
        {"body": "Ответ", "file": [pdf()]},
        format="multipart",
    )
    assert response.status_code == 201
    assert response.json()["author"] == teacher.pk
    assert response.json()["attachments"][0]["name"] == "Справка.pdf"
    # the parent sees it unread; archives the thread
    api.force_login(parent)
    listed = api.get(f"{V1}threads/", {"school": cast.a.school.pk}).json()["results"]
    assert listed[0]["unread_count"] == 1
    assert listed[0]["last_body"] == "Ответ"
    assert (
        api.post(f"{V1}threads/{thread.pk}/archive/", {"archived": True}, format="json").status_code
        == 204
    )
    assert api.get(f"{V1}threads/").json()["count"] == 0
    assert api.get(f"{V1}threads/", {"archived": "true"}).json()["count"] == 1
    # an outsider cannot mark read or archive: 404, nothing changed
    api.force_login(cast.idle_teacher)
    before = list(ThreadParticipant.objects.values_list("last_read_at", "is_archived"))
    assert api.post(f"{V1}threads/{thread.pk}/read/").status_code == 404
    assert (
        api.post(f"{V1}threads/{thread.pk}/archive/", {"archived": True}, format="json").status_code
        == 404
    )
    assert list(ThreadParticipant.objects.values_list("last_read_at", "is_archived")) == before


def test_search_in_the_api(api, cast):
    parent = cast.user("parent")
    start(parent, cast.a.school, [cast.subject_teacher], subject="Экскурсия")
    other = start(parent, cast.a.school, [cast.subject_teacher], body="Какой параграф?")
    api.force_login(parent)
    found = api.get(f"{V1}threads/", {"q": "ПАРАГРАФ"}).json()["results"]
    assert [row["id"] for row in found] == [other.pk]


def test_the_address_book_in_the_api(api, cast):
    api.force_login(cast.user("parent"))
    response = api.get(f"{V1}recipients/", {"school": cast.a.school.pk, "q": "Группова"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"][0]["id"] == cast.group_teacher.pk
    assert body["results"][0]["group"] == "teachers"
    assert api.get(f"{V1}recipients/").status_code == 400


# --- query counts --------------------------------------------------------------------------------
def test_lists_read_with_constant_queries(api, cast, django_assert_max_num_queries):
    parent = cast.user("parent")
    api.force_login(parent)
    start(parent, cast.a.school, [cast.subject_teacher], files=[pdf()])
    urls = [f"{V1}threads/", f"{V1}recipients/?school={cast.a.school.pk}"]
    thread_url = f"{V1}threads/{Thread.objects.get().pk}/"
    few = {}
    for url in [*urls, thread_url]:
        api.get(url)
        with django_assert_max_num_queries(15) as queries:
            assert api.get(url).status_code == 200
        few[url] = len(queries.captured_queries)
    for n in range(6):
        start(parent, cast.a.school, [cast.subject_teacher, cast.group_teacher], subject=f"Т{n}")
    thread = Thread.objects.order_by("pk").first()
    assert thread is not None
    from parta.messaging.services.messages import message_reply

    for n in range(5):
        message_reply(
            actor=Actor(user=cast.subject_teacher), thread=thread, body=f"{n}", files=[pdf()]
        )
    for url in [*urls, thread_url]:
        with django_assert_max_num_queries(15) as queries:
            assert api.get(url).status_code == 200
        assert len(queries.captured_queries) == few[url], url
