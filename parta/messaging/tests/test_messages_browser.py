"""A parent on a phone writes to the child's teachers (finding one in the address book as she
types), the teacher sees the new conversation and replies; nothing scrolls sideways."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from parta.core.testing.browser import horizontal_overflow, login
from parta.core.testing.world import build_world
from parta.messaging.models import Thread
from parta.messaging.tests.test_messages_setup import _school_day, build_cast, fresh_storage

pytestmark = pytest.mark.browser
__all__ = ["_school_day", "fresh_storage"]


def test_parent_writes_on_a_phone_and_the_teacher_replies(
    phone_page: Any, page: Any, live_server: Any
) -> None:
    # given the world's school A with the teachers of 5А
    cast = build_cast(build_world())
    school = cast.a.school
    parent, teacher = cast.user("parent"), cast.subject_teacher
    base = live_server.url

    # when the parent follows a "write to" link for the class teacher on her phone
    phone = phone_page
    login(phone, base, parent.username)
    new_url = reverse("messaging:thread_new", args=[school.pk])
    phone.goto(f"{base}{new_url}?to={cast.user('teacher').pk}")
    chosen = phone.locator(".msg-chosen input[name='to']:checked")
    expect(chosen).to_have_count(1)
    assert horizontal_overflow(phone) == 0
    # and finds the mathematics teacher by typing part of her name
    phone.locator("#msg-book-q").fill("предметникова")
    found = phone.locator(f"#msg-book input[name='to'][value='{teacher.pk}']")
    expect(found).to_be_visible()
    expect(phone.locator("#msg-book")).not_to_contain_text("Группова")
    # the class teacher she chose stays chosen
    expect(phone.locator(".msg-chosen input[name='to']:checked")).to_have_count(1)
    found.check()
    phone.locator("input[name='subject']").fill("Контрольная по математике")
    phone.locator("textarea[name='body']").fill("Когда будет контрольная?")
    with phone.expect_navigation():
        phone.locator("[data-testid='send']").click()

    # then the conversation opens with both teachers in it
    thread = Thread.objects.get(subject="Контрольная по математике")
    assert set(thread.participants.values_list("user_id", flat=True)) == {
        parent.pk,
        teacher.pk,
        cast.user("teacher").pk,
    }
    expect(phone.locator("[data-testid='message']")).to_have_count(1)
    assert horizontal_overflow(phone) == 0

    # when the teacher opens her messages, she sees it unread and replies
    login(page, base, teacher.username)
    page.goto(base + reverse("messaging:thread_list", args=[school.pk]))
    row = page.locator("[data-testid='thread']").first
    expect(row).to_have_class("msg-thread is-unread")
    with page.expect_navigation():
        row.locator("a").click()
    page.locator("textarea[name='body']").fill("В четверг, параграф 12.")
    with page.expect_navigation():
        page.locator("[data-testid='reply']").click()
    expect(page.locator("[data-testid='message']")).to_have_count(2)

    # then the parent's list on the phone shows the reply as new, without sideways scrolling
    phone.goto(base + reverse("messaging:thread_list", args=[school.pk]))
    expect(phone.locator("[data-testid='thread'].is-unread")).to_have_count(1)
    expect(phone.locator(".msg-preview").first).to_contain_text("В четверг")
    assert horizontal_overflow(phone) == 0
