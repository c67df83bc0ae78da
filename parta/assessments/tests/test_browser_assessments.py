"""On a phone, a deputy director plans a контрольная: the form offers that day's lessons as
soon as the class and the date are chosen, and after saving the schedule warns (in Russian)
that it comes too soon after the previous one."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from parta.assessments.models import AssessmentProcedure
from parta.assessments.tests.conftest import day_lessons, monday_of
from parta.core.testing import factories as f
from parta.core.testing.browser import horizontal_overflow, login
from parta.core.testing.world import build_world

pytestmark = pytest.mark.browser


def test_deputy_plans_a_procedure_on_a_phone_and_sees_the_warning(phone_page, live_server):
    # given 5А of school A with a math контрольная on a Monday and lessons 17 days later
    page = phone_page
    world = build_world()
    sw = world.a
    math = f.federal_subject("Математика")
    russian = f.federal_subject("Русский язык")
    first = monday_of(sw.year, 2)
    AssessmentProcedure.objects.create(
        school=sw.school,
        academic_year=sw.year,
        school_class=sw.school_class,
        subject=math,
        date=first,
    )
    later = first + datetime.timedelta(days=17)
    lessons = day_lessons(sw, later, [russian, math, russian], sw.class_teacher)

    # when the deputy director opens the form and picks the class, the subject and the date
    login(page, live_server.url, world.user("deputy_director").username)
    page.goto(live_server.url + reverse("assessments:create", args=[sw.school.pk]))
    form = page.locator("#procedure-form")
    form.locator("[name='school_class']").select_option(str(sw.school_class.pk))
    form.locator("[name='subject']").select_option(str(math.pk))
    form.locator("[name='date']").fill(later.isoformat())
    form.locator("[name='date']").dispatch_event("change")

    # then the lesson choice lists that day's lessons (redrawn with htmx)
    lesson = page.locator("#procedure-form [name='lesson'] option")
    expect(lesson).to_have_count(4)  # the empty choice and three lessons
    assert horizontal_overflow(page) == 0
    page.locator("#procedure-form [name='lesson']").select_option(str(lessons[1].pk))
    page.locator("#procedure-form [name='title']").fill("Контрольная работа №2")
    with page.expect_navigation():
        page.locator("#procedure-form button[type='submit']").click()

    # and the schedule shows it, with the warning naming the rule
    expect(page.locator("body")).to_contain_text("Контрольная работа №2")
    expect(page.locator("body")).to_contain_text("рекомендуется не менее 18 дней")
    saved = AssessmentProcedure.objects.get(date=later)
    assert saved.lesson == lessons[1]
    assert horizontal_overflow(page) == 0
