"""Downloading a file of the diary, on the page and through the API: the role matrix over two
schools (the same readers as the diary week)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from parta.core.testing import factories as f
from parta.core.testing.matrix import check_matrix
from parta.core.testing.world import SchoolWorld, World
from parta.diary.tests.test_week_api import DIARY_READERS
from parta.journal.models import AssignmentFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def _file_of(sw: SchoolWorld) -> AssignmentFile:
    """A file of homework given in a lesson of the student's class in the school of `sw`."""
    start = sw.year.start_date
    day = start + datetime.timedelta(days=(7 - start.weekday()) % 7 + 7)
    lesson = f.LessonFactory.create(
        school=sw.school,
        academic_year=sw.year,
        school_class=sw.school_class,
        teacher=sw.class_teacher,
        date=day,
        slot_number=1,
    )
    assignment = f.AssignmentFactory.create(lesson=lesson, title="Упражнение")
    row = AssignmentFile(
        school=sw.school, assignment=assignment, name="лист.pdf", size=9, content_type="x"
    )
    row.file.save("a.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return row


@pytest.fixture
def files(world: World) -> dict[int, AssignmentFile]:
    return {sw.school.pk: _file_of(sw) for sw in (world.a, world.b)}


def test_diary_file_page_matrix(
    client: Client, world: World, files: dict[int, AssignmentFile]
) -> None:
    def url(sw: SchoolWorld) -> str:
        row = files[sw.school.pk]
        return reverse("diary:file", args=[sw.school.pk, sw.student.pk, row.pk])

    check_matrix(client, world, url, allowed=DIARY_READERS)


def test_diary_file_api_matrix(
    client: Client, world: World, files: dict[int, AssignmentFile]
) -> None:
    def url(sw: SchoolWorld) -> str:
        row = files[sw.school.pk]
        return reverse("api:student-diary-file", args=[sw.student.pk, row.pk])

    check_matrix(client, world, url, allowed=DIARY_READERS)


def test_a_file_of_another_students_lesson_is_not_given(
    client: Client, world: World, files: dict[int, Any]
) -> None:
    # given the file of school A's class, asked for through school B's student
    row = files[world.a.school.pk]
    client.force_login(world.b.users["parent"])
    url = reverse("api:student-diary-file", args=[world.b.student.pk, row.pk])
    # then nothing is given
    assert client.get(url).status_code == 404
