"""In a real browser: the period-set editor fills typical quarters (htmx swaps the form, nothing
is saved) and saves them; the structure pages fit a phone screen."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from parta.accounts.choices import Role
from parta.core.testing import factories as f
from parta.core.testing.browser import horizontal_overflow, login
from parta.organizations.models import PeriodSet

pytestmark = pytest.mark.browser


def _director():
    school = f.OrganizationFactory.create(short_name="Школа № 9")
    year = f.AcademicYearFactory.create(
        school=school,
        name="2025/2026",
        start_date=datetime.date(2025, 9, 1),
        end_date=datetime.date(2026, 5, 31),
    )
    user = f.UserFactory.create(username="structure_director")
    f.RoleAssignmentFactory.create(user=user, organization=school, role=Role.DIRECTOR)
    return school, year, user


def test_fill_typical_quarters_then_save(page, live_server):
    school, year, user = _director()
    login(page, live_server.url, user.username)
    page.goto(live_server.url + reverse("organizations:period_set_create", args=[school.pk]))

    page.select_option("#id_academic_year", str(year.pk))
    page.select_option("#id_kind", "quarters")
    page.fill("#id_name", "Четверти")
    page.click("button[name=action][value=fill]")

    # the form was swapped in place with the typical dates; nothing saved yet
    expect(page.locator("#id_periods-3-end_date")).to_have_value("2026-05-26")
    expect(page.locator("#id_periods-0-start_date")).to_have_value("2025-09-01")
    expect(page.locator("#id_name")).to_have_value("Четверти")
    assert not PeriodSet.objects.filter(school=school).exists()

    with page.expect_navigation():
        page.click("button.primary[name=action][value=save]")
    assert urlsplit(page.url).path == reverse("organizations:period_set_list", args=[school.pk])
    saved = PeriodSet.objects.get(school=school, name="Четверти")
    assert [p.number for p in saved.periods.order_by("number")] == [1, 2, 3, 4]


def test_structure_pages_fit_a_phone(phone_page, live_server):
    school, year, user = _director()
    f.PeriodSetFactory.create(academic_year=year)
    login(phone_page, live_server.url, user.username)
    for url in (
        reverse("organizations:settings", args=[school.pk]),
        reverse("organizations:card", args=[school.pk]),
        reverse("organizations:card_edit", args=[school.pk]),
        reverse("organizations:period_set_list", args=[school.pk]),
        reverse("organizations:period_set_create", args=[school.pk]),
        reverse("organizations:holiday_set_create", args=[school.pk]),
        reverse("curriculum:subject_list", args=[school.pk]),
    ):
        phone_page.goto(live_server.url + url)
        assert horizontal_overflow(phone_page) == 0, f"{url} is wider than a phone screen"
