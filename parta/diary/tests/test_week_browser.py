"""The diary week in a real browser on a phone: no horizontal scrolling, a mark's details on a
tap, homework ticked done through htmx."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from parta.core.testing.browser import horizontal_overflow, login, stylesheets_loaded
from parta.core.testing.world import build_world
from parta.diary.models import HomeworkCompletion
from parta.diary.tests.conftest import make_rig

pytestmark = pytest.mark.browser


def test_student_reads_the_week_on_a_phone(phone_page: Any, live_server: Any) -> None:
    from playwright.sync_api import expect

    # given the student's week of lessons with marks and a homework, on its Wednesday
    world = build_world()
    rig = make_rig(world)
    wednesday = rig.monday + datetime.timedelta(days=2)
    with time_machine.travel(
        datetime.datetime(
            wednesday.year, wednesday.month, wednesday.day, 7, 0, tzinfo=datetime.UTC
        ),
        tick=True,
    ):
        url = live_server.url + reverse("diary:week", args=[rig.school.pk])
        # when the student opens the diary on a phone
        login(phone_page, live_server.url, rig.sw.users["student"].username)
        phone_page.goto(url)
        # then the week fits the screen, today is highlighted
        expect(phone_page.get_by_test_id("today")).to_be_visible()
        assert stylesheets_loaded(phone_page)
        assert horizontal_overflow(phone_page) == 0
        # and tapping a mark opens its details
        mark = phone_page.get_by_test_id("mark").first
        expect(mark.get_by_test_id("mark-details")).to_be_hidden()
        mark.locator("summary").click()
        expect(mark.get_by_test_id("mark-details")).to_be_visible()
        assert horizontal_overflow(phone_page) == 0
        # and ticking the homework done swaps the tick in place
        tick = phone_page.get_by_test_id("homework-done").first
        tick.click()
        expect(phone_page.get_by_test_id("homework-done").first).to_have_attribute(
            "aria-pressed", "true"
        )
        assert HomeworkCompletion.objects.filter(student=rig.student).count() == 1
