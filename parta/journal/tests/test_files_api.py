"""Assignment files through the API: attach (multipart), list, remove, download; the role
matrix over two schools (the substitute included), refusals that store nothing, the headers,
and the files in the journal read."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from parta.core.models import AuditEvent
from parta.core.testing.matrix import check_matrix
from parta.journal.models import AssignmentFile
from parta.journal.tests import test_api_rig as r
from parta.journal.tests.test_api_rig import JOURNAL_READERS, JOURNAL_WRITERS, V1, check_writes
from parta.journal.tests.test_files_services import fresh_storage

pytestmark = pytest.mark.django_db
api, rig = r.api, r.rig  # the shared fixtures
__all__ = ["api", "fresh_storage", "rig"]

PDF = b"%PDF-1.7\n1 0 obj\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00"


def attach(side: r.Side, name: str = "Задание.pdf") -> AssignmentFile:
    row = AssignmentFile(
        school=side.sw.school,
        assignment=side.assignment,
        name=name,
        size=len(PDF),
        content_type="application/pdf",
    )
    row.file.save(name, ContentFile(PDF), save=False)
    row.save()
    return row


def upload(name: str = "Лист.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def upload_url(side: r.Side) -> str:
    return f"{V1}assignments/{side.assignment.pk}/files/"


def file_counts() -> tuple[Any, ...]:
    return (
        AuditEvent.objects.count(),
        *AssignmentFile.objects.order_by("pk").values_list("pk", "name"),
    )


# --- attach ----------------------------------------------------------------------------------
def test_attach_matrix(api, rig):
    # every role of school A attaches a file to school A's and school B's assignment; the
    # writers succeed, everyone else is refused with nothing stored
    before = AssignmentFile.objects.count()
    check_writes(
        api,
        rig,
        lambda client, side: client.post(upload_url(side), {"file": upload()}, format="multipart"),
        allowed=JOURNAL_WRITERS,
        ok=(201,),
    )
    assert AssignmentFile.objects.count() == before + len(JOURNAL_WRITERS) + 1


def test_attach_several_files_answers_them_with_download_urls(api, rig):
    side = rig.a
    api.force_login(side.sw.users["teacher_no_class"])
    response = api.post(
        upload_url(side),
        {"file": [upload("Карточка.pdf"), upload("Вопросы.txt", b"1. ...")]},
        format="multipart",
    )
    assert response.status_code == 201
    body = response.json()
    assert [item["name"] for item in body] == ["Карточка.pdf", "Вопросы.txt"]
    assert body[1]["content_type"] == "text/plain"
    assert body[0]["url"] == f"{V1}assignment-files/{body[0]['id']}/download/"
    assert body[0]["assignment"] == side.assignment.pk
    assert "journal/" not in str(body)  # the storage name is never given out


@pytest.mark.parametrize(
    ("files", "fragment"),
    [
        (lambda: [upload(), upload("Программа.pdf", EXE)], "is not a pdf file"),
        (lambda: [upload("вирус.exe", EXE)], "cannot be attached"),
        (list, "Choose a file"),
    ],
)
def test_a_refused_attach_is_400_and_stores_nothing(api, rig, files, fragment):
    side = rig.a
    api.force_login(side.sw.users["teacher_no_class"])
    before = file_counts()
    response = api.post(upload_url(side), {"file": files()}, format="multipart")
    assert response.status_code == 400
    assert fragment in str(response.json())
    assert file_counts() == before


def test_the_substitute_attaches_to_the_substituted_lesson_only(api, rig):
    # given the substitute of the day's second lesson, which has an assignment
    from parta.core.testing import factories as f

    side = rig.a
    substituted = f.AssignmentFactory.create(lesson=side.substituted, work_type=side.work_type)
    api.force_login(side.substitute)
    # when they attach to it; then it is attached
    response = api.post(
        f"{V1}assignments/{substituted.pk}/files/", {"file": upload()}, format="multipart"
    )
    assert response.status_code == 201
    row = AssignmentFile.objects.get(pk=response.json()[0]["id"])
    # and they download it, but not the first lesson's file, and cannot attach there
    assert api.get(f"{V1}assignment-files/{row.pk}/download/").status_code == 200
    other = attach(side)
    assert api.get(f"{V1}assignment-files/{other.pk}/download/").status_code == 404
    before = file_counts()
    response = api.post(upload_url(side), {"file": upload()}, format="multipart")
    assert response.status_code == 403
    assert file_counts() == before


# --- list, remove, download ------------------------------------------------------------------
def test_list_matrix(api, rig):
    attach(rig.a)
    attach(rig.b)
    check_matrix(
        api,
        rig.world,
        lambda sw: f"{V1}assignment-files/{attach(rig.a if sw is rig.world.a else rig.b).pk}/",
        allowed=JOURNAL_READERS,
    )


def test_remove_matrix(api, rig, django_capture_on_commit_callbacks):
    # every role removes a fresh file of each school; writers succeed, the others change nothing
    def remove(client: Any, side: r.Side) -> Any:
        return client.delete(f"{V1}assignment-files/{attach(side, 'Лишний.pdf').pk}/")

    with django_capture_on_commit_callbacks(execute=True):
        check_writes(api, rig, remove, allowed=JOURNAL_WRITERS, ok=(204,))
    events = AuditEvent.objects.filter(
        object_type="journal.assignmentfile", action=AuditEvent.Action.DELETE
    )
    assert events.count() == len(JOURNAL_WRITERS) + 1


def test_remove_deletes_the_stored_file_after_the_commit(
    api, rig, django_capture_on_commit_callbacks
):
    row = attach(rig.a)
    api.force_login(rig.a.sw.users["teacher_no_class"])
    with django_capture_on_commit_callbacks(execute=True):
        response = api.delete(f"{V1}assignment-files/{row.pk}/")
    assert response.status_code == 204
    assert not row.file.storage.exists(row.file.name)


def test_download_matrix(api, rig):
    rows = {"a": attach(rig.a), "b": attach(rig.b)}
    check_matrix(
        api,
        rig.world,
        lambda sw: f"{V1}assignment-files/{rows['a' if sw is rig.world.a else 'b'].pk}/download/",
        allowed=JOURNAL_READERS,
    )


def test_download_headers(api, rig):
    row = attach(rig.a, "Домашнее задание.pdf")
    api.force_login(rig.a.sw.users["deputy_director"])
    response = api.get(f"{V1}assignment-files/{row.pk}/download/")
    assert response.status_code == 200
    assert response.getvalue() == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''%D0%94%D0%BE%D0%BC" in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


# --- the journal read ------------------------------------------------------------------------
def test_the_journal_lists_each_assignments_files(api, rig):
    side = rig.a
    row = attach(side)
    api.force_login(side.sw.users["teacher_no_class"])
    body = api.get(side.journal_url()).json()
    (assignment,) = body["lessons"][0]["assignments"]
    assert assignment["files"] == [
        {
            "id": row.pk,
            "name": "Задание.pdf",
            "size": len(PDF),
            "content_type": "application/pdf",
            "url": f"{V1}assignment-files/{row.pk}/download/",
        }
    ]
    assert body["lessons"][1]["assignments"] == []
