"""On a phone: the class teacher publishes an announcement to the parents of 5А with a file,
and the parent reads it on the board and sees the parent meeting, without horizontal
scrolling."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from parta.core.context import Actor
from parta.core.testing.browser import horizontal_overflow, login
from parta.core.testing.world import build_world
from parta.messaging.choices import EventKind
from parta.messaging.models import Announcement
from parta.messaging.services.events import event_create

pytestmark = pytest.mark.browser


def test_teacher_publishes_and_parent_reads_on_a_phone(
    phone_page: Any, live_server: Any, tmp_path: Path
) -> None:
    # given the two-school world and a parent meeting of 5А next week
    world = build_world()
    sw = world.a
    event_create(
        actor=Actor(user=world.user("teacher")),
        school=sw.school,
        kind=EventKind.PARENT_MEETING,
        title="Родительское собрание",
        starts_at=timezone.now() + datetime.timedelta(days=7),
        place="Кабинет 101",
        school_class=sw.school_class,
    )
    plan = tmp_path / "План экскурсии.pdf"
    plan.write_bytes(b"%PDF-1.7\n1 0 obj\n")
    page = phone_page
    # when the class teacher publishes to the parents of 5А on her phone
    login(page, live_server.url, world.user("teacher").username)
    page.goto(live_server.url + reverse("messaging:announcement_new", args=[sw.school.pk]))
    assert horizontal_overflow(page) == 0
    page.fill("input[name='title']", "Экскурсия в музей")
    page.fill("textarea[name='body']", "Сбор в 9:00 у школы.")
    page.select_option("select[name='school_class']", str(sw.school_class.pk))
    page.uncheck("input[name='for_students']")
    page.check("input[name='for_parents']")
    page.set_input_files("input[name='attachments']", [str(plan)])
    with page.expect_navigation():
        page.click("form.board-form button[type='submit']")
    # then the board shows it, for the parents of 5А, with its file
    expect(page.locator(".board-item h2")).to_have_text("Экскурсия в музей")
    expect(page.locator(".board-item .audience")).to_contain_text("5А")
    item = Announcement.objects.get()
    assert item.attachments.count() == 1
    # when the parent opens the board on a phone
    page.context.clear_cookies()
    login(page, live_server.url, world.user("parent").username)
    page.goto(live_server.url + reverse("messaging:announcement_list", args=[sw.school.pk]))
    # then she reads it, downloads the file, and nothing scrolls sideways
    expect(page.locator(".board-item h2")).to_have_text("Экскурсия в музей")
    assert horizontal_overflow(page) == 0
    with page.expect_download() as download:
        page.click("text=План экскурсии.pdf")
    assert download.value.suggested_filename == "План экскурсии.pdf"
    # and the events list shows the parent meeting
    page.goto(live_server.url + reverse("messaging:event_list", args=[sw.school.pk]))
    expect(page.locator(".board-item h3")).to_have_text("Родительское собрание")
    assert horizontal_overflow(page) == 0
