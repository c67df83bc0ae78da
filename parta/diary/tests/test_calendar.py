"""The calendar feed: its content for a student, a parent and a teacher (parsed with the
`icalendar` library), the private address (create, renew, turn off; unknown or revoked → 404),
the page and the API, and a constant number of queries."""

from __future__ import annotations

import datetime

import icalendar
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ALL_WHO
from parta.diary.models import CalendarFeed
from parta.diary.services.calendar import calendar_feed_create
from parta.diary.tests.test_marks_rig import assignment, day_of, lesson, noon, work_type
from parta.messaging.models import Event
from parta.people.models import StudyGroupMembership

pytestmark = pytest.mark.django_db

TODAY = 40  # days after the start of the world's year: the window is days 26 … 100


def feed_for(user):
    return calendar_feed_create(actor=Actor(user=user))


def read_feed(client, feed):
    response = client.get(reverse("diary:calendar_feed", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content.decode())


def summaries(calendar):
    return sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))


def by_uid(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def feed_world(world):
    """School A: lessons of 5А in and out of the window, a cancelled one, a study group of the
    student and one of the other student, homework, events of both schools."""
    sw = world.a
    today = day_of(sw, TODAY)
    math = f.federal_subject()
    russian = f.federal_subject("Русский язык")
    items = {
        "in": lesson(sw, day_of(sw, TODAY + 1), math, room=sw.room),
        "old": lesson(sw, day_of(sw, TODAY - 20), math),
        "far": lesson(sw, day_of(sw, TODAY + 70), math),
        "cancelled": lesson(
            sw, day_of(sw, TODAY + 2), russian, status="cancelled", cancel_reason="Карантин"
        ),
    }
    own_group = f.StudyGroupFactory.create(school_class=sw.school_class, name="Английский 1")
    other_group = f.StudyGroupFactory.create(school_class=sw.school_class, name="Английский 2")
    for group, student in ((own_group, sw.student), (other_group, sw.other_student)):
        StudyGroupMembership.objects.create(
            school=sw.school, group=group, student=student, start_date=sw.year.start_date
        )
    english = f.federal_subject("Иностранный язык (английский)")
    items["own_group"] = lesson(
        sw, day_of(sw, TODAY + 3), english, school_class=None, study_group=own_group
    )
    items["other_group"] = lesson(
        sw, day_of(sw, TODAY + 3), english, school_class=None, study_group=other_group
    )
    homework = assignment(
        sw,
        day_of(sw, TODAY - 1),
        work_type(sw, "Домашнее задание", "1", is_homework=True),
        subject=math,
        title="Упражнение 7",
        due_date=day_of(sw, TODAY + 5),
    )
    moment = noon(sw, day_of(sw, TODAY + 10))
    meeting = Event.objects.create(
        school=sw.school,
        kind="parent_meeting",
        title="Родительское собрание 5А",
        place="Кабинет 101, 2 этаж",
        starts_at=moment,
        scope="class",
        school_class=sw.school_class,
        for_staff=False,
        for_students=False,
        for_parents=True,
    )
    concert = Event.objects.create(
        school=sw.school, title="Концерт", place="Актовый зал", starts_at=moment
    )
    other_school = Event.objects.create(
        school=world.b.school, title="Концерт школы B", starts_at=moment
    )
    with time_machine.travel(noon(sw, today), tick=False):
        yield {
            "sw": sw,
            "lessons": items,
            "homework": homework,
            "meeting": meeting,
            "concert": concert,
            "other_school": other_school,
        }


def test_a_students_feed_has_their_lessons_homework_and_events(client, feed_world):
    # given
    sw, lessons = feed_world["sw"], feed_world["lessons"]
    calendar = read_feed(client, feed_for(sw.users["student"]))
    events = by_uid(calendar)
    sid = sw.student.pk
    # then: the lessons in the window (class and own group), the cancelled one cancelled
    for key in ("in", "cancelled", "own_group"):
        assert f"lesson-{lessons[key].pk}-s{sid}@parta" in events
    for key in ("old", "far", "other_group"):
        assert not any(uid.startswith(f"lesson-{lessons[key].pk}-") for uid in events)
    assert str(events[f"lesson-{lessons['cancelled'].pk}-s{sid}@parta"]["STATUS"]) == "CANCELLED"
    taught = events[f"lesson-{lessons['in'].pk}-s{sid}@parta"]
    assert str(taught["STATUS"]) == "CONFIRMED"
    assert str(taught["LOCATION"]) == "101"
    assert taught.decoded("DTSTART") == datetime.datetime.combine(
        lessons["in"].date, lessons["in"].start_time, noon(sw, lessons["in"].date).tzinfo
    )
    assert str(taught["SUMMARY"]) == "Математика (5А)"
    # homework due in the window as an all-day event
    homework = events[f"homework-{feed_world['homework'].pk}-s{sid}@parta"]
    assert homework.decoded("DTSTART") == feed_world["homework"].due_date
    assert "Упражнение 7" in str(homework["DESCRIPTION"])
    # the school's concert (for everyone), not the parent meeting nor school B's concert
    assert f"event-{feed_world['concert'].pk}@parta" in events
    assert str(events[f"event-{feed_world['concert'].pk}@parta"]["LOCATION"]) == "Актовый зал"
    assert f"event-{feed_world['meeting'].pk}@parta" not in events
    assert f"event-{feed_world['other_school'].pk}@parta" not in events


def test_a_parents_feed_has_the_childs_lessons_named_and_the_parent_meeting(client, feed_world):
    # given
    sw, lessons = feed_world["sw"], feed_world["lessons"]
    calendar = read_feed(client, feed_for(sw.users["parent"]))
    events = by_uid(calendar)
    sid = sw.student.pk
    # then: the child's lessons prefixed with the child's name, not the other child's group
    lesson_event = events[f"lesson-{lessons['in'].pk}-s{sid}@parta"]
    assert str(lesson_event["SUMMARY"]) == "Пётр Ученикa: Математика (5А)"
    assert f"lesson-{lessons['own_group'].pk}-s{sid}@parta" in events
    assert not any(uid.startswith(f"lesson-{lessons['other_group'].pk}-") for uid in events)
    assert not any(f"-s{sw.other_student.pk}@" in uid for uid in events)
    # the parent meeting with its place; not school B's event
    meeting = events[f"event-{feed_world['meeting'].pk}@parta"]
    assert str(meeting["LOCATION"]) == "Кабинет 101, 2 этаж"
    assert f"event-{feed_world['other_school'].pk}@parta" not in events


def test_a_teachers_feed_has_the_lessons_they_teach_or_substitute(client, feed_world, world):
    # given: the class teacher gives the window's lessons; one of them goes to a substitute,
    # and they substitute in another teacher's lesson
    sw, lessons = feed_world["sw"], feed_world["lessons"]
    other = f.StaffMemberFactory.create(school=sw.school)
    f.SubstitutionFactory.create(lesson=lessons["own_group"], teacher=other)
    foreign = lesson(sw, day_of(sw, TODAY + 4), teacher=other)
    f.SubstitutionFactory.create(lesson=foreign, teacher=sw.class_teacher)
    b_lesson = lesson(world.b, day_of(world.b, TODAY + 1))
    # when
    events = by_uid(read_feed(client, feed_for(sw.users["teacher"])))
    # then
    assert f"lesson-{lessons['in'].pk}-t@parta" in events
    assert f"lesson-{foreign.pk}-t@parta" in events
    assert f"lesson-{lessons['own_group'].pk}-t@parta" not in events
    assert f"lesson-{lessons['old'].pk}-t@parta" not in events
    assert not any(uid.startswith(f"lesson-{b_lesson.pk}-") for uid in events)


def test_the_feed_makes_a_constant_number_of_queries(client, feed_world):
    # given: the parent's feed, then ten more lessons, homeworks and events
    sw = feed_world["sw"]
    feed = feed_for(sw.users["parent"])
    path = reverse("diary:calendar_feed", args=[feed.token])

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured.captured_queries)

    few = count()
    kind = work_type(sw, "Домашнее задание", "1", is_homework=True)
    for i in range(10):
        assignment(sw, day_of(sw, TODAY + i), kind, due_date=day_of(sw, TODAY + i + 1))
        Event.objects.create(
            school=sw.school, title=f"Событие {i}", starts_at=noon(sw, day_of(sw, TODAY + i))
        )
    many = count()
    # then: the same, and at most nine (the feed, last used, the access, seven of the items)
    assert few == many
    assert many <= 10


# --- the address ------------------------------------------------------------------------------
def test_an_unknown_token_is_404(client, world):
    assert client.get(reverse("diary:calendar_feed", args=["nope"])).status_code == 404


def test_reading_the_feed_records_when_it_was_last_used(client, world):
    feed = feed_for(world.a.users["student"])
    assert feed.last_used_at is None
    client.get(reverse("diary:calendar_feed", args=[feed.token]))
    feed.refresh_from_db()
    assert feed.last_used_at is not None


def test_renewing_the_address_makes_the_old_one_404(client, world):
    # given: a feed
    user = world.a.users["parent"]
    old = feed_for(user).token
    client.force_login(user)
    # when: renewed on the page
    response = client.post(reverse("diary:calendar"), {"action": "renew"})
    # then
    assert response.status_code == 302
    new = CalendarFeed.objects.get(user=user).token
    assert new != old
    client.logout()
    assert client.get(reverse("diary:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("diary:calendar_feed", args=[new])).status_code == 200


def test_turning_the_feed_off_makes_it_404_and_is_audited(client, world):
    # given
    user = world.a.users["student"]
    token = feed_for(user).token
    client.force_login(user)
    # when
    client.post(reverse("diary:calendar"), {"action": "revoke"})
    # then
    assert not CalendarFeed.objects.filter(user=user).exists()
    assert client.get(reverse("diary:calendar_feed", args=[token])).status_code == 404
    events = AuditEvent.objects.filter(object_type="diary.calendarfeed").order_by("pk")
    assert [event.action for event in events] == ["create", "delete"]
    assert all(token not in str(event.before) + str(event.after) for event in events)


def test_the_calendar_page_creates_the_address(client, world):
    # given: a user without a feed
    user = world.a.users["teacher_no_class"]
    client.force_login(user)
    page = client.get(reverse("diary:calendar"), HTTP_ACCEPT_LANGUAGE="en")
    assert "You have no calendar address yet." in page.content.decode()
    # when
    client.post(reverse("diary:calendar"), {"action": "create"})
    # then: the page shows the private address
    feed = CalendarFeed.objects.get(user=user)
    html = client.get(reverse("diary:calendar"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"/calendar/{feed.token}.ics" in html
    assert "webcal://" in html


def test_the_calendar_page_is_for_every_logged_in_user_and_only_their_own(client, world):
    # given: the student's feed
    token = feed_for(world.a.users["student"]).token
    for who in ALL_WHO:
        client.force_login(world.user(who))
        response = client.get(reverse("diary:calendar"))
        # then: everyone opens the page, and nobody but the student sees the student's address
        assert response.status_code == 200, who
        assert (token in response.content.decode()) == (who == "student"), who
        client.logout()
    assert client.get(reverse("diary:calendar")).status_code == 302


def test_an_unknown_action_changes_nothing(client, world):
    user = world.a.users["student"]
    client.force_login(user)
    client.post(reverse("diary:calendar"), {"action": "drop"})
    assert not CalendarFeed.objects.filter(user=user).exists()


# --- the API ----------------------------------------------------------------------------------
API = "/api/v1/me/calendar-feed/"


def test_calendar_feed_api_show_renew_revoke(world):
    # given
    api = APIClient()
    api.force_login(world.a.users["parent"])
    # when / then: none yet
    assert api.get(API).status_code == 404
    created = api.post(API)
    assert created.status_code == 201
    first = created.json()["url"]
    assert first.endswith(".ics")
    assert api.get(API).json()["url"] == first
    renewed = api.post(API).json()["url"]
    assert renewed != first
    assert api.get(first.split("testserver", 1)[1]).status_code == 404
    assert api.delete(API).status_code == 204
    assert api.get(API).status_code == 404
    assert api.get(renewed.split("testserver", 1)[1]).status_code == 404


def test_calendar_feed_api_needs_a_login(world):
    api = APIClient()
    assert api.get(API).status_code in (401, 403)
    assert api.post(API).status_code in (401, 403)
    assert not CalendarFeed.objects.exists()
