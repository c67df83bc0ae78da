"""Attaching files to an assignment and removing them: limits, refusals that store nothing,
who may, the audit, and the stored files leaving after the commit."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.storage import InMemoryStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record
from parta.journal.models import AssignmentFile
from parta.journal.services import (
    MAX_FILES_PER_ASSIGNMENT,
    assignment_delete,
    assignment_file_remove,
    assignment_files_attach,
)
from parta.journal.services import files as file_services
from parta.journal.tests.test_services_rig import Rig

PDF = b"%PDF-1.7\n1 0 obj\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00"


@pytest.fixture(autouse=True)
def fresh_storage(monkeypatch: pytest.MonkeyPatch) -> InMemoryStorage:
    """An empty storage for the assignment files of each test (ids repeat between tests)."""
    store = InMemoryStorage()
    monkeypatch.setattr(AssignmentFile._meta.get_field("file"), "storage", store)
    return store


def pdf(name: str = "Задание.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def storage() -> Any:
    return AssignmentFile._meta.get_field("file").storage


def stored_names(rig: Rig) -> list[str]:
    """What the storage holds in the rig's school folder."""
    folder = f"journal/{rig.school.pk}"
    if not storage().exists(folder):
        return []
    return sorted(storage().listdir(folder)[1])


def file_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type="journal.assignmentfile").order_by("pk"))


def test_teacher_attaches_several_files_in_one_go(rig, django_capture_on_commit_callbacks):
    # given the lesson's teacher; when they attach a PDF and a text file
    text = SimpleUploadedFile("Вопросы к параграфу.txt", "1. Что такое дробь?".encode())
    rows = assignment_files_attach(
        actor=rig.teacher_actor, assignment=rig.assignment, files=[pdf(), text]
    )
    # then both are stored under random names in the school's folder, with the user's names
    assert [row.name for row in rows] == ["Задание.pdf", "Вопросы к параграфу.txt"]
    assert [row.content_type for row in rows] == ["application/pdf", "text/plain"]
    assert rows[0].size == len(PDF)
    assert rows[0].uploaded_by == rig.teacher_user
    assert rows[0].school_id == rig.school.pk
    assert rows[0].file.name.startswith(f"journal/{rig.school.pk}/")
    assert "Задание" not in rows[0].file.name
    with rows[0].file.open("rb") as stream:
        assert stream.read() == PDF
    assert len(stored_names(rig)) == 2
    # and each file is audited once
    events = file_events()
    assert [e.action for e in events] == [AuditEvent.Action.CREATE] * 2
    assert [e.object_id for e in events] == [str(row.pk) for row in rows]
    assert (events[0].after or {})["name"] == "Задание.pdf"
    assert events[0].actor == rig.teacher_user


@pytest.mark.parametrize(
    ("files", "code"),
    [
        (list, "no_file"),
        (lambda: [pdf(), pdf("вирус.exe", EXE)], "extension"),
        (lambda: [pdf(), pdf("переименован.pdf", EXE)], "content"),
        (lambda: [pdf("пусто.pdf", b"")], "empty"),
    ],
)
def test_a_refused_file_stores_nothing(rig, files, code):
    # given a good file next to a refused one; when they are attached together
    with pytest.raises(ValidationError) as caught:
        assignment_files_attach(actor=rig.teacher_actor, assignment=rig.assignment, files=files())
    # then the refusal explains, and neither row nor stored file nor audit event is left
    assert code in {error.code for error in caught.value.error_list}
    assert not AssignmentFile.objects.exists()
    assert stored_names(rig) == []
    assert file_events() == []


@override_settings(PARTA_UPLOAD_MAX_BYTES=1024 * 1024)
def test_a_too_large_file_names_the_limit(rig):
    with pytest.raises(ValidationError) as caught:
        assignment_files_attach(
            actor=rig.teacher_actor,
            assignment=rig.assignment,
            files=[pdf(content=PDF + b"0" * (1024 * 1024 * 3 // 2))],
        )
    assert caught.value.messages == ["The file «Задание.pdf» is too large (1.5 MB): at most 1 MB."]
    assert not AssignmentFile.objects.exists()
    assert stored_names(rig) == []


def test_every_refused_file_is_named(rig):
    with pytest.raises(ValidationError) as caught:
        assignment_files_attach(
            actor=rig.teacher_actor,
            assignment=rig.assignment,
            files=[pdf("а.exe", EXE), pdf("б.pdf", EXE)],
        )
    assert len(caught.value.messages) == 2
    assert "«а.exe»" in caught.value.messages[0]
    assert "«б.pdf»" in caught.value.messages[1]


def test_at_most_ten_files_per_assignment(rig):
    # given an assignment with nine files
    assignment_files_attach(
        actor=rig.teacher_actor,
        assignment=rig.assignment,
        files=[pdf(f"{n}.pdf") for n in range(MAX_FILES_PER_ASSIGNMENT - 1)],
    )
    # when two more are attached; then both are refused
    with pytest.raises(ValidationError) as caught:
        assignment_files_attach(
            actor=rig.teacher_actor, assignment=rig.assignment, files=[pdf("а.pdf"), pdf("б.pdf")]
        )
    assert caught.value.code == "too_many"
    assert "at most 10 files" in caught.value.messages[0]
    assert AssignmentFile.objects.count() == MAX_FILES_PER_ASSIGNMENT - 1
    assert len(stored_names(rig)) == MAX_FILES_PER_ASSIGNMENT - 1
    # and one more still fits
    assignment_files_attach(actor=rig.teacher_actor, assignment=rig.assignment, files=[pdf()])
    assert AssignmentFile.objects.count() == MAX_FILES_PER_ASSIGNMENT


def test_who_may_attach(rig):
    # the substitute of the lesson and the deputy may; another teacher and the secretary may not
    from parta.core.testing import factories as f

    f.SubstitutionFactory.create(lesson=rig.lesson, teacher=rig.substitute)
    for actor in (Actor(user=rig.sub_user), rig.deputy_actor):
        assignment_files_attach(actor=actor, assignment=rig.assignment, files=[pdf()])
    for actor in (rig.other_actor, Actor(user=rig.secretary_user)):
        with pytest.raises(ValidationError) as caught:
            assignment_files_attach(actor=actor, assignment=rig.assignment, files=[pdf()])
        assert caught.value.code == "forbidden"
    assert AssignmentFile.objects.count() == 2
    assert len(stored_names(rig)) == 2


def test_after_the_edit_window_only_the_administration_attaches(rig):
    # given the lesson a month ago
    later = rig.lesson.date + datetime.timedelta(days=30)
    with time_machine.travel(rig.noon(later), tick=False):
        # when its teacher attaches a file; then the window is named and nothing is stored
        with pytest.raises(ValidationError) as caught:
            assignment_files_attach(
                actor=rig.teacher_actor, assignment=rig.assignment, files=[pdf()]
            )
        assert caught.value.code == "window"
        assert stored_names(rig) == []
        # and the deputy director still may
        assignment_files_attach(actor=rig.deputy_actor, assignment=rig.assignment, files=[pdf()])
    assert AssignmentFile.objects.count() == 1


def test_a_failing_save_removes_the_files_already_stored(rig, monkeypatch):
    # given the audit failing on the second file
    calls = {"n": 0}
    original = audit_record

    def failing(**kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("database gone")
        return original(**kwargs)

    monkeypatch.setattr(file_services, "audit_record", failing)
    # when two files are attached; then the error passes and no row nor stored file is left
    with pytest.raises(RuntimeError):
        assignment_files_attach(
            actor=rig.teacher_actor, assignment=rig.assignment, files=[pdf("1.pdf"), pdf("2.pdf")]
        )
    assert not AssignmentFile.objects.exists()
    assert stored_names(rig) == []


def test_removing_a_file_deletes_it_after_the_commit(rig, django_capture_on_commit_callbacks):
    # given a file of the assignment
    (row,) = assignment_files_attach(
        actor=rig.teacher_actor, assignment=rig.assignment, files=[pdf()]
    )
    name = row.file.name
    # when the teacher removes it
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assignment_file_remove(actor=rig.teacher_actor, file=row)
        # then the stored file waits for the commit
        assert storage().exists(name)
    assert len(callbacks) == 1
    assert not storage().exists(name)
    assert not AssignmentFile.objects.exists()
    (event,) = [e for e in file_events() if e.action == AuditEvent.Action.DELETE]
    assert (event.before or {})["name"] == "Задание.pdf"
    assert event.object_id == str(row.pk)


def test_a_rolled_back_removal_keeps_the_file(rig, django_capture_on_commit_callbacks):
    (row,) = assignment_files_attach(
        actor=rig.teacher_actor, assignment=rig.assignment, files=[pdf()]
    )

    def remove_then_fail() -> None:
        with transaction.atomic():
            assignment_file_remove(actor=rig.teacher_actor, file=row)
            raise RuntimeError("rolled back")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        remove_then_fail()
    assert callbacks == []
    assert storage().exists(row.file.name)
    assert AssignmentFile.objects.filter(pk=row.pk).exists()


def test_another_teacher_may_not_remove_a_file(rig):
    (row,) = assignment_files_attach(
        actor=rig.teacher_actor, assignment=rig.assignment, files=[pdf()]
    )
    with pytest.raises(ValidationError) as caught:
        assignment_file_remove(actor=rig.other_actor, file=row)
    assert caught.value.code == "forbidden"
    assert AssignmentFile.objects.filter(pk=row.pk).exists()
    assert storage().exists(row.file.name)


def test_deleting_the_assignment_removes_its_files(rig, django_capture_on_commit_callbacks):
    # given an assignment with two files
    rows = assignment_files_attach(
        actor=rig.teacher_actor, assignment=rig.assignment, files=[pdf("1.pdf"), pdf("2.pdf")]
    )
    # when the assignment is deleted; then its rows go and the stored files after the commit
    with django_capture_on_commit_callbacks(execute=True):
        assignment_delete(actor=rig.teacher_actor, assignment=rig.assignment)
    assert not AssignmentFile.objects.exists()
    assert not any(storage().exists(row.file.name) for row in rows)
