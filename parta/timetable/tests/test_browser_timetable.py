"""A deputy director places a lesson in the class grid with the keyboard, sees the clash message
inline (in Russian), and fixes it."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from parta.core.testing import factories as f
from parta.core.testing.browser import login
from parta.core.testing.world import build_world
from parta.timetable.models import TimetableEntry

pytestmark = pytest.mark.browser


def test_deputy_places_a_lesson_sees_the_clash_and_fixes_it(page, live_server):
    # given school A with its default bell schedule, and 5Б already having the class teacher
    # of 5А on Tuesday, lesson 3 in room 101
    world = build_world()
    sw = world.a
    school = sw.school
    f.BellScheduleFactory.create(academic_year=sw.year, name="Основное (1 смена)")
    other = f.SchoolClassFactory.create(period_set=sw.period_set, grade=5, letter="Б")
    subject = f.federal_subject("Русский язык")
    f.TimetableEntryFactory.create(
        school_class=other,
        weekday=2,
        slot_number=3,
        teacher=sw.class_teacher,
        room=sw.room,
        subject=subject,
    )
    substitute = f.StaffMemberFactory.create(
        school=school, person__last_name="Сергеева", person__first_name="Ольга"
    )
    base = live_server.url
    grid_path = reverse("timetable:class_grid", args=[school.pk, sw.school_class.pk])

    # when the deputy director opens the grid of 5А and the cell «вторник, 3-й урок»
    login(page, base, world.user("deputy_director").username)
    page.goto(base + grid_path)
    cell = page.locator("a.tt-add[href*='/cell/2/3/']")
    cell.focus()
    page.keyboard.press("Enter")
    form = page.locator("#tt-cell-form")
    expect(form).to_be_visible()
    expect(form.locator("[name='subject']")).to_be_focused()

    # Esc closes the form and gives the focus back to the cell
    page.keyboard.press("Escape")
    expect(form).to_have_count(0)
    expect(cell).to_be_focused()
    page.keyboard.press("Enter")
    expect(form.locator("[name='subject']")).to_be_focused()

    # and places the same teacher in the same room
    form.locator("[name='subject']").select_option(str(subject.pk))
    form.locator("[name='teacher']").select_option(str(sw.class_teacher.pk))
    form.locator("[name='room']").select_option(str(sw.room.pk))
    form.locator("[name='teacher']").press("Enter")

    # then the clash is shown in the form, the typed values kept, nothing saved
    errors = form.locator(".errors")
    expect(errors).to_contain_text("уже ведёт урок в 5Б во вторник, 3-й урок (каб. 101)")
    expect(errors).to_contain_text("Кабинет 101 уже занят во вторник, 3-й урок")
    expect(form.locator("[name='teacher']")).to_have_value(str(sw.class_teacher.pk))
    assert TimetableEntry.objects.filter(school_class=sw.school_class).count() == 0

    # when she picks another teacher and no room, and saves with Enter
    form.locator("[name='teacher']").select_option(str(substitute.pk))
    form.locator("[name='room']").select_option("")
    with page.expect_navigation():
        form.locator("[name='room']").press("Enter")

    # then the grid shows the lesson
    assert urlsplit(page.url).path == grid_path
    expect(page.locator("#tt-grid")).to_contain_text("Сергеева О.")
    entry = TimetableEntry.objects.get(school_class=sw.school_class)
    assert (entry.weekday, entry.slot_number, entry.teacher) == (2, 3, substitute)
