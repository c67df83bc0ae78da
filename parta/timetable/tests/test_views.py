import datetime

import pytest
from django.urls import reverse

from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ADMINS, EVERYONE, check_matrix
from parta.timetable.models import BellSchedule, ClassBellSchedule, Slot, TimetableEntry


@pytest.fixture
def tw(world):
    """The two-school world with a default bell schedule in each school."""
    world.bells = {
        sw.school.pk: f.BellScheduleFactory.create(academic_year=sw.year, name="Основное")
        for sw in (world.a, world.b)
    }
    return world


def _url(name, args):
    return lambda sw: reverse(f"timetable:{name}", args=[sw.school.pk, *args(sw)])


READ_PAGES = [
    ("index", lambda sw: []),
    ("bell_list", lambda sw: []),
    ("class_grid", lambda sw: [sw.school_class.pk]),
    ("teacher_grid", lambda sw: [sw.class_teacher.pk]),
    ("room_grid", lambda sw: [sw.room.pk]),
]


@pytest.mark.parametrize(("name", "args"), READ_PAGES, ids=[p[0] for p in READ_PAGES])
def test_read_pages_matrix(client, tw, name, args):
    check_matrix(client, tw, _url(name, args), allowed=EVERYONE)


ADMIN_PAGES = [
    ("bell_create", lambda sw: []),
    ("class_schedules", lambda sw: []),
    ("cell", lambda sw: [sw.school_class.pk, 2, 3]),
]


@pytest.mark.parametrize(("name", "args"), ADMIN_PAGES, ids=[p[0] for p in ADMIN_PAGES])
def test_admin_pages_matrix(client, tw, name, args):
    check_matrix(client, tw, _url(name, args), allowed=ADMINS)


def test_bell_edit_matrix(client, tw):
    check_matrix(
        client,
        tw,
        lambda sw: reverse("timetable:bell_edit", args=[sw.school.pk, tw.bells[sw.school.pk].pk]),
        allowed=ADMINS,
    )


def _entry_post(sw, **extra):
    data = {
        "subject": f.federal_subject().pk,
        "teacher": sw.class_teacher.pk,
        "room": sw.room.pk,
        "study_group": "",
        "week_parity": "every",
        "valid_from": sw.year.start_date.isoformat(),
        "valid_to": "",
    }
    data.update(extra)
    return data


def test_denied_writes_change_nothing(client, tw):
    denied = EVERYONE - ADMINS
    before = (
        TimetableEntry.objects.count(),
        BellSchedule.objects.count(),
        ClassBellSchedule.objects.count(),
        AuditEvent.objects.count(),
    )
    check_matrix(
        client,
        tw,
        lambda sw: reverse("timetable:cell", args=[sw.school.pk, sw.school_class.pk, 2, 3]),
        allowed=set(),
        who=denied,
        method="post",
        data=_entry_post(tw.a),
    )
    check_matrix(
        client,
        tw,
        lambda sw: reverse("timetable:bell_create", args=[sw.school.pk]),
        allowed=set(),
        who=denied,
        method="post",
        data={
            "academic_year": tw.a.year.pk,
            "name": "Суббота",
            "slots-TOTAL_FORMS": "1",
            "slots-INITIAL_FORMS": "0",
            "slots-0-number": "1",
            "slots-0-start_time": "09:00",
            "slots-0-end_time": "09:40",
        },
    )
    check_matrix(
        client,
        tw,
        lambda sw: reverse("timetable:class_schedules", args=[sw.school.pk]),
        allowed=set(),
        who=denied,
        method="post",
        data={f"class_{tw.a.school_class.pk}": tw.bells[tw.a.school.pk].pk},
    )
    after = (
        TimetableEntry.objects.count(),
        BellSchedule.objects.count(),
        ClassBellSchedule.objects.count(),
        AuditEvent.objects.count(),
    )
    assert after == before


def test_admin_post_to_other_school_changes_nothing(client, tw):
    client.force_login(tw.user("director"))
    url = reverse("timetable:cell", args=[tw.b.school.pk, tw.b.school_class.pk, 2, 3])
    response = client.post(url, _entry_post(tw.b))
    assert response.status_code == 404
    assert not TimetableEntry.objects.exists()


def test_deputy_places_a_lesson_sees_the_clash_and_fixes_it(client, tw):
    sw = tw.a
    client.force_login(tw.user("deputy_director"))
    url = reverse("timetable:cell", args=[sw.school.pk, sw.school_class.pk, 2, 3])
    response = client.post(url, _entry_post(sw), headers={"hx-request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(
        reverse("timetable:class_grid", args=[sw.school.pk, sw.school_class.pk])
    )
    entry = TimetableEntry.objects.get()
    assert (entry.weekday, entry.slot_number, entry.school_class) == (2, 3, sw.school_class)
    # another class, same teacher and room at the same time: the clash shows inline
    other = f.SchoolClassFactory.create(period_set=sw.period_set, grade=6, letter="Б")
    url_b = reverse("timetable:cell", args=[sw.school.pk, other.pk, 2, 3])
    response = client.post(url_b, _entry_post(sw), headers={"hx-request": "true"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "already teaches a lesson in 5А on Tuesday, lesson 3 (room 101)" in text
    assert "Room 101 is already taken on Tuesday, lesson 3" in text
    assert "<html" not in text  # only the form
    assert f'value="{sw.year.start_date.isoformat()}"' in text  # typed values kept
    assert TimetableEntry.objects.count() == 1
    # another teacher and no room: saved
    teacher = f.StaffMemberFactory.create(school=sw.school)
    response = client.post(
        url_b, _entry_post(sw, teacher=teacher.pk, room=""), headers={"hx-request": "true"}
    )
    assert response.status_code == 204
    assert TimetableEntry.objects.count() == 2


def test_slot_number_outside_the_schedule_is_refused_on_the_page(client, tw):
    sw = tw.a
    client.force_login(tw.user("director"))
    url = reverse("timetable:cell", args=[sw.school.pk, sw.school_class.pk, 2, 9])
    response = client.post(url, _entry_post(sw))
    assert response.status_code == 200
    assert "Lesson 9 does not exist in the bell schedule" in response.content.decode()
    assert not TimetableEntry.objects.exists()


def test_edit_and_delete_a_lesson(client, tw):
    sw = tw.a
    client.force_login(tw.user("secretary"))
    entry = f.TimetableEntryFactory.create(
        school_class=sw.school_class, weekday=1, slot_number=2, teacher=sw.class_teacher
    )
    url = reverse("timetable:cell", args=[sw.school.pk, sw.school_class.pk, 1, 2])
    response = client.get(url, {"entry": entry.pk})
    assert response.status_code == 200
    assert "autofocus" in response.content.decode()
    response = client.post(url, _entry_post(sw, entry=entry.pk, week_parity="odd"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.week_parity == "odd"
    response = client.post(url, {"entry": entry.pk, "action": "delete"})
    assert response.status_code == 302
    assert not TimetableEntry.objects.exists()


def test_bell_schedule_with_overlapping_rows_writes_nothing(client, tw):
    sw = tw.a
    client.force_login(tw.user("director"))
    url = reverse("timetable:bell_create", args=[sw.school.pk])
    data = {
        "academic_year": sw.year.pk,
        "name": "Сокращённый день",
        "slots-TOTAL_FORMS": "3",
        "slots-INITIAL_FORMS": "0",
        "slots-0-number": "1",
        "slots-0-start_time": "08:30",
        "slots-0-end_time": "09:00",
        "slots-1-number": "2",
        "slots-1-start_time": "08:50",
        "slots-1-end_time": "09:20",
        "slots-2-number": "",
        "slots-2-start_time": "",
        "slots-2-end_time": "",
    }
    before = (BellSchedule.objects.count(), Slot.objects.count())
    response = client.post(url, data)
    assert response.status_code == 200
    assert "overlaps another lesson" in response.content.decode()
    assert (BellSchedule.objects.count(), Slot.objects.count()) == before
    data["slots-1-start_time"] = "09:10"
    data["slots-1-end_time"] = "09:40"
    response = client.post(url, data)
    assert response.status_code == 302
    saved = BellSchedule.objects.get(name="Сокращённый день")
    assert list(saved.slots.values_list("number", flat=True)) == [1, 2]


def test_bell_edit_page_shows_slots_and_add_row(client, tw):
    client.force_login(tw.user("director"))
    schedule = tw.bells[tw.a.school.pk]
    url = reverse("timetable:bell_edit", args=[tw.a.school.pk, schedule.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert 'value="08:30"' in response.content.decode()


def test_class_schedules_page_assigns_a_schedule(client, tw):
    sw = tw.a
    saturday = f.BellScheduleFactory.create(academic_year=sw.year, name="Суббота", is_default=False)
    client.force_login(tw.user("director"))
    url = reverse("timetable:class_schedules", args=[sw.school.pk])
    response = client.post(url, {f"class_{sw.school_class.pk}": saturday.pk})
    assert response.status_code == 302
    assert ClassBellSchedule.objects.get(school_class=sw.school_class).bell_schedule == saturday


def _fill(sw, count):
    teachers = [f.StaffMemberFactory.create(school=sw.school) for _ in range(6)]
    rooms = [f.RoomFactory.create(school=sw.school) for _ in range(6)]
    made = 0
    for weekday in range(1, 7):
        for number in range(1, 8):
            if made >= count:
                return
            f.TimetableEntryFactory.create(
                school_class=sw.school_class,
                weekday=weekday,
                slot_number=number,
                teacher=teachers[number % 6],
                room=rooms[number % 6],
            )
            made += 1


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("class_grid", lambda sw: [sw.school_class.pk]),
        ("teacher_grid", lambda sw: [sw.class_teacher.pk]),
        ("room_grid", lambda sw: [sw.room.pk]),
    ],
    ids=["class", "teacher", "room"],
)
def test_grid_query_count_is_constant(client, tw, django_assert_max_num_queries, name, args):
    sw = tw.a
    client.force_login(tw.user("director"))
    url = _url(name, args)(sw)
    client.get(url)
    _fill(sw, 35)
    TimetableEntry.objects.filter(pk__in=TimetableEntry.objects.values("pk")[:12]).update(
        teacher=sw.class_teacher, room=sw.room
    )
    assert TimetableEntry.objects.count() == 35
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200


def test_class_grid_shows_the_lessons_of_the_week(client, tw):
    sw = tw.a
    f.TimetableEntryFactory.create(
        school_class=sw.school_class, weekday=3, slot_number=2, room=sw.room
    )
    client.force_login(tw.user("student"))
    url = reverse("timetable:class_grid", args=[sw.school.pk, sw.school_class.pk])
    response = client.get(
        url, {"date": (sw.year.start_date + datetime.timedelta(days=3)).isoformat()}
    )
    text = response.content.decode()
    assert "Математика" in text
    assert "room 101" in text
    assert "timetable/cell" not in text
    assert "/cell/" not in text


def test_copy_page_matrix(client, tw):
    check_matrix(client, tw, _url("copy", lambda sw: []), allowed=ADMINS)


def _copy_data(sw, target_days):
    start = sw.year.start_date
    return {
        "source_from": start.isoformat(),
        "source_to": (start + datetime.timedelta(days=6)).isoformat(),
        "valid_from": (start + datetime.timedelta(days=target_days)).isoformat(),
        "valid_to": "",
    }


def test_copy_page_copies_all_or_nothing(client, tw):
    sw = tw.a
    start = sw.year.start_date
    f.TimetableEntryFactory.create(
        school_class=sw.school_class, valid_to=start + datetime.timedelta(days=30)
    )
    f.TimetableEntryFactory.create(
        school_class=sw.school_class, weekday=2, valid_to=start + datetime.timedelta(days=30)
    )
    client.force_login(tw.user("deputy_director"))
    url = reverse("timetable:copy", args=[sw.school.pk])
    # overlapping the source period: every copy clashes with its source, nothing is written
    response = client.post(url, _copy_data(sw, 10))
    assert response.status_code == 200
    assert "Class 5А already has a lesson" in response.content.decode()
    assert TimetableEntry.objects.count() == 2
    response = client.post(url, _copy_data(sw, 31))
    assert response.status_code == 302
    assert TimetableEntry.objects.count() == 4


def test_denied_copy_changes_nothing(client, tw):
    f.TimetableEntryFactory.create(school_class=tw.a.school_class)
    check_matrix(
        client,
        tw,
        _url("copy", lambda sw: []),
        allowed=set(),
        who=EVERYONE - ADMINS,
        method="post",
        data=_copy_data(tw.a, 31),
    )
    assert TimetableEntry.objects.count() == 1


def test_cell_refuses_an_entry_of_another_class(client, tw):
    sw = tw.a
    other = f.SchoolClassFactory.create(period_set=sw.period_set, grade=6, letter="В")
    entry = f.TimetableEntryFactory.create(school_class=other, weekday=1, slot_number=2)
    client.force_login(tw.user("director"))
    url = reverse("timetable:cell", args=[sw.school.pk, sw.school_class.pk, 1, 2])
    assert client.get(url, {"entry": entry.pk}).status_code == 404
    response = client.post(url, _entry_post(sw, entry=entry.pk))
    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.school_class == other


def test_bell_schedule_year_is_fixed_once_saved(client, tw):
    sw = tw.a
    schedule = tw.bells[sw.school.pk]
    other_year = f.AcademicYearFactory.create(
        school=sw.school,
        start_date=sw.year.start_date.replace(year=sw.year.start_date.year + 1),
        end_date=sw.year.end_date.replace(year=sw.year.end_date.year + 1),
        name="next",
    )
    client.force_login(tw.user("director"))
    url = reverse("timetable:bell_edit", args=[sw.school.pk, schedule.pk])
    data = {
        "academic_year": other_year.pk,
        "name": "Основное",
        "is_default": "on",
        "slots-TOTAL_FORMS": "1",
        "slots-INITIAL_FORMS": "0",
        "slots-0-number": "1",
        "slots-0-start_time": "07:30",
        "slots-0-end_time": "08:15",
    }
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    schedule.refresh_from_db()
    assert schedule.academic_year == sw.year
    assert list(schedule.slots.values_list("number", flat=True)) == [1]
    assert "outside the school day" in response.content.decode()
