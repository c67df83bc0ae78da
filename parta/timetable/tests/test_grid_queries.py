"""The timetable grids and index cost the same number of queries for one lesson a week or a
full week of a class, its subgroups, other classes of the teacher and the room."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parta.core.context import Actor
from parta.core.testing import factories as f
from parta.timetable.services import lessons_generate

#: Most queries a grid or the index may take (session, user, roles, school, year, schedule,
#: entries, lessons …): what they cost today, asserted so that a new per-row query shows.
MAX_QUERIES = 14


@pytest.fixture
def tw(world):
    world.bells = {
        sw.school.pk: f.BellScheduleFactory.create(academic_year=sw.year, name="Основное")
        for sw in (world.a, world.b)
    }
    return world


def _monday(sw):
    start = sw.year.start_date
    return start + datetime.timedelta(days=(7 - start.weekday()) % 7)


def _urls(sw):
    args = {
        "index": [],
        "class_grid": [sw.school_class.pk],
        "teacher_grid": [sw.class_teacher.pk],
        "room_grid": [sw.room.pk],
    }
    return {
        name: reverse(f"timetable:{name}", args=[sw.school.pk, *extra])
        for name, extra in args.items()
    }


def _generate(sw, monday):
    lessons_generate(
        actor=Actor.system(),
        academic_year=sw.year,
        start=monday,
        end=monday + datetime.timedelta(days=6),
    )


def _fill_week(sw):
    """A busy week: the class's lessons 1–6 on five days (some in two subgroups, each with its
    own teacher and room), and lessons of other classes with the same teacher and room."""
    subjects = [f.federal_subject(name) for name in ("Математика", "Русский язык", "История")]
    english = f.federal_subject("Иностранный язык (английский)")
    teachers = [f.StaffMemberFactory.create(school=sw.school) for _ in range(4)]
    rooms = [f.RoomFactory.create(school=sw.school) for _ in range(4)]
    groups = [
        f.StudyGroupFactory.create(school_class=sw.school_class, name=f"англ. {n}", subject=english)
        for n in (1, 2)
    ]
    others = [
        f.SchoolClassFactory.create(period_set=sw.period_set, grade=6, letter=letter)
        for letter in "АБ"
    ]
    for weekday in range(1, 6):
        for number in range(1, 7):
            if number == 3:
                for n, group in enumerate(groups):
                    f.TimetableEntryFactory.create(
                        school_class=None,
                        study_group=group,
                        school=sw.school,
                        academic_year=sw.year,
                        weekday=weekday,
                        slot_number=number,
                        subject=english,
                        teacher=teachers[n],
                        room=rooms[n],
                    )
                continue
            f.TimetableEntryFactory.create(
                school_class=sw.school_class,
                weekday=weekday,
                slot_number=number,
                subject=subjects[number % 3],
                teacher=sw.class_teacher if number % 2 else teachers[2],
                room=sw.room if number % 2 else rooms[2],
            )
        for n, other in enumerate(others):
            f.TimetableEntryFactory.create(
                school_class=other,
                weekday=weekday,
                slot_number=7,
                subject=subjects[n],
                teacher=sw.class_teacher if n == 0 else teachers[3],
                room=sw.room if n == 1 else rooms[3],
            )


def _count(client, url, day):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"date": day.isoformat()})
    assert response.status_code == 200
    return len(captured), response.content.decode()


#: What the full week shows on each page (so the count covers the rows it renders).
SHOWN = {
    "index": "6Б",
    "class_grid": "англ. 2",
    "teacher_grid": "6А",
    "room_grid": "6Б",
}


@pytest.mark.parametrize("name", ["index", "class_grid", "teacher_grid", "room_grid"])
def test_grid_queries_do_not_grow_with_the_week(client, tw, name, django_assert_max_num_queries):
    # given one lesson a week of the class, with its teacher and room, and its dated lessons
    sw = tw.a
    monday = _monday(sw)
    f.TimetableEntryFactory.create(
        school_class=sw.school_class, teacher=sw.class_teacher, room=sw.room
    )
    _generate(sw, monday)
    client.force_login(tw.user("deputy_director"))
    url = _urls(sw)[name]
    client.get(url)  # the first request of a session costs more
    few, _text = _count(client, url, monday)
    # when the week fills up (35 more lessons, subgroups, other classes)
    _fill_week(sw)
    _generate(sw, monday)
    # then the page costs the same number of queries, within the budget
    with django_assert_max_num_queries(MAX_QUERIES):
        many, text = _count(client, url, monday)
    assert SHOWN[name] in text
    assert many == few
