"""The journal access report on a phone: the director filters a day's actions down to the
marks, reads 4 → 5 and opens the cell's history; the page fits 390 px."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from parta.core.context import Actor
from parta.core.testing import factories as f
from parta.core.testing.browser import horizontal_overflow, login
from parta.core.testing.world import build_world
from parta.journal.tests.test_access_report import moment, write_journal

pytestmark = pytest.mark.browser


def test_director_filters_the_report_on_a_phone_and_opens_a_cell(phone_page, live_server):
    # given a day of 5А's mathematics written by the director of school A
    page = phone_page
    world = build_world()
    sw = world.a
    start = sw.year.start_date + datetime.timedelta(days=14)
    day = start + datetime.timedelta(days=(7 - start.weekday()) % 7)
    lesson = f.LessonFactory.create(
        school_class=sw.school_class, teacher=sw.class_teacher, date=day
    )
    with time_machine.travel(moment(day), tick=False):
        write_journal(sw, lesson, Actor(user=sw.users["director"], ip_address="10.0.0.1"))

    # when the director opens the report of that day on a phone
    login(page, live_server.url, sw.users["director"].username)
    url = reverse("journal:access_report", args=[sw.school.pk])
    page.goto(f"{live_server.url}{url}?date_from={day}&date_to={day}")
    rows = page.locator("#access-report tbody tr")
    expect(rows).to_have_count(8)
    assert horizontal_overflow(page) == 0

    # and narrows it to the marks
    page.locator("#access-report-filter [name='kind']").select_option("mark")
    page.locator("#access-report-filter button[type='submit']").click()

    # then the change 4 → 5 comes first, and its link opens the cell's history
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("4 → 5")
    assert horizontal_overflow(page) == 0
    rows.first.locator("a[href*='/history/']").click()
    expect(page.locator(".j-history")).to_contain_text("«4»")
