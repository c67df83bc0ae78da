"""A teacher loads their КТП from a spreadsheet in the browser (preview with the errors of a bad
file, then a good file, confirm), edits a topic inline, and the plan page fits a phone."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from parta.core.testing import factories as f
from parta.core.testing.browser import horizontal_overflow, login, stylesheets_loaded
from parta.core.testing.world import build_world
from parta.thematic.models import PlanTopic
from parta.thematic.tests.conftest import lessons, xlsx

pytestmark = pytest.mark.browser


def test_teacher_imports_a_plan_and_edits_a_topic(page, live_server, tmp_path):
    # given the class teacher's maths plan of 5А with lessons in the calendar
    world = build_world()
    sw = world.a
    plan = f.ThematicPlanFactory.create(school_class=sw.school_class, teacher=sw.class_teacher)
    lessons(plan, 4)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([[1, "Числа", "Натуральные числа", "два"]]))
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx([[1, "Числа", "Натуральные числа", 2], [2, "Числа", "Сложение", 1]]))
    base = live_server.url
    login(page, base, sw.users["teacher"].username)
    page.goto(base + reverse("thematic:plan_detail", args=[sw.school.pk, plan.pk]))
    # when the teacher uploads a bad file, the preview names the row and the column
    page.get_by_role("link", name="Загрузить из XLSX").click()
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_role("button", name="Проверить файл").click()
    expect(page.locator("#import-errors")).to_contain_text("Строка 2, столбец D (Часы)")
    assert not PlanTopic.objects.filter(plan=plan).exists()
    # and a good file shows the rows and asks for confirmation
    page.locator("input[type=file]").set_input_files(str(good))
    page.get_by_role("button", name="Проверить файл").click()
    page.get_by_role("button", name="Подтвердить загрузку").click()
    expect(page.locator(".messages")).to_contain_text("Загружено тем: 2")
    expect(page.locator("#topics")).to_contain_text("Темы (2)")
    # then a topic is edited in place (htmx), and the lessons follow the new hours
    # (the page after the redirect must have htmx bound before the click is sent)
    page.wait_for_load_state("networkidle")
    row = page.locator("tr", has_text="Сложение")
    topic = PlanTopic.objects.get(plan=plan, title="Сложение")
    row.get_by_role("button", name="Изменить").click()
    hours = page.locator(f"#id_t{topic.pk}-hours")
    hours.wait_for(state="visible")
    hours.fill("2")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator(f"#topic-{topic.pk}")).to_contain_text("Сложение")
    expect(page.locator(f"#topic-{topic.pk} button", has_text="Изменить")).to_be_visible()
    assert topic.lessons.count() == 2


def test_plan_page_fits_a_phone(phone_page, live_server):
    world = build_world()
    sw = world.a
    plan = f.ThematicPlanFactory.create(school_class=sw.school_class, teacher=sw.class_teacher)
    for index in range(1, 6):
        f.PlanTopicFactory.create(
            plan=plan,
            position=index,
            section="Числа и вычисления",
            title=f"Очень длинное название темы урока номер {index} про натуральные числа",
            homework="§1, упр. 1–5",
        )
    lessons(plan, 6)
    login(phone_page, live_server.url, sw.users["teacher"].username)
    phone_page.goto(live_server.url + reverse("thematic:plan_detail", args=[sw.school.pk, plan.pk]))
    assert stylesheets_loaded(phone_page)
    assert horizontal_overflow(phone_page) == 0
    phone_page.goto(live_server.url + reverse("thematic:plan_list", args=[sw.school.pk]))
    assert horizontal_overflow(phone_page) == 0
