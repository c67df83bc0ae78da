"""Message pages: the role matrix over two schools (only participants read a conversation,
everyone else 404), composing with the address book and `?to=`, replying with files,
refusals that change nothing, read marks, search, the archive and constant queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.testing.matrix import ALL_WHO, check_matrix
from parta.core.testing.world import SchoolWorld
from parta.messaging.models import Message, MessageAttachment, Thread, ThreadParticipant
from parta.messaging.services.messages import thread_start
from parta.messaging.tests.test_messages_setup import (
    EXE,
    PDF,
    Cast,
    _school_day,
    cast,
    client,
    fresh_storage,
)

pytestmark = pytest.mark.django_db
__all__ = ["_school_day", "cast", "client", "fresh_storage"]

#: Everyone with a role in school A (the municipal specialist only reads the school: 403).
MEMBERS = set(ALL_WHO) - {"municipal_specialist"}


class Upload(SimpleUploadedFile):
    """An upload that can be sent again and again (each request reads it from the start)."""

    def read(self, *args: Any) -> bytes:
        if not args:
            self.seek(0)
        return super().read(*args)


def pdf(name: str = "Справка.pdf", content: bytes = PDF) -> Upload:
    return Upload(name, content, content_type="application/pdf")


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
    """In each school, a thread between its parent and its class teacher (with a file)."""
    world = cast.world
    result = {}
    for key in ("a", "b"):
        sw = getattr(world, key)
        result[sw.school.pk] = start(
            sw.users["parent"], sw.school, [sw.users["teacher"]], files=[pdf()]
        )
    return result


def counts() -> tuple[int, ...]:
    return (
        Thread.objects.count(),
        Message.objects.count(),
        ThreadParticipant.objects.count(),
        MessageAttachment.objects.count(),
        AuditEvent.objects.exclude(object_type="messaging.threadparticipant").count(),
    )


# --- the role matrix ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["thread_list", "thread_new", "thread_recipients"])
def test_list_and_compose_matrix(client, cast, name):
    # the people of the school open their messages; the municipal reader is refused
    check_matrix(
        client,
        cast.world,
        lambda sw: reverse(f"messaging:{name}", args=[sw.school.pk]),
        allowed=MEMBERS,
        other_school_allowed={"superuser"},
    )


def test_only_the_participants_read_a_thread(client, cast):
    # given a thread between the parent and the class teacher in each school
    threads = threads_by_school(cast)

    def url(sw: SchoolWorld) -> str:
        return reverse("messaging:thread_detail", args=[sw.school.pk, threads[sw.school.pk].pk])

    # then only they read it: the director, the superuser and the others get 404
    check_matrix(client, cast.world, url, allowed={"parent", "teacher"}, other_school_allowed=())
    for who in ("director", "superuser", "student"):
        client.force_login(cast.user(who))
        assert client.get(url(cast.world.a)).status_code == 404


def test_only_the_participants_download_a_file(client, cast):
    threads = threads_by_school(cast)

    def url(sw: SchoolWorld) -> str:
        row = MessageAttachment.objects.get(message__thread=threads[sw.school.pk])
        return reverse("messaging:attachment", args=[sw.school.pk, row.pk])

    check_matrix(client, cast.world, url, allowed={"parent", "teacher"}, other_school_allowed=())
    client.force_login(cast.user("parent"))
    response = client.get(url(cast.world.a))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    # a thread of school A's file through school B's address is 404 too
    row = MessageAttachment.objects.get(message__thread=threads[cast.a.school.pk])
    wrong = reverse("messaging:attachment", args=[cast.world.b.school.pk, row.pk])
    assert client.get(wrong).status_code == 404


def test_reply_matrix_and_denied_replies_change_nothing(client, cast):
    threads = threads_by_school(cast)

    def url(sw: SchoolWorld) -> str:
        return reverse("messaging:thread_detail", args=[sw.school.pk, threads[sw.school.pk].pk])

    before = Message.objects.count()
    check_matrix(
        client,
        cast.world,
        url,
        method="post",
        data={"body": "Ответ"},
        allowed={"parent", "teacher"},
        other_school_allowed=(),
        ok=(302,),
    )
    # the parent and the teacher of school A replied; nobody else wrote anything
    assert Message.objects.count() == before + 2


def test_compose_matrix_writes_only_for_allowed_senders(client, cast):
    # every role of school A writes to the director of the school of the page; in A all its
    # people may (the director has nobody to write to in himself: refused, nothing written),
    # in B only the superuser; a refusal writes nothing
    def url(sw: SchoolWorld) -> str:
        return reverse("messaging:thread_new", args=[sw.school.pk])

    for who in ALL_WHO:
        client.force_login(cast.user(who))
        for sw, expected in (
            (cast.world.a, who in MEMBERS - {"director"}),
            (cast.world.b, who == "superuser"),
        ):
            before = counts()
            data = {"to": [sw.users["director"].pk], "subject": "Тема", "body": "Текст"}
            response = client.post(url(sw), data)
            if expected:
                assert response.status_code == 302, (who, sw.school, response.status_code)
                assert counts() != before
            else:
                assert response.status_code in (400, 403, 404), (who, response.status_code)
                assert counts() == before, who
        client.logout()


# --- composing -----------------------------------------------------------------------------------
def test_compose_with_to_prefills_the_recipient_and_sends(client, cast, fresh_storage):
    # given the subject teacher follows a "write to parent" link
    teacher, parent = cast.subject_teacher, cast.user("parent")
    client.force_login(teacher)
    url = reverse("messaging:thread_new", args=[cast.a.school.pk])
    page = client.get(url, {"to": parent.pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert f'name="to" value="{parent.pk}" checked' in html
    assert "Родителеваa Мария" in html
    # when she sends a message with a file
    response = client.post(
        url,
        {"to": [parent.pk], "subject": "Контрольная", "body": "Напоминаю", "files": [pdf()]},
    )
    # then she lands on the new thread
    thread = Thread.objects.get(subject="Контрольная")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "messaging:thread_detail", args=[cast.a.school.pk, thread.pk]
    )
    assert thread.messages.get().attachments.count() == 1


def test_compose_refuses_a_forbidden_recipient_with_nothing_written(client, cast):
    client.force_login(cast.user("parent"))
    url = reverse("messaging:thread_new", args=[cast.a.school.pk])
    before = counts()
    response = client.post(
        url,
        {
            "to": [cast.subject_teacher.pk, cast.idle_teacher.pk],
            "subject": "Тема",
            "body": "Текст",
        },
    )
    assert response.status_code == 400
    assert "You cannot write to Свободнова Ада" in response.content.decode()
    assert counts() == before


def test_compose_refuses_a_bad_file_with_nothing_written(client, cast, fresh_storage):
    client.force_login(cast.user("parent"))
    url = reverse("messaging:thread_new", args=[cast.a.school.pk])
    before = counts()
    response = client.post(
        url,
        {
            "to": [cast.subject_teacher.pk],
            "subject": "Тема",
            "body": "Текст",
            "files": [pdf("Программа.pdf", EXE)],
        },
    )
    assert response.status_code == 400
    assert "is not a pdf file" in response.content.decode()
    assert counts() == before


def test_a_link_to_a_forbidden_person_leaves_them_out(client, cast):
    client.force_login(cast.user("parent"))
    url = reverse("messaging:thread_new", args=[cast.a.school.pk])
    html = client.get(url, {"to": [cast.idle_teacher.pk, "x"]}).content.decode()
    assert "Свободнова" not in html
    assert "cannot be written to and were left out" in html


def test_the_address_book_searches_and_keeps_the_chosen(client, cast):
    client.force_login(cast.user("parent"))
    url = reverse("messaging:thread_recipients", args=[cast.a.school.pk])
    html = client.get(
        url, {"q": "группова", "to": [cast.subject_teacher.pk]}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Группова Инна" in html
    assert f'value="{cast.subject_teacher.pk}" checked' in html
    assert "Учителева" not in html


# --- the list and a thread ---------------------------------------------------------------------
def test_opening_a_thread_marks_it_read_and_shows_messages_in_order(client, cast):
    parent, teacher = cast.user("parent"), cast.subject_teacher
    thread = start(parent, cast.a.school, [teacher], body="Первое")
    client.force_login(teacher)
    listing = client.get(reverse("messaging:thread_list", args=[cast.a.school.pk]))
    assert "1 new" in listing.content.decode()
    url = reverse("messaging:thread_detail", args=[cast.a.school.pk, thread.pk])
    client.post(url, {"body": "Второе"})
    client.force_login(parent)
    html = client.get(url).content.decode()
    assert html.index("Первое") < html.index("Второе")
    assert 'data-testid="reply"' in html
    assert 'name="body"' in html
    mine = ThreadParticipant.objects.get(thread=thread, user=parent)
    latest = thread.messages.order_by("created_at").last()
    assert latest is not None
    assert mine.last_read_at == latest.created_at
    listing = client.get(reverse("messaging:thread_list", args=[cast.a.school.pk]))
    assert "new" not in listing.content.decode().split("msg-threads", 1)[1]


def test_an_empty_reply_is_refused(client, cast):
    thread = start(cast.user("parent"), cast.a.school, [cast.subject_teacher])
    client.force_login(cast.user("parent"))
    url = reverse("messaging:thread_detail", args=[cast.a.school.pk, thread.pk])
    before = counts()
    response = client.post(url, {"body": "  "})
    assert response.status_code == 400
    assert counts() == before


def test_the_list_searches_and_filters(client, cast):
    parent = cast.user("parent")
    start(parent, cast.a.school, [cast.subject_teacher], subject="Экскурсия")
    other = start(parent, cast.a.school, [cast.subject_teacher], subject="Оценки за четверть")
    client.force_login(parent)
    url = reverse("messaging:thread_list", args=[cast.a.school.pk])
    html = client.get(url, {"q": "экскурсия"}).content.decode()
    assert "Экскурсия" in html
    assert "четверть" not in html
    partial = client.get(url, {"q": "четверть"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial
    assert "четверть" in partial
    # archive one: it leaves the inbox and shows under «archived»
    archive = reverse("messaging:thread_archive", args=[cast.a.school.pk, other.pk])
    assert client.post(archive, {"archived": "1"}).status_code == 302
    assert "четверть" not in client.get(url).content.decode()
    assert "четверть" in client.get(url, {"show": "archived"}).content.decode()
    # someone else cannot archive it
    client.force_login(cast.idle_teacher)
    assert client.post(archive, {"archived": "0"}).status_code == 404


def test_the_list_page_reads_with_constant_queries(client, cast, django_assert_max_num_queries):
    parent = cast.user("parent")
    client.force_login(parent)
    url = reverse("messaging:thread_list", args=[cast.a.school.pk])
    start(parent, cast.a.school, [cast.subject_teacher])
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for n in range(8):
        start(parent, cast.a.school, [cast.subject_teacher, cast.group_teacher], subject=f"Т{n}")
    with django_assert_max_num_queries(12) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_thread_page_reads_with_constant_queries(client, cast, django_assert_max_num_queries):
    parent, teacher = cast.user("parent"), cast.subject_teacher
    thread = start(parent, cast.a.school, [teacher], files=[pdf()])
    url = reverse("messaging:thread_detail", args=[cast.a.school.pk, thread.pk])
    client.force_login(parent)
    client.get(url)
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    from parta.messaging.services.messages import message_reply

    for n in range(6):
        message_reply(actor=Actor(user=teacher), thread=thread, body=f"Ответ {n}", files=[pdf()])
        message_reply(actor=Actor(user=parent), thread=thread, body=f"Вопрос {n}")
    client.get(url)  # marks the replies read
    with django_assert_max_num_queries(15) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_times_are_shown_in_the_schools_time_zone(client, cast):
    # given a school in Vladivostok (UTC+10) and a message sent at 06:00 UTC
    school = cast.a.school
    school.timezone = "Asia/Vladivostok"
    school.save(update_fields=["timezone"])
    thread = start(cast.user("parent"), school, [cast.subject_teacher])
    client.force_login(cast.user("parent"))
    # then the list and the conversation show 16:00 local time
    listing = client.get(reverse("messaging:thread_list", args=[school.pk])).content.decode()
    page = client.get(reverse("messaging:thread_detail", args=[school.pk, thread.pk]))
    assert "10.11.2026 16:00" in listing
    assert "10.11.2026 16:00" in page.content.decode()
