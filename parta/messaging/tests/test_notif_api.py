"""/api/v1/notifications/: the user's own list (?unread=1), read, read-all, settings. Another
user's notification answers 404; denied writes change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from parta.core.testing.matrix import ALL_WHO
from parta.core.testing.world import World
from parta.messaging.choices import NotificationKind
from parta.messaging.models import Notification, NotificationPreference, NotificationSettings

pytestmark = pytest.mark.django_db

LIST = "/api/v1/notifications/"
SETTINGS = "/api/v1/notifications/settings/"


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def _notify(user: Any, n: int = 1) -> list[Notification]:
    start = Notification.objects.count()
    return [
        Notification.objects.create(
            user=user, kind="mark", source_key=f"test:{start + i}", title=f"Отметка {i}"
        )
        for i in range(n)
    ]


def test_every_user_lists_only_their_own(api: APIClient, world: World) -> None:
    # given one notification for each user of both schools
    own = {}
    for school in ("a", "b"):
        for who in ALL_WHO:
            user = world.user(who, school)
            if user.pk not in own:
                own[user.pk] = _notify(user)[0].pk
    # then each user lists exactly their own
    for school in ("a", "b"):
        for who in ALL_WHO:
            user = world.user(who, school)
            api.force_authenticate(user)
            response = api.get(LIST)
            assert response.status_code == 200, (who, school)
            assert [row["id"] for row in response.json()["results"]] == [own[user.pk]]
    # and anonymous requests are refused
    api.force_authenticate(None)
    assert api.get(LIST).status_code == 401


def test_unread_filter_and_read(api: APIClient, world: World) -> None:
    parent = world.a.users["parent"]
    first, second = _notify(parent, 2)
    api.force_authenticate(parent)
    response = api.post(f"{LIST}{first.pk}/read/")
    assert response.status_code == 200
    assert response.json()["is_read"] is True
    unread = api.get(LIST, {"unread": "1"}).json()["results"]
    assert [row["id"] for row in unread] == [second.pk]


def test_another_users_notification_is_404_and_stays_unread(api: APIClient, world: World) -> None:
    mine = _notify(world.a.users["parent"])[0]
    for other in (world.a.users["teacher"], world.superuser, world.b.users["parent"]):
        api.force_authenticate(other)
        assert api.get(f"{LIST}{mine.pk}/").status_code == 404
        response = api.post(f"{LIST}{mine.pk}/read/")
        assert response.status_code == 404
        assert "message" in response.json()
    mine.refresh_from_db()
    assert mine.read_at is None


def test_read_all_reads_only_ones_own(api: APIClient, world: World) -> None:
    parent, teacher = world.a.users["parent"], world.a.users["teacher"]
    _notify(parent, 3)
    _notify(teacher, 1)
    api.force_authenticate(parent)
    response = api.post(f"{LIST}read-all/")
    assert response.json() == {"marked": 3}
    assert api.post(f"{LIST}read-all/").json() == {"marked": 0}
    assert Notification.objects.filter(user=teacher, read_at__isnull=True).count() == 1


def test_settings_read_and_write(api: APIClient, world: World) -> None:
    parent = world.a.users["parent"]
    api.force_authenticate(parent)
    data = api.get(SETTINGS).json()
    assert set(data["kinds"]) == set(NotificationKind.values)
    assert data["kinds"]["absence"] == {"in_app": True, "email": True}
    assert data["mark_below"] is None
    response = api.put(
        SETTINGS,
        {
            "kinds": {"mark": {"in_app": True, "email": True}},
            "daily_digest": True,
            "mark_below": 4,
        },
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["kinds"]["mark"] == {"in_app": True, "email": True}
    assert response.json()["kinds"]["absence"] == {"in_app": True, "email": True}
    assert NotificationSettings.objects.get(user=parent).mark_below == 4
    assert NotificationPreference.objects.filter(user=parent).count() == 1


def test_wrong_settings_are_refused_and_change_nothing(api: APIClient, world: World) -> None:
    parent = world.a.users["parent"]
    api.force_authenticate(parent)
    for body in (
        {
            "kinds": {"grades": {"in_app": True, "email": True}},
            "daily_digest": False,
            "mark_below": None,
        },
        {"kinds": {}, "daily_digest": False, "mark_below": 50},
    ):
        response = api.put(SETTINGS, body, format="json")
        assert response.status_code == 400
        assert "message" in response.json()
    assert not NotificationPreference.objects.filter(user=parent).exists()
    assert not NotificationSettings.objects.filter(user=parent).exists()
    api.force_authenticate(None)
    assert api.put(SETTINGS, {}, format="json").status_code == 401


def test_the_list_costs_a_fixed_number_of_queries(api: APIClient, world: World) -> None:
    parent = world.a.users["parent"]
    api.force_authenticate(parent)
    _notify(parent, 2)
    api.get(LIST)  # warms the caches (content types)
    with CaptureQueriesContext(connection) as few:
        api.get(LIST)
    _notify(parent, 30)
    with CaptureQueriesContext(connection) as many:
        response = api.get(LIST)
    assert len(response.json()["results"]) == 32
    assert len(few) == len(many)
