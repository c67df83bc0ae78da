"""Assignment files on the lesson record page: who downloads, attaches and removes them (the
role matrix over two schools, the substitute included), what a refusal shows, and the
download's headers."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parta.accounts.choices import Role
from parta.accounts.models import RoleAssignment
from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ALL_WHO, check_matrix
from parta.journal.models import AssignmentFile
from parta.journal.tests.test_files_services import fresh_storage
from parta.journal.tests.test_views import (
    READERS,
    WRITERS,
    client,
    journal_lesson,
    lessons,
    today,
)
from parta.timetable.models import Lesson

__all__ = ["client", "fresh_storage", "lessons", "today"]  # the shared fixtures

PDF = b"%PDF-1.7\n1 0 obj\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00"


class Upload(SimpleUploadedFile):
    """An upload the matrix can send again and again (each request reads it from the start)."""

    def read(self, *args: Any) -> bytes:
        if not args:
            self.seek(0)
        return super().read(*args)


def attach(lesson: Lesson, name: str = "Задание.pdf", content: bytes = PDF) -> AssignmentFile:
    """A file of a homework assignment of the lesson, stored as the service would."""
    assignment = f.AssignmentFactory.create(lesson=lesson)
    row = AssignmentFile(
        school=lesson.school,
        assignment=assignment,
        name=name,
        size=len(content),
        content_type="application/pdf",
    )
    row.file.save(name, ContentFile(content), save=False)
    row.save()
    return row


def lesson_url(sw: Any, lesson: Lesson) -> str:
    return reverse("journal:lesson", args=[sw.school.pk, lesson.pk])


def file_url(row: AssignmentFile) -> str:
    return reverse("journal:assignment_file", args=[row.school_id, row.pk])


@pytest.fixture
def files(world: Any, lessons: dict[str, Lesson]) -> dict[str, AssignmentFile]:
    return {"a": attach(lessons["a"]), "b": attach(lessons["b"])}


def key(world: Any, sw: Any) -> str:
    return "a" if sw is world.a else "b"


# --- download ------------------------------------------------------------------------------------
def test_download_matrix(client, world, files):
    check_matrix(client, world, lambda sw: file_url(files[key(world, sw)]), allowed=READERS)


def test_download_streams_the_file_as_an_attachment(client, world, files):
    # given the lesson's teacher; when they download the file
    client.force_login(world.a.users["teacher"])
    response = client.get(file_url(files["a"]))
    # then the content comes with the original (Cyrillic) name, not to be sniffed
    assert response.status_code == 200
    assert response.getvalue() == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "filename*=utf-8''%D0%97%D0%B0%D0%B4%D0%B0%D0%BD%D0%B8%D0%B5.pdf"
        in (response["Content-Disposition"])
    )
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_file_under_another_schools_address_is_404(client, world, files):
    # given the superuser, who reads both schools; when school B's file is asked under school A
    client.force_login(world.user("superuser"))
    url = reverse("journal:assignment_file", args=[world.a.school.pk, files["b"].pk])
    # then it is not found
    assert client.get(url).status_code == 404


def test_a_teacher_of_another_class_cannot_download(client, world, lessons):
    # given a lesson of another teacher's class with a file
    other = f.SchoolClassFactory.create(period_set=world.a.school_class.period_set, letter="Б")
    teacher = f.StaffMemberFactory.create(school=world.a.school)
    row = attach(journal_lesson(world.a, lessons["a"].date, school_class=other, teacher=teacher))
    # when the class teacher of 5А asks for it; then it is not found
    client.force_login(world.a.users["teacher"])
    assert client.get(file_url(row)).status_code == 404


# --- the lesson page -----------------------------------------------------------------------------
def test_the_lesson_page_lists_files_with_download_and_remove(client, world, files):
    # given the lesson's teacher; when they open the lesson's record
    client.force_login(world.a.users["teacher"])
    page = client.get(lesson_url(world.a, files["a"].assignment.lesson)).content.decode()
    # then the file shows with its size and download link, a remove button and the upload field
    assert "Задание.pdf" in page
    assert file_url(files["a"]) in page
    assert 'value="remove_file"' in page
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file"' in page
    assert files["a"].file.name not in page  # the storage name is never shown


def test_a_reader_sees_files_without_the_forms(client, world, files):
    # given the secretary, who reads the school's journals but does not write them
    client.force_login(world.a.users["secretary"])
    page = client.get(lesson_url(world.a, files["a"].assignment.lesson)).content.decode()
    assert file_url(files["a"]) in page
    assert 'value="remove_file"' not in page
    assert 'type="file"' not in page


def upload_data(row: AssignmentFile, *uploads: Upload) -> dict[str, Any]:
    return {
        "action": "upload",
        "assignment": row.assignment_id,
        "file": list(uploads),
        "next": "/",
    }


def test_upload_matrix(client, world, files):
    data: dict[str, Any] = {"action": "upload", "file": Upload("Лист.pdf", PDF), "next": "/"}

    def url(sw: Any) -> str:
        data["assignment"] = files[key(world, sw)].assignment_id
        return lesson_url(sw, files[key(world, sw)].assignment.lesson)

    check_matrix(client, world, url, allowed=WRITERS, method="post", data=data, ok=(302,))
    # the writers of school A and the superuser in both schools attached one file each
    assert AssignmentFile.objects.filter(name="Лист.pdf").count() == len(WRITERS) + 1


def test_denied_uploads_and_removals_change_nothing(client, world, files):
    # given everyone who may not write the lessons' journals
    denied = [who for who in ALL_WHO if who not in WRITERS]
    before = (AuditEvent.objects.count(), sorted(AssignmentFile.objects.values_list("pk", "name")))
    for action in ("upload", "remove_file"):
        data: dict[str, Any] = {"action": action, "next": "/"}

        def url(sw: Any, data: dict[str, Any] = data, action: str = action) -> str:
            row = files[key(world, sw)]
            data["assignment"] = row.assignment_id
            data["file"] = Upload("Лист.pdf", PDF) if action == "upload" else row.pk
            return lesson_url(sw, row.assignment.lesson)

        # when they attach or remove files in both schools; then they are refused
        check_matrix(client, world, url, allowed=(), who=denied, method="post", data=data)
    # and nothing changed
    after = (AuditEvent.objects.count(), sorted(AssignmentFile.objects.values_list("pk", "name")))
    assert after == before
    assert all(row.file.storage.exists(row.file.name) for row in files.values())


def test_remove_matrix(client, world, files):
    data: dict[str, Any] = {"action": "remove_file", "next": "/"}

    def url(sw: Any) -> str:
        lesson = files[key(world, sw)].assignment.lesson
        row = attach(lesson, name="Лишний.pdf")
        data["file"], data["assignment"] = row.pk, row.assignment_id
        return lesson_url(sw, lesson)

    check_matrix(client, world, url, allowed=WRITERS, method="post", data=data, ok=(302,))
    left = AssignmentFile.objects.filter(name="Лишний.pdf").count()
    # every request added one file; the writers (5 requests that succeeded) removed theirs
    assert left == 2 * len(ALL_WHO) - (len(WRITERS) + 1)


def test_the_teacher_attaches_two_files_without_javascript(client, world, files):
    # given the lesson's teacher
    client.force_login(world.a.users["teacher"])
    row = files["a"]
    # when they send a plain multipart form with two files
    response = client.post(
        lesson_url(world.a, row.assignment.lesson),
        upload_data(row, Upload("Карточка 1.pdf", PDF), Upload("Карточка 2.txt", b"text")),
    )
    # then both are attached and the page says so
    assert response.status_code == 302
    names = set(
        AssignmentFile.objects.filter(assignment=row.assignment).values_list("name", flat=True)
    )
    assert names == {"Задание.pdf", "Карточка 1.pdf", "Карточка 2.txt"}
    page = client.get(lesson_url(world.a, row.assignment.lesson)).content.decode()
    assert "2 files were attached." in page


def test_a_refused_upload_shows_the_reason_and_saves_nothing(client, world, files):
    # given the lesson's teacher; when they attach a good file with a program renamed to .pdf
    client.force_login(world.a.users["teacher"])
    row = files["a"]
    response = client.post(
        lesson_url(world.a, row.assignment.lesson),
        upload_data(row, Upload("Хороший.pdf", PDF), Upload("Плохой.pdf", EXE)),
    )
    # then the page explains beside the assignment, and nothing was attached
    assert response.status_code == 200
    page = response.content.decode()
    assert "«Плохой.pdf» is not a pdf file" in page
    assert AssignmentFile.objects.filter(assignment=row.assignment).count() == 1


def test_the_teacher_removes_a_file(client, world, files, django_capture_on_commit_callbacks):
    client.force_login(world.a.users["teacher"])
    row = files["a"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            lesson_url(world.a, row.assignment.lesson),
            {"action": "remove_file", "file": row.pk, "assignment": row.assignment_id},
        )
    assert response.status_code == 302
    assert not AssignmentFile.objects.filter(pk=row.pk).exists()
    assert not row.file.storage.exists(row.file.name)


def test_the_substitute_attaches_to_and_downloads_from_the_substituted_lesson_only(
    client, world, files
):
    # given a teacher of school A substituting the lesson of 5А
    sw = world.a
    user = f.UserFactory.create(username="substitute_files")
    RoleAssignment.objects.create(user=user, organization=sw.school, role=Role.TEACHER)
    staff = f.StaffMemberFactory.create(school=sw.school, person__user=user)
    row = files["a"]
    f.SubstitutionFactory.create(lesson=row.assignment.lesson, teacher=staff)
    other = attach(journal_lesson(sw, row.assignment.lesson.date, slot_number=5))
    client.force_login(user)
    # when they download and attach; then the substituted lesson's files are theirs
    assert client.get(file_url(row)).status_code == 200
    response = client.post(
        lesson_url(sw, row.assignment.lesson), upload_data(row, Upload("Замена.pdf", PDF))
    )
    assert response.status_code == 302
    assert AssignmentFile.objects.filter(name="Замена.pdf", assignment=row.assignment).exists()
    # and another lesson's are not
    assert client.get(file_url(other)).status_code == 404
    response = client.post(
        lesson_url(sw, other.assignment.lesson), upload_data(other, Upload("Чужое.pdf", PDF))
    )
    assert response.status_code == 403
    assert not AssignmentFile.objects.filter(name="Чужое.pdf").exists()


@pytest.mark.parametrize(
    "data",
    [
        {"action": "upload", "assignment": "abc"},
        {"action": "remove_file", "file": "1;DROP"},
        {"action": "remove_file", "file": ""},
    ],
)
def test_bad_ids_are_not_found(client, world, files, data):
    client.force_login(world.a.users["teacher"])
    response = client.post(lesson_url(world.a, files["a"].assignment.lesson), data)
    assert response.status_code == 404


def test_a_file_of_another_lesson_is_not_removed_through_this_one(client, world, files, lessons):
    # given a second lesson of the teacher with a file
    sw = world.a
    other = attach(journal_lesson(sw, lessons["a"].date, slot_number=6))
    client.force_login(sw.users["teacher"])
    # when its file is posted for removal through the first lesson; then it is not found
    response = client.post(
        lesson_url(sw, files["a"].assignment.lesson),
        {"action": "remove_file", "file": other.pk},
    )
    assert response.status_code == 404
    assert AssignmentFile.objects.filter(pk=other.pk).exists()
