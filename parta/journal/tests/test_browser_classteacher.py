"""The class teacher opens the class overview from the journal list: a student's full day of
illness and another's skipped lesson in the attendance week, the whole month, and the students
at risk in the period's marks."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from parta.core.testing import factories as f
from parta.core.testing.browser import login
from parta.core.testing.world import build_world

pytestmark = pytest.mark.browser


def test_class_teacher_sees_absences_and_students_at_risk(page: Any, live_server: Any) -> None:
    # given 5А's two mathematics lessons today and three a week ago
    world = build_world()
    sw = world.a
    start = sw.year.start_date + datetime.timedelta(days=38)
    day = start + datetime.timedelta(days=(7 - start.weekday()) % 7)
    week_ago = day - datetime.timedelta(days=7)
    with time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 12, 0, tzinfo=datetime.UTC), tick=True
    ):
        subject = f.federal_subject()

        def lesson(date: datetime.date, slot: int) -> Any:
            return f.LessonFactory.create(
                school_class=sw.school_class,
                teacher=sw.class_teacher,
                date=date,
                slot_number=slot,
                subject=subject,
            )

        today_lessons = [lesson(day, 1), lesson(day, 2)]
        earlier = [lesson(week_ago, slot) for slot in (1, 2, 3)]
        weak, strong = sw.student, sw.other_student
        # and the weak student ill all day today, the strong one skipping the first lesson
        for item in today_lessons:
            f.AttendanceMarkFactory.create(lesson=item, student=weak, code="б")
        f.AttendanceMarkFactory.create(lesson=today_lessons[0], student=strong, code="н")
        # and a week ago the weak student got 2, 3, 2 and the strong one three fives
        for item, low in zip(earlier, ("2", "3", "2"), strict=True):
            assignment = f.AssignmentFactory.create(lesson=item)
            f.MarkFactory.create(assignment=assignment, student=weak, value=low)
            f.MarkFactory.create(assignment=assignment, student=strong, value="5")
        overview = reverse("journal:class_overview", args=[sw.school.pk, sw.school_class.pk])

        # when the class teacher opens the overview from the journal list
        login(page, live_server.url, world.user("teacher").username)
        page.goto(live_server.url + reverse("journal:index", args=[sw.school.pk]))
        page.wait_for_load_state("networkidle")
        page.locator(f"a[href='{overview}']").click()
        page.wait_for_load_state("networkidle")

        # then the week shows the weak student's full day of illness and the strong one's «н»
        attendance = page.locator("table.j-grid").first
        weak_row = attendance.locator("tr", has_text=weak.person.last_name)
        strong_row = attendance.locator("tr", has_text=strong.person.last_name)
        expect(weak_row.locator("strong")).to_have_text(re.compile(r"^\[б+\]$"))
        expect(strong_row).to_contain_text("н")
        expect(strong_row.locator("strong")).to_have_count(0)

        # and the month holds both days' lessons
        page.locator("select[name='span']").select_option("month")
        page.locator("form.filters").first.locator("button[type='submit']").click()
        page.wait_for_load_state("networkidle")
        expect(page.locator("select[name='span']")).to_have_value("month")
        month = page.locator("table.j-grid").first
        expect(month.locator("thead th")).to_contain_text([day.strftime("%d.%m")])
        expect(month.locator("tr", has_text=weak.person.last_name).locator("strong")).to_have_count(
            1
        )

        # and the weak student is at risk in mathematics, the strong one is not
        at_risk = page.locator("xpath=//h2[last()]/following-sibling::ul[1]")
        expect(at_risk).to_contain_text(weak.person.last_name)
        expect(at_risk).to_contain_text(subject.name)
        expect(at_risk).not_to_contain_text(strong.person.last_name)
