"""A teacher on a phone attaches homework files on the lesson's page without any script help,
sees a refused file explained, downloads a file under its own name and removes it."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from parta.core.testing import factories as f
from parta.core.testing.browser import horizontal_overflow, login
from parta.core.testing.world import build_world
from parta.journal.models import AssignmentFile
from parta.journal.tests.test_files_services import fresh_storage

pytestmark = pytest.mark.browser
__all__ = ["fresh_storage"]

PDF = b"%PDF-1.7\n1 0 obj\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00"


def test_teacher_attaches_downloads_and_removes_files_on_a_phone(
    phone_page: Any, live_server: Any, tmp_path: Path
) -> None:
    # given 5А's lesson today with a homework assignment, kept by the class teacher
    world = build_world()
    sw = world.a
    start = sw.year.start_date + datetime.timedelta(days=38)
    day = start + datetime.timedelta(days=(7 - start.weekday()) % 7)
    with time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 7, 0, tzinfo=datetime.UTC), tick=True
    ):
        lesson = f.LessonFactory.create(
            school_class=sw.school_class,
            teacher=sw.class_teacher,
            date=day,
            subject=f.federal_subject(),
        )
        assignment = f.AssignmentFactory.create(lesson=lesson, title="Домашняя работа")
        good = tmp_path / "Карточка.pdf"
        good.write_bytes(PDF)
        renamed = tmp_path / "Программа.pdf"
        renamed.write_bytes(EXE)
        page = phone_page
        login(page, live_server.url, world.user("teacher").username)
        url = live_server.url + reverse("journal:lesson", args=[sw.school.pk, lesson.pk])
        page.goto(url)
        upload = page.locator(
            f"form.j-upload:has(input[name='assignment'][value='{assignment.pk}'])"
        )
        # when she attaches a program renamed to .pdf
        upload.locator("input[type='file']").set_input_files([str(good), str(renamed)])
        with page.expect_navigation():
            upload.locator("button[type='submit']").click()
        # then the page names the refused file and nothing was attached
        expect(page.locator(".errorlist[role='alert']")).to_contain_text("Программа.pdf")
        assert not AssignmentFile.objects.exists()
        # when she attaches the worksheet alone
        upload = page.locator("form.j-upload").first
        upload.locator("input[type='file']").set_input_files(str(good))
        with page.expect_navigation():
            upload.locator("button[type='submit']").click()
        page.goto(url)
        # then it is listed with a download link, and the page fits the phone
        link = page.locator(".j-files a", has_text="Карточка.pdf")
        expect(link).to_be_visible()
        assert horizontal_overflow(page) == 0
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename == "Карточка.pdf"
        assert Path(download.value.path()).read_bytes() == PDF
        # and removing it takes it off the page
        with page.expect_navigation():
            page.locator(".j-files button[type='submit']").first.click()
        page.goto(url)
        expect(page.locator(".j-files")).to_have_count(0)
        assert not AssignmentFile.objects.exists()
