"""A teacher on a phone asks to correct a lesson whose edit window has ended; the deputy director
approves it on the list page; the lesson's record opens to the teacher again."""

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
from parta.journal.choices import CorrectionStatus
from parta.journal.models import CorrectionRequest, JournalSettings
from parta.people.models import StaffMember

pytestmark = pytest.mark.browser


def test_a_correction_is_requested_approved_and_opens_the_lesson(
    page: Any, phone_page: Any, live_server: Any
) -> None:
    # given a mathematics lesson of the teacher without a class ten days ago, a window of 3 days
    world = build_world()
    sw = world.a
    JournalSettings.objects.create(school=sw.school, edit_window_days=3)
    day = sw.year.start_date + datetime.timedelta(days=14)
    teacher = StaffMember.objects.get(school=sw.school, person__user=sw.users["teacher_no_class"])
    lesson = f.LessonFactory.create(
        school_class=sw.school_class, subject=f.federal_subject(), teacher=teacher, date=day
    )
    today = day + datetime.timedelta(days=10)
    base = live_server.url
    lesson_url = base + reverse("journal:lesson", args=[sw.school.pk, lesson.pk])
    request_path = reverse("journal:correction_request", args=[sw.school.pk, lesson.pk])
    with time_machine.travel(
        datetime.datetime(today.year, today.month, today.day, 7, 0, tzinfo=datetime.UTC),
        tick=True,
    ):
        # when the teacher opens the lesson on her phone and asks for a correction
        login(phone_page, base, sw.users["teacher_no_class"].username)
        phone_page.goto(lesson_url)
        expect(phone_page.locator("input[name='topic']")).to_have_count(0)
        phone_page.locator(f"a[href='{request_path}']").click()
        phone_page.locator("textarea[name='reason']").fill("Оценка выставлена не тому ученику")
        assert horizontal_overflow(phone_page) == 0
        with phone_page.expect_navigation(wait_until="load"):
            phone_page.locator("form.form [type='submit']").click()
        # then she is back on the lesson, the request awaiting a decision
        assert phone_page.url == lesson_url
        correction = CorrectionRequest.objects.get()
        assert correction.status == CorrectionStatus.PENDING
        expect(phone_page.locator(f"a[href='{request_path}']")).to_have_count(0)

        # when the deputy director approves it on the list page
        login(page, base, world.user("deputy_director").username)
        page.goto(base + reverse("journal:corrections", args=[sw.school.pk]))
        row = page.locator(f"#correction-{correction.pk}")
        expect(row).to_be_visible()
        with page.expect_navigation(wait_until="load"):
            row.locator("button[value='approve']").click()
        correction.refresh_from_db()
        assert correction.status == CorrectionStatus.APPROVED
        assert correction.open_until == today + datetime.timedelta(days=2)

        # then the teacher's lesson record is editable again
        phone_page.goto(lesson_url)
        expect(phone_page.locator("input[name='topic']")).to_be_visible()
