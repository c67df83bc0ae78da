"""The foundation's main journey in a real browser: a school administrator creates a class and
enrolls a student in it; the student's parent logs in and sees the child, in that class, on
their home page — in Russian, on a phone."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from parta.core.testing import factories as f
from parta.core.testing.browser import horizontal_overflow, login
from parta.core.testing.world import build_world
from parta.people.models import Enrollment, SchoolClass

pytestmark = pytest.mark.browser


def test_admin_creates_class_enrolls_student_and_parent_sees_child(page, phone_page, live_server):
    # given a school with a deputy director, and a new student (not yet in a class) whose
    # mother has a login
    world = build_world()
    school = world.a.school
    student = f.StudentFactory.create(
        school=school, person__last_name="Соколова", person__first_name="Вера"
    )
    f.GuardianshipFactory.create(student=student, guardian=world.a.parent, relation="mother")
    base = live_server.url

    # when the deputy director creates class 6Б
    login(page, base, world.user("deputy_director").username)
    page.goto(base + reverse("people:class_create", args=[school.pk]))
    page.locator("[name='grade']").fill("6")
    page.locator("[name='letter']").fill("Б")
    page.locator("[name='class_teacher']").select_option(str(world.a.class_teacher.pk))
    with page.expect_navigation():
        page.locator("form button.primary").click()
    school_class = SchoolClass.objects.get(school=school, grade=6, letter="Б")
    assert urlsplit(page.url).path == reverse(
        "people:class_detail", args=[school.pk, school_class.pk]
    )

    # and enrolls the student from the class page
    page.locator("#enroll-link").click()
    page.locator("#enroll-form [name='student']").select_option(str(student.pk))
    with page.expect_navigation():
        page.locator("#enroll-form-submit").click()
    expect(page.locator("#roster-table")).to_contain_text("Соколова Вера")
    assert Enrollment.objects.filter(student=student, school_class=school_class).count() == 1

    # then the mother logs in on her phone and sees her child in 6Б on the home page
    login(phone_page, base, world.user("parent").username)
    assert urlsplit(phone_page.url).path == reverse("people:home", args=[school.pk])
    child_card = phone_page.locator("article.card.child", has_text="Соколова Вера")
    expect(child_card).to_contain_text("6Б")
    expect(phone_page.locator("h2#children-h")).to_have_text("Мои дети")
    assert horizontal_overflow(phone_page) == 0
