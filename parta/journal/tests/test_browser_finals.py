"""A teacher sets period marks on the final marks page with the keyboard alone: Enter on an
empty cell confirms the suggestion, a typed mark is saved cell by cell, the year's suggestion
follows, and after a reload the marks are there."""

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
from parta.journal.models import FinalMark

pytestmark = pytest.mark.browser


def _cell(page: Any, student: Any, column: Any) -> Any:
    return page.locator(f"#f-{student.pk}-{column}")


def test_teacher_sets_period_marks_with_the_keyboard(page: Any, live_server: Any) -> None:
    # given 5А's mathematics lesson in the first quarter with two fives for the top student
    world = build_world()
    sw = world.a
    start = sw.year.start_date + datetime.timedelta(days=10)
    day = start + datetime.timedelta(days=(7 - start.weekday()) % 7)
    with time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 7, 0, tzinfo=datetime.UTC), tick=True
    ):
        subject = f.federal_subject()
        lesson = f.LessonFactory.create(
            school_class=sw.school_class, teacher=sw.class_teacher, date=day, subject=subject
        )
        rows = sorted(
            [sw.student, sw.other_student],
            key=lambda s: (s.person.last_name, s.person.first_name, s.pk),
        )
        top, bottom = rows
        for _ in range(2):
            assignment = f.AssignmentFactory.create(lesson=lesson)
            f.MarkFactory.create(assignment=assignment, student=top, value="5")
        period = sw.period_set.periods.get(number=1)
        url = live_server.url + reverse(
            "journal:finals", args=[sw.school.pk, "class", sw.school_class.pk, subject.pk]
        )

        # when the teacher opens the final marks and works with the keyboard alone
        login(page, live_server.url, world.user("teacher").username)
        page.goto(url)
        page.wait_for_load_state("networkidle")
        first = _cell(page, top, period.pk)
        expect(first).to_be_focused()
        expect(first).to_have_attribute("data-suggestion", "5")
        assert page.locator("form.f-form").count() == 0  # the no-script forms are gone
        page.keyboard.press("Enter")  # an empty cell with a suggestion: confirms the 5
        expect(_cell(page, bottom, period.pk)).to_be_focused()
        page.keyboard.type("4")
        page.keyboard.press("Enter")  # saves, moves on

        # then both cells say they are saved and the year's suggestion follows
        expect(first).to_have_class(re.compile(r"j-saved"))
        expect(first.locator(".f-value")).to_have_text("5")
        expect(_cell(page, bottom, period.pk)).to_have_class(re.compile(r"j-saved"))
        expect(_cell(page, bottom, period.pk).locator(".f-value")).to_have_text("4")
        expect(_cell(page, top, "year")).to_have_attribute("data-suggestion", "5")
        expect(page.locator("#j-status")).not_to_be_empty()

        # and a value off the scale is refused in place
        page.keyboard.press("ArrowUp")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowLeft")
        expect(first).to_be_focused()
        page.keyboard.type("7")
        page.keyboard.press("Enter")
        expect(first).to_have_class(re.compile(r"j-failed"))
        expect(first.locator(".f-value")).to_have_text("5")

        # and after a reload the page holds what was set
        page.reload()
        page.wait_for_load_state("networkidle")
        expect(_cell(page, top, period.pk).locator(".f-value")).to_have_text("5")
        expect(_cell(page, bottom, period.pk).locator(".f-value")).to_have_text("4")
        stored = dict(FinalMark.objects.values_list("student_id", "value"))
        assert stored == {top.pk: "5", bottom.pk: "4"}
