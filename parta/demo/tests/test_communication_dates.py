"""The demo's communication on other days of the year and other seeds: built whole, nothing in
the future that should be past, windows in order."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from parta.demo.builder import seed_demo
from parta.messaging.choices import NotificationKind
from parta.messaging.models import Announcement, Event, Message, Notification, Thread


@pytest.mark.parametrize(
    ("day", "seed"),
    [
        (datetime.date(2026, 9, 7), 3),
        (datetime.date(2027, 3, 1), 5),
        (datetime.date(2027, 5, 31), 2026),
        (datetime.date(2027, 7, 15), 1),
    ],
    ids=str,
)
def test_communication_on_any_day_of_the_year(db: None, day: datetime.date, seed: int) -> None:
    # given a small demo seeded on a day early, in the middle, at the end and after the year
    noon = datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=datetime.UTC)
    with time_machine.travel(noon, tick=True):
        seed_demo(schools=1, students_per_school=60, seed=seed, today=day, weeks=2)
        now = timezone.now()
    # then the conversations, announcements, events and notifications are all there
    assert Thread.objects.count() >= 9
    assert Announcement.objects.count() == 6
    assert Event.objects.count() == 5
    assert Notification.objects.filter(kind=NotificationKind.MESSAGE).exists()
    # and nothing said happened later than now, and publication windows are in order
    assert not Message.objects.filter(created_at__gt=now).exists()
    assert not Notification.objects.filter(created_at__gt=now).exists()
    for row in Announcement.objects.exclude(publish_until=None):
        assert row.publish_until is not None
        assert row.publish_until > row.publish_from
    for event in Event.objects.all():
        event.full_clean()
    for row in Announcement.objects.all():
        row.full_clean()
