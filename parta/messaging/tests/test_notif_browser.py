"""A parent on a phone follows the bell to the notifications, opens one (it becomes read and
leads to its page) and changes the notification settings; no page scrolls sideways."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from parta.core.testing.browser import horizontal_overflow, login, stylesheets_loaded
from parta.core.testing.world import build_world
from parta.messaging.models import Notification, NotificationSettings
from parta.messaging.notify.counts import refresh_unread

pytestmark = pytest.mark.browser


def test_parent_reads_a_notification_and_changes_the_settings_on_a_phone(
    phone_page: Any, live_server: Any
) -> None:
    # given two unread notifications of a parent, one leading to the settings page
    world = build_world()
    parent = world.user("parent")
    first = Notification.objects.create(
        user=parent,
        kind="mark",
        source_key="test:1",
        title="Ученика П. И.: Отметка 5 по математике — очень длинный заголовок уведомления",
        body="Работа: Контрольная работа (вес 2)\nУрок 01.09.2026",
        url="/notifications/settings/",
    )
    Notification.objects.create(user=parent, kind="absence", source_key="test:2", title="Пропуск")
    refresh_unread([parent.pk])
    page = phone_page
    login(page, live_server.url, parent.username)
    # when she opens the menu and follows the bell
    page.locator("label.nav-toggle-label").click()
    bell = page.get_by_test_id("bell")
    expect(bell).to_have_attribute("data-count", "2")
    with page.expect_navigation():
        bell.click()
    # then the list fits the phone
    assert stylesheets_loaded(page)
    assert horizontal_overflow(page) == 0
    expect(page.get_by_test_id(f"notification-{first.pk}")).to_be_visible()
    # when she opens the first notification
    with page.expect_navigation():
        page.get_by_test_id(f"notification-{first.pk}").get_by_role("button").click()
    # then it is read and she is on its page: the settings, which fit the phone too
    first.refresh_from_db()
    assert first.read_at is not None
    assert page.url.endswith("/notifications/settings/")
    assert horizontal_overflow(page) == 0
    # when she asks for marks below 4 in a daily digest
    form = page.get_by_test_id("notification-settings")
    form.locator("input[name='daily_digest']").check()
    form.locator("input[name='mark_below']").fill("4")
    with page.expect_navigation():
        form.get_by_role("button").click()
    stored = NotificationSettings.objects.get(user=parent)
    assert (stored.daily_digest, stored.mark_below) == (True, 4)
