"""A parent on a phone opens the child's marks, switches to the whole year with htmx, and the
page fits 390 px; the calendar page creates the private address."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from parta.core.testing import factories as f
from parta.core.testing.browser import horizontal_overflow, login
from parta.core.testing.world import build_world
from parta.diary.models import CalendarFeed
from parta.diary.tests.test_marks_rig import day_of, mark, work_type

pytestmark = pytest.mark.browser


def test_a_parent_reads_the_marks_on_a_phone_and_switches_to_the_year(
    phone_page: Any, live_server: Any
) -> None:
    # given: marks in two quarters, one with a long comment, and a duty flag
    world = build_world()
    sw = world.a
    today = day_of(sw, 80)  # the second quarter
    with time_machine.travel(
        datetime.datetime(today.year, today.month, today.day, 9, 0, tzinfo=datetime.UTC),
        tick=True,
    ):
        subject = f.federal_subject()
        answer, test = work_type(sw, "Ответ на уроке", "1"), work_type(sw, "Контрольная", "2")
        mark(sw, day_of(sw, 10), answer, "5", subject=subject)
        mark(sw, day_of(sw, 70), test, "3", subject=subject, comment="Повторить дроби " * 8)
        mark(sw, day_of(sw, 72), test, "", subject=subject, is_duty=True)
        url = live_server.url + reverse("diary:marks", args=[sw.school.pk, sw.student.pk])
        # when: the parent opens the page on a phone
        login(phone_page, live_server.url, world.user("parent").username)
        phone_page.goto(url)
        # then: the quarter's marks, the chart, the overdue work, nothing wider than the phone
        expect(phone_page.locator(".mk-mark")).to_have_count(2)
        expect(phone_page.locator("svg.mc-chart circle")).to_have_count(1)
        expect(phone_page.locator(".mk-overdue li")).to_have_count(1)
        assert horizontal_overflow(phone_page) == 0
        # when: the whole year is chosen
        phone_page.locator(".mk-periods a").last.click()
        # then: both quarters' marks, the address says so
        expect(phone_page.locator(".mk-mark")).to_have_count(3)
        expect(phone_page.locator("svg.mc-chart circle")).to_have_count(2)
        assert "period=year" in phone_page.url
        assert horizontal_overflow(phone_page) == 0


def test_a_student_creates_the_calendar_address(page: Any, live_server: Any) -> None:
    # given
    world = build_world()
    user = world.user("student")
    login(page, live_server.url, user.username)
    page.goto(live_server.url + reverse("diary:calendar"))
    # when
    page.locator("button[name='action'][value='create']").click()
    # then
    feed = CalendarFeed.objects.get(user=user)
    expect(page.locator("#cal-url")).to_have_value(
        live_server.url + reverse("diary:calendar_feed", args=[feed.token])
    )
