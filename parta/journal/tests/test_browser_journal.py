"""A teacher keeps the journal with the keyboard alone: marks and absences typed into the grid
are saved cell by cell and are there after a reload; a deputy director on a phone whose page
was opened before sees the concurrent-edit refusal with the current value.

With PARTA_SCREENSHOTS=1 the test also refreshes the teacher's guide's pictures in docs/img/."""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from parta.core.testing import factories as f
from parta.core.testing.browser import horizontal_overflow, login
from parta.core.testing.world import build_world
from parta.journal.models import AttendanceMark, Mark

pytestmark = pytest.mark.browser

DOCS_IMG = Path(__file__).resolve().parents[3] / "docs" / "img"


def _shot(page: Any, name: str) -> None:
    if os.environ.get("PARTA_SCREENSHOTS") == "1":
        DOCS_IMG.mkdir(exist_ok=True)
        page.screenshot(path=str(DOCS_IMG / name))


def _cell(page: Any, student: Any, lesson: Any) -> Any:
    return page.locator(f"td.j-cell[data-student='{student.pk}'][data-lesson='{lesson.pk}']").first


def test_teacher_types_marks_and_absences_and_a_second_session_is_refused(
    page: Any, phone_page: Any, live_server: Any
) -> None:
    # given 5А's two mathematics lessons today, taught by the class teacher
    world = build_world()
    sw = world.a
    start = sw.year.start_date + datetime.timedelta(days=38)
    day = start + datetime.timedelta(days=(7 - start.weekday()) % 7)
    with time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 7, 0, tzinfo=datetime.UTC), tick=True
    ):
        subject = f.federal_subject()
        first = f.LessonFactory.create(
            school_class=sw.school_class,
            teacher=sw.class_teacher,
            date=day,
            subject=subject,
            topic="Натуральные числа",
        )
        second = f.LessonFactory.create(
            school_class=sw.school_class,
            teacher=sw.class_teacher,
            date=day,
            slot_number=2,
            subject=subject,
        )
        f.WorkTypeFactory.create(school=sw.school, name="Ответ на уроке", abbreviation="Отв")
        f.WorkTypeFactory.create(
            school=sw.school, name="Домашнее задание", abbreviation="ДЗ", is_homework=True
        )
        url = live_server.url + reverse(
            "journal:grid", args=[sw.school.pk, "class", sw.school_class.pk, subject.pk]
        )
        rows = [sw.student, sw.other_student]
        rows.sort(key=lambda s: (s.person.last_name, s.person.first_name, s.pk))
        top, bottom = rows

        # and a deputy director has the same journal open on a phone
        login(phone_page, live_server.url, world.user("deputy_director").username)
        phone_page.goto(url)
        expect(_cell(phone_page, top, first)).to_be_visible()
        assert horizontal_overflow(phone_page) == 0

        # when the teacher opens the journal and types with the keyboard alone
        login(page, live_server.url, world.user("teacher").username)
        page.goto(url)
        expect(_cell(page, top, first)).to_be_focused()
        page.keyboard.type("5")
        page.keyboard.press("Enter")  # saves, moves down
        page.keyboard.press("y")  # н with the Latin layout on
        page.keyboard.press("Enter")
        page.keyboard.press("ArrowUp")
        page.keyboard.press("ArrowUp")
        page.keyboard.press("ArrowRight")  # the second lesson
        page.keyboard.type("4/5")
        page.keyboard.press("Enter")
        page.keyboard.press(",")  # б
        page.keyboard.press("Tab")  # saves; the last column keeps the focus

        # then every cell says it is saved
        expect(_cell(page, top, first)).to_have_class(re.compile(r"j-saved"))
        expect(_cell(page, top, first)).to_have_text("5")
        expect(_cell(page, bottom, first)).to_have_text("н")
        expect(_cell(page, top, second)).to_have_text("4/5")
        expect(_cell(page, bottom, second)).to_have_class(re.compile(r"j-saved"))
        expect(page.locator(f"#avg-{top.pk}")).to_have_text(re.compile(r"4[.,]67"))
        _shot(page, "journal-grid.png")

        # and Delete clears the illness mark again
        expect(_cell(page, bottom, second)).to_be_focused()
        page.keyboard.press("Delete")
        expect(_cell(page, bottom, second)).to_have_text("")
        expect(_cell(page, bottom, second)).to_have_class(re.compile(r"j-saved"))

        # and after a reload the journal holds what was typed
        page.reload()
        expect(_cell(page, top, first)).to_have_text("5")
        expect(_cell(page, bottom, first)).to_have_text("н")
        expect(_cell(page, top, second)).to_have_text("4/5")
        expect(_cell(page, bottom, second)).to_have_text("")
        assert Mark.objects.filter(student=top).count() == 2
        assert list(AttendanceMark.objects.values_list("student_id", "code")) == [(bottom.pk, "н")]

        # when the deputy, whose page still shows the cell empty, types «3» into it
        expect(_cell(phone_page, top, first)).to_be_focused()
        phone_page.keyboard.type("3")
        phone_page.keyboard.press("Enter")

        # then the save is refused and the cell shows the teacher's «5»
        stale = _cell(phone_page, top, first)
        expect(stale).to_have_class(re.compile(r"j-stale"))
        expect(stale).to_have_text("5")
        expect(phone_page.locator("#j-status")).not_to_be_empty()
        assert Mark.objects.get(student=top, assignment__lesson=first).value == "5"
        _shot(phone_page, "journal-stale-phone.png")

        # and the cell's history (Alt+H) shows who typed it
        page.keyboard.press("Alt+KeyH")
        expect(page.locator("#j-panel")).to_contain_text("«5»")
        _shot(page, "journal-history.png")
        page.keyboard.press("Escape")

        # and the lesson's header opens its record
        page.locator(".j-lesson a").first.click()
        expect(page.locator("#j-panel [name='topic']")).to_have_value("Натуральные числа")
        page.locator("#j-panel [name='homework']").fill("№ 12, 14")
        _shot(page, "journal-lesson.png")
        page.locator("#j-panel button.primary").click()
        expect(page.locator(".message")).to_be_visible()
