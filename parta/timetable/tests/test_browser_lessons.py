"""On a phone, a deputy director opens the day's lessons, names a substitute for a lesson, sees
the busy-substitute message in Russian, picks another teacher, and finds the substitution on the
day page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from parta.core.testing import factories as f
from parta.core.testing.browser import login
from parta.core.testing.world import build_world
from parta.timetable.calculations import week_start
from parta.timetable.models import Substitution

pytestmark = pytest.mark.browser


def test_deputy_names_a_substitute_on_a_phone(phone_page: Any, live_server: Any) -> None:
    # given 5А's mathematics with the class teacher on a Monday, lesson 2, and a teacher who
    # gives 5Б a lesson at the same time
    page = phone_page
    world = build_world()
    sw = world.a
    f.BellScheduleFactory.create(academic_year=sw.year, name="Основное (1 смена)")
    day = week_start(sw.year.start_date) + datetime.timedelta(weeks=2)
    lesson = f.LessonFactory.create(
        school_class=sw.school_class, teacher=sw.class_teacher, date=day, slot_number=2
    )
    busy = f.StaffMemberFactory.create(
        school=sw.school, person__last_name="Занятова", person__first_name="Ирина"
    )
    other_class = f.SchoolClassFactory.create(period_set=sw.period_set, grade=5, letter="Б")
    f.LessonFactory.create(school_class=other_class, teacher=busy, date=day, slot_number=2)
    free = f.StaffMemberFactory.create(
        school=sw.school, person__last_name="Свободина", person__first_name="Ольга"
    )
    base = live_server.url
    day_path = reverse("timetable:lessons_day", args=[sw.school.pk])

    # when the deputy director opens the day and the lesson of 5А
    login(page, base, world.user("deputy_director").username)
    page.goto(f"{base}{day_path}?date={day.isoformat()}")
    table = page.locator("#lessons-day")
    expect(table).to_contain_text("5А")
    page.locator(f"a[href='{reverse('timetable:lesson', args=[sw.school.pk, lesson.pk])}']").click()
    form = page.locator("form:has(input[name='action'][value='substitute'])")
    expect(form).to_be_visible()

    # and names the busy teacher
    form.locator("[name='substitute-teacher']").select_option(str(busy.pk))
    form.locator("[name='substitute-reason']").select_option("illness")
    form.locator("button[type='submit']").click()

    # then she is told who the teacher is busy with, and nothing is saved
    expect(form.locator(".errors")).to_contain_text("У заменяющего в это время уже есть урок")
    expect(form.locator(".errors")).to_contain_text("5Б")
    assert not Substitution.objects.exists()

    # when she picks a free teacher
    form = page.locator("form:has(input[name='action'][value='substitute'])")
    form.locator("[name='substitute-teacher']").select_option(str(free.pk))
    form.locator("[name='substitute-reason']").select_option("course")
    form.locator("button[type='submit']").click()

    # then the lesson shows the substitute, and so does the day page
    expect(page.locator("#lesson-panel dl")).to_contain_text("Свободина О.")
    assert Substitution.objects.get().teacher == free
    page.goto(f"{base}{day_path}?date={day.isoformat()}")
    expect(page.locator("#lessons-day")).to_contain_text("Свободина О.")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the day page scrolls sideways on a phone ({width}px)"
