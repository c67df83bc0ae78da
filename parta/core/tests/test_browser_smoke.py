"""The browser-test plumbing works end to end: Chromium, the live server, the login page."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from parta.accounts.choices import Role
from parta.core.testing import factories as f
from parta.core.testing.browser import horizontal_overflow, login, stylesheets_loaded

pytestmark = pytest.mark.browser


def _director():
    school = f.OrganizationFactory.create(short_name="Школа № 7")
    f.PeriodSetFactory.create(academic_year__school=school)
    user = f.UserFactory.create(username="smoke_director")
    f.RoleAssignmentFactory.create(user=user, organization=school, role=Role.DIRECTOR)
    return school, user


def test_login_lands_on_school_home(page, live_server):
    # given a director of one school
    school, user = _director()

    # when they log in through the login page
    login(page, live_server.url, user.username)

    # then they land on their school's home page
    assert urlsplit(page.url).path == reverse("people:home", args=[school.pk])
    expect(page.locator("header")).to_contain_text(school.short_name)


def test_wrong_password_stays_on_login_page(page, live_server):
    _, user = _director()

    with pytest.raises(AssertionError, match="smoke_director"):
        login(page, live_server.url, user.username, "not-the-password")

    assert urlsplit(page.url).path == reverse("accounts:login")
    expect(page.locator("form input[name='username']")).to_be_visible()


def test_home_fits_a_phone_screen(phone_page, live_server):
    # given a director on a phone
    school, user = _director()

    # when they log in
    login(phone_page, live_server.url, user.username)

    # then the home page needs no horizontal scrolling
    assert urlsplit(phone_page.url).path == reverse("people:home", args=[school.pk])
    assert stylesheets_loaded(phone_page), "the page's CSS did not load"
    assert horizontal_overflow(phone_page) == 0, "the home page is wider than a phone screen"
