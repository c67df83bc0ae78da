"""Message services: starting a conversation, replying, read marks and the archive; every
refusal writes nothing (no thread, message, participant, file or audit event)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.messaging.models import Message, MessageAttachment, Thread, ThreadParticipant
from parta.messaging.selectors_messages import thread_list, unread_threads_count
from parta.messaging.services.messages import (
    MAX_RECIPIENTS,
    message_reply,
    thread_archive,
    thread_mark_read,
    thread_start,
)
from parta.messaging.tests.test_messages_setup import (
    EXE,
    PDF,
    Cast,
    _school_day,
    cast,
    fresh_storage,
)

pytestmark = pytest.mark.django_db
__all__ = ["_school_day", "cast", "fresh_storage"]


def actor(user: Any) -> Actor:
    return Actor(user=user, ip_address="10.0.0.1")


def pdf(name: str = "Справка.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def stored_files(storage: Any, cast: Cast) -> list[str]:
    folder = f"messaging/{cast.a.school.pk}"
    return sorted(storage.listdir(folder)[1]) if storage.exists(folder) else []


def counts() -> tuple[int, ...]:
    return (
        Thread.objects.count(),
        Message.objects.count(),
        ThreadParticipant.objects.count(),
        MessageAttachment.objects.count(),
        AuditEvent.objects.count(),
    )


def start(cast: Cast, writer: Any = None, to: Any = None, **extra: Any) -> Thread:
    writer = writer or cast.user("parent")
    return thread_start(
        actor=actor(writer),
        school=cast.a.school,
        recipients=to if to is not None else [cast.subject_teacher],
        subject=extra.pop("subject", "Домашнее задание"),
        body=extra.pop("body", "Здравствуйте! Что задано на завтра?"),
        **extra,
    )


def test_a_parent_starts_a_conversation_with_the_childs_teacher(cast, fresh_storage):
    # when the parent writes to the subject teacher with a file
    thread = start(cast, files=[pdf()])
    # then the thread, both participants, the message and its file are stored
    assert thread.school_id == cast.a.school.pk
    parts = {p.user_id: p for p in thread.participants.all()}
    assert set(parts) == {cast.user("parent").pk, cast.subject_teacher.pk}
    message = thread.messages.get()
    assert message.author_id == cast.user("parent").pk
    assert thread.last_message_at == message.created_at
    # the author has read it, the teacher has not
    assert parts[cast.user("parent").pk].last_read_at == message.created_at
    assert parts[cast.subject_teacher.pk].last_read_at is None
    attachment = message.attachments.get()
    assert attachment.name == "Справка.pdf"
    assert attachment.content_type == "application/pdf"
    assert fresh_storage.exists(attachment.file.name)
    # and the message is audited for the notifications
    event = AuditEvent.objects.get(object_type="messaging.message")
    assert event.after is not None
    assert event.after["thread_id"] == thread.pk
    assert event.after["author_id"] == cast.user("parent").pk
    assert event.after["recipient_ids"] == [cast.subject_teacher.pk]
    assert event.after["attachments"][0]["name"] == "Справка.pdf"
    # the text itself stays out of the audit log
    assert "body" not in event.after
    assert event.after["body_length"] == len("Здравствуйте! Что задано на завтра?")
    assert event.school_id == cast.a.school.pk
    assert event.ip_address == "10.0.0.1"


def test_a_forbidden_recipient_refuses_the_whole_message_naming_them(cast):
    before = counts()
    # when the parent writes to the child's teacher and to a teacher who does not teach the child
    with pytest.raises(ValidationError) as error:
        start(cast, to=[cast.subject_teacher, cast.idle_teacher])
    # then nothing is written and the refused one is named
    assert counts() == before
    message = str(error.value.message_dict["recipients"])
    assert "Свободнова Ада" in message
    assert "Математика" not in message


def test_a_person_of_another_school_is_refused(cast):
    before = counts()
    with pytest.raises(ValidationError, match="You cannot write to"):
        start(cast, writer=cast.user("director"), to=[cast.user("teacher", "b")])
    assert counts() == before


def test_an_unknown_user_id_is_refused(cast):
    with pytest.raises(ValidationError, match="1 other person"):
        start(cast, to=[999_999])


def test_a_refusal_names_staff_but_never_students_parents_or_other_schools(cast):
    # when the parent writes to another parent, another student and B's director
    with pytest.raises(ValidationError) as error:
        start(
            cast,
            to=[cast.other_parent, cast.student_6b, cast.user("director", "b"), cast.idle_teacher],
        )
    message = str(error.value.message_dict["recipients"])
    # then the teacher is named, the others only counted
    assert "Свободнова Ада" in message
    assert "3 other people" in message
    assert "Другова" not in message
    assert "Шестов" not in message


@pytest.mark.parametrize(
    ("extra", "field", "fragment"),
    [
        ({"body": "   "}, "body", "Write the text"),
        ({"subject": ""}, "subject", "Write the subject"),
        ({"subject": "x" * 201}, "subject", "too long"),
        ({"body": "x" * 10_001}, "body", "too long"),
        ({"to": []}, "recipients", "at least one recipient"),
    ],
)
def test_an_empty_or_too_long_message_is_refused(cast, extra, field, fragment):
    before = counts()
    with pytest.raises(ValidationError) as error:
        start(cast, **extra)
    assert fragment in str(error.value.message_dict[field])
    assert counts() == before


def test_too_many_recipients_are_refused(cast):
    from parta.accounts.choices import Role
    from parta.accounts.models import RoleAssignment
    from parta.core.testing import factories as f

    # given more colleagues than a conversation may have
    colleagues = []
    for n in range(MAX_RECIPIENTS + 1):
        user = f.UserFactory.create(username=f"colleague{n}")
        RoleAssignment.objects.create(user=user, organization=cast.a.school, role=Role.TEACHER)
        colleagues.append(user)
    before = counts()
    with pytest.raises(ValidationError, match="at most 20 recipients"):
        start(cast, writer=cast.idle_teacher, to=colleagues)
    assert counts() == before
    # the administration may address them all
    thread = start(cast, writer=cast.user("director"), to=colleagues)
    assert thread.participants.count() == MAX_RECIPIENTS + 2


@pytest.mark.parametrize(
    ("files", "fragment"),
    [
        (lambda: [pdf(), pdf("Программа.pdf", EXE)], "is not a pdf file"),
        (lambda: [pdf("вирус.exe", EXE)], "cannot be attached"),
        (lambda: [pdf(f"Лист{n}.pdf") for n in range(11)], "at most 10 files"),
    ],
)
def test_a_refused_file_writes_nothing(cast, fresh_storage, files, fragment):
    before = counts()
    with pytest.raises(ValidationError) as error:
        start(cast, files=files())
    assert fragment in str(error.value.message_dict["files"])
    assert counts() == before
    assert stored_files(fresh_storage, cast) == []


@override_settings(PARTA_UPLOAD_MAX_BYTES=10)
def test_a_too_large_file_is_refused_in_russian(cast):
    before = counts()
    with translation.override("ru"), pytest.raises(ValidationError) as error:
        start(cast, files=[pdf()])
    assert "Файл «Справка.pdf» слишком большой" in str(error.value.message_dict["files"])
    assert counts() == before


def test_a_failure_while_saving_removes_the_stored_files(cast, fresh_storage, monkeypatch):
    # given saving the audit fails after the file was stored
    from parta.messaging.services import messages as module

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(module, "_audit_message", broken)
    before = counts()
    with pytest.raises(RuntimeError):
        start(cast, files=[pdf()])
    assert counts() == before
    assert stored_files(fresh_storage, cast) == []


def test_a_municipal_specialist_cannot_start_a_conversation(cast):
    with pytest.raises(ValidationError, match="Only the people of the school"):
        start(cast, writer=cast.user("municipal_specialist"), to=[cast.user("director")])


# --- replies and read state --------------------------------------------------------------------
def test_a_participant_replies_and_the_others_see_it_unread(cast):
    # given the parent's conversation with the subject teacher
    parent, teacher = cast.user("parent"), cast.subject_teacher
    thread = start(cast)
    assert unread_threads_count(teacher, cast.a.school) == 1
    assert unread_threads_count(parent, cast.a.school) == 0
    # when the teacher opens it and replies
    assert thread_mark_read(actor=actor(teacher), thread=thread) is True
    assert thread_mark_read(actor=actor(teacher), thread=thread) is False
    reply = message_reply(actor=actor(teacher), thread=thread, body="Параграф 12.")
    # then the parent has one unread message, the teacher none
    listed: dict[int, Any] = {t.pk: t for t in thread_list(parent, cast.a.school)}
    assert listed[thread.pk].unread_count == 1
    assert listed[thread.pk].last_body == "Параграф 12."
    mine: Any = thread_list(teacher, cast.a.school).get()
    assert mine.unread_count == 0
    thread.refresh_from_db()
    assert thread.last_message_at == reply.created_at
    event = AuditEvent.objects.filter(object_type="messaging.message").latest("pk")
    assert event.after is not None
    assert event.after["recipient_ids"] == [parent.pk]
    assert event.after["author_id"] == teacher.pk


def test_a_reply_is_allowed_to_every_participant_only(cast):
    thread = start(cast)
    before = counts()
    for outsider in (cast.idle_teacher, cast.user("director"), cast.user("parent", "b")):
        with pytest.raises(ValidationError, match="do not take part"):
            message_reply(actor=actor(outsider), thread=thread, body="Я тоже!")
    with pytest.raises(ValidationError, match="Write the text"):
        message_reply(actor=actor(cast.user("parent")), thread=thread, body=" ")
    assert counts() == before


def test_a_participant_replies_even_when_the_rule_would_no_longer_allow_a_new_thread(cast):
    # given the teacher wrote to the parent and the child then left the class
    import datetime

    from django.utils import timezone

    from parta.people.models import Enrollment

    thread = start(cast, writer=cast.subject_teacher, to=[cast.user("parent")])
    Enrollment.objects.filter(student=cast.a.student).update(
        end_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    # then the parent still replies in the thread
    message_reply(actor=actor(cast.user("parent")), thread=thread, body="Спасибо")
    assert thread.messages.count() == 2


def test_archive_hides_the_thread_until_a_new_message(cast):
    parent = cast.user("parent")
    thread = start(cast)
    thread_archive(actor=actor(parent), thread=thread, archived=True)
    assert list(thread_list(parent, cast.a.school)) == []
    assert [t.pk for t in thread_list(parent, cast.a.school, show="archived")] == [thread.pk]
    # the teacher's inbox keeps it
    assert thread_list(cast.subject_teacher, cast.a.school).count() == 1
    # a reply brings it back
    message_reply(actor=actor(cast.subject_teacher), thread=thread, body="Ответ")
    assert [t.pk for t in thread_list(parent, cast.a.school)] == [thread.pk]
    assert AuditEvent.objects.filter(object_type="messaging.threadparticipant").count() == 1


def test_search_finds_subject_and_message_text_in_any_case(cast):
    parent = cast.user("parent")
    first = start(cast, subject="Экскурсия", body="Можно ли поехать?")
    second = start(cast, subject="Домашнее задание", body="Какой параграф?")
    school = cast.a.school
    assert [t.pk for t in thread_list(parent, school, q="экскурсия")] == [first.pk]
    assert [t.pk for t in thread_list(parent, school, q="ПАРАГРАФ")] == [second.pk]
    assert [t.pk for t in thread_list(parent, school, q="домашнее параграф")] == [second.pk]
    assert list(thread_list(parent, school, q="контрольная")) == []
    assert [t.pk for t in thread_list(cast.subject_teacher, school, show="unread")] == [
        second.pk,
        first.pk,
    ]


def test_the_thread_list_reads_with_constant_queries(cast, django_assert_num_queries):
    parent = cast.user("parent")
    for n in range(2):
        start(cast, subject=f"Вопрос {n}")
    school = cast.a.school

    def read() -> list[Any]:
        threads: list[Any] = list(thread_list(parent, school))
        return [
            (t.subject, t.unread_count, [p.user.username for p in t.participants.all()])
            for t in threads
        ]

    read()
    with django_assert_num_queries(2):
        few = read()
    for n in range(6):
        start(cast, subject=f"Ещё вопрос {n}", to=[cast.subject_teacher, cast.group_teacher])
    with django_assert_num_queries(2):
        many = read()
    assert len(few) == 2
    assert len(many) == 8
