"""The notification pages (the user's own, not school-scoped): the list, opening one, "mark all
read", the settings; the bell in the top bar and its one query."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parta.core.models import AuditEvent
from parta.core.testing.matrix import EVERYONE, check_matrix
from parta.core.testing.world import World
from parta.messaging.context_processors import notifications as bell_context
from parta.messaging.models import Notification, NotificationPreference, NotificationSettings
from parta.messaging.notify.counts import refresh_unread

pytestmark = pytest.mark.django_db

PROCESSOR = "parta.messaging.context_processors.notifications"


def _notify(user: Any, n: int = 1, **kwargs: Any) -> list[Notification]:
    start = Notification.objects.count()
    created = [
        Notification.objects.create(
            user=user,
            kind=kwargs.get("kind", "mark"),
            source_key=f"test:{start + i}",
            title=f"Отметка {i}",
            body="Контрольная работа",
            url=kwargs.get("url", "/notifications/settings/"),
        )
        for i in range(n)
    ]
    refresh_unread([user.pk])
    return created


def test_every_user_reads_their_own_list(client: Any, world: World) -> None:
    # given a notification for the parent of school A
    mine = _notify(world.a.users["parent"])[0]
    # then everybody (of either school) opens their own list
    check_matrix(
        client,
        world,
        lambda sw: reverse("messaging:notification_list"),
        allowed=EVERYONE,
        other_school_allowed=EVERYONE,
    )
    # and only the parent sees the notification
    client.force_login(world.a.users["teacher"])
    assert mine.title not in client.get(reverse("messaging:notification_list")).content.decode()
    client.force_login(world.a.users["parent"])
    page = client.get(reverse("messaging:notification_list")).content.decode()
    assert mine.title in page
    assert f'data-testid="notification-{mine.pk}"' in page


def test_anonymous_users_are_sent_to_the_login_page(client: Any, db: None) -> None:
    for name in ("notification_list", "notification_settings"):
        response = client.get(reverse(f"messaging:{name}"))
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_opening_marks_read_and_goes_to_the_page_another_users_is_404(
    client: Any, world: World
) -> None:
    parent, teacher = world.a.users["parent"], world.a.users["teacher"]
    mine = _notify(parent, url="/notifications/settings/")[0]
    url = reverse("messaging:notification_open", args=[mine.pk])
    # when another user opens it (of the same school, or the superuser)
    for other in (teacher, world.superuser, world.b.users["parent"]):
        client.force_login(other)
        assert client.post(url).status_code == 404
    # then it is still unread
    mine.refresh_from_db()
    assert mine.read_at is None
    # when its user opens it
    client.force_login(parent)
    response = client.post(url)
    # then it is read (audited) and the user lands on its page
    assert response.status_code == 302
    assert response["Location"] == "/notifications/settings/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert AuditEvent.objects.filter(object_type="messaging.notification", actor=parent).exists()
    # and GET does not open it
    assert client.get(url).status_code == 405


def test_a_foreign_url_is_never_followed(client: Any, world: World) -> None:
    parent = world.a.users["parent"]
    row = _notify(parent, url="https://evil.example.org/")[0]
    client.force_login(parent)
    response = client.post(reverse("messaging:notification_open", args=[row.pk]))
    assert response["Location"] == reverse("messaging:notification_list")


def test_mark_all_read_reads_only_ones_own(client: Any, world: World) -> None:
    parent, teacher = world.a.users["parent"], world.a.users["teacher"]
    _notify(parent, 3)
    _notify(teacher, 2)
    client.force_login(parent)
    response = client.post(reverse("messaging:notification_read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(user=parent, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=teacher, read_at__isnull=True).count() == 2


def test_the_unread_filter_and_kinds_turned_off_in_parta(client: Any, world: World) -> None:
    parent = world.a.users["parent"]
    read, unread = _notify(parent, 2)
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    absence = _notify(parent, kind="absence")[0]
    NotificationPreference.objects.create(user=parent, kind="absence", in_app=False, email=True)
    client.force_login(parent)
    page = client.get(reverse("messaging:notification_list") + "?unread=1").content.decode()
    assert f"notification-{unread.pk}" in page
    assert f"notification-{read.pk}" not in page
    assert f"notification-{absence.pk}" not in page


def test_the_list_is_paginated_with_a_fixed_number_of_queries(
    client: Any, world: World, django_assert_max_num_queries: Any
) -> None:
    parent = world.a.users["parent"]
    client.force_login(parent)
    _notify(parent, 2)
    url = reverse("messaging:notification_list")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _notify(parent, 40)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(few) == len(many)
    assert response.context["page_obj"].paginator.num_pages == 2


def test_the_settings_page_saves_the_choices(client: Any, world: World) -> None:
    parent = world.a.users["parent"]
    client.force_login(parent)
    url = reverse("messaging:notification_settings")
    page = client.get(url)
    assert page.status_code == 200
    # the defaults: absences by e-mail, marks in Parta only
    form = page.context["form"]
    assert form.initial["absence__email"] is True
    assert form.initial["mark__email"] is False
    # when the parent wants marks by e-mail in a digest, below 4, and no announcements
    data = {
        f"{kind}__in_app": "on"
        for kind in ("mark", "absence", "final_mark", "message", "event", "lesson_change")
    }
    data |= {"mark__email": "on", "absence__email": "on", "daily_digest": "on", "mark_below": "4"}
    response = client.post(url, data)
    assert response.status_code == 302
    choices = {
        p.kind: (p.in_app, p.email) for p in NotificationPreference.objects.filter(user=parent)
    }
    assert choices["mark"] == (True, True)
    assert choices["announcement"] == (False, False)
    assert choices["message"] == (True, False)
    stored = NotificationSettings.objects.get(user=parent)
    assert (stored.daily_digest, stored.mark_below) == (True, 4)
    assert AuditEvent.objects.filter(object_type="messaging.notificationsettings").count() == 1


def test_a_wrong_threshold_is_refused_and_nothing_is_saved(client: Any, world: World) -> None:
    parent = world.a.users["parent"]
    client.force_login(parent)
    response = client.post(reverse("messaging:notification_settings"), {"mark_below": "40"})
    assert response.status_code == 400
    assert not NotificationPreference.objects.filter(user=parent).exists()
    assert not NotificationSettings.objects.filter(user=parent).exists()


# --- the bell --------------------------------------------------------------------------------
def test_the_bell_shows_the_unread_count(client: Any, world: World) -> None:
    parent = world.a.users["parent"]
    _notify(parent, 3)
    client.force_login(parent)
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert 'data-testid="bell"' in page
    assert 'data-count="3"' in page


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_bell_adds_no_query_to_a_page(client: Any, world: World, settings: Any) -> None:
    parent = world.a.users["parent"]
    _notify(parent, 2)
    client.force_login(parent)
    url = reverse("accounts:password_change")
    _queries(client, url)  # warm caches
    with_bell = _queries(client, url)
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["context_processors"].remove(PROCESSOR)
    settings.TEMPLATES = templates
    without = _queries(client, url)
    assert with_bell == without


def test_the_bell_is_not_counted_for_api_requests_or_anonymous_users(world: World) -> None:
    factory = RequestFactory()
    api = factory.get("/api/v1/me/")
    api.user = world.a.users["parent"]
    assert bell_context(api) == {}
    page = factory.get("/notifications/")
    from django.contrib.auth.models import AnonymousUser

    page.user = AnonymousUser()
    assert bell_context(page) == {}
    page.user = world.a.users["parent"]
    assert "unread_notifications" in bell_context(page)
    template_settings: list[dict[str, Any]] = list(settings.TEMPLATES)
    assert PROCESSOR in template_settings[0]["OPTIONS"]["context_processors"]


def test_the_bell_count_follows_reading(client: Any, world: World) -> None:
    # given a parent with three unread notifications
    parent = world.a.users["parent"]
    first, *_rest = _notify(parent, 3)
    client.force_login(parent)
    # when one is opened
    client.post(reverse("messaging:notification_open", args=[first.pk]))
    # then the bell shows two, and none after "mark all read"
    assert 'data-count="2"' in client.get(reverse("accounts:password_change")).content.decode()
    client.post(reverse("messaging:notification_read_all"))
    parent.refresh_from_db()
    assert parent.unread_notifications == 0


def test_the_notifications_page_shows_the_menu_of_the_last_school(
    client: Any, world: World
) -> None:
    # given a parent who last worked in school A
    parent = world.a.users["parent"]
    client.force_login(parent)
    client.get(reverse("people:home", args=[world.a.school.pk]))
    # when the notifications (a page outside any school) open
    page = client.get(reverse("messaging:notification_list")).content.decode()
    # then the menu links to school A's diary and messages
    assert reverse("diary:week", args=[world.a.school.pk]) in page
    assert reverse("messaging:thread_list", args=[world.a.school.pk]) in page
