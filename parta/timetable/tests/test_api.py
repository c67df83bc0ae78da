import json

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ADMINS, EVERYONE, check_matrix
from parta.timetable.models import TimetableEntry

API = "/api/v1"


@pytest.fixture
def tw(world):
    world.bells = {}
    world.entries = {}
    for sw in (world.a, world.b):
        world.bells[sw.school.pk] = f.BellScheduleFactory.create(
            academic_year=sw.year, name="Основное"
        )
        world.entries[sw.school.pk] = f.TimetableEntryFactory.create(
            school_class=sw.school_class, weekday=1, slot_number=1, teacher=sw.class_teacher
        )
    return world


def _payload(sw, **extra):
    data = {
        "academic_year": sw.year.pk,
        "weekday": 2,
        "slot_number": 3,
        "school_class": sw.school_class.pk,
        "study_group": None,
        "subject": f.federal_subject().pk,
        "teacher": sw.class_teacher.pk,
        "room": sw.room.pk,
        "week_parity": "every",
        "valid_from": sw.year.start_date.isoformat(),
        "valid_to": None,
    }
    data.update(extra)
    return data


def test_bell_schedule_detail_matrix(client, tw):
    check_matrix(
        client,
        tw,
        lambda sw: f"{API}/bell-schedules/{tw.bells[sw.school.pk].pk}/",
        allowed=EVERYONE,
    )


def test_bell_schedule_lists_slots_nested(client, tw):
    client.force_login(tw.user("student"))
    response = client.get(f"{API}/bell-schedules/", {"school": tw.a.school.pk})
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert [s["number"] for s in row["slots"]] == [1, 2, 3, 4, 5, 6, 7]
    assert row["slots"][0]["start_time"] == "08:30:00"


def test_entry_detail_matrix(client, tw):
    check_matrix(
        client,
        tw,
        lambda sw: f"{API}/timetable-entries/{tw.entries[sw.school.pk].pk}/",
        allowed=EVERYONE,
    )


def test_entry_list_filters_and_scope(client, tw):
    client.force_login(tw.user("parent"))
    response = client.get(f"{API}/timetable-entries/")
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {tw.entries[tw.a.school.pk].pk}
    for params, expected in [
        ({"school_class": tw.a.school_class.pk}, 1),
        ({"teacher": tw.a.class_teacher.pk}, 1),
        ({"weekday": 1}, 1),
        ({"weekday": 2}, 0),
        ({"room": tw.a.room.pk}, 0),
        ({"school": tw.b.school.pk}, 0),
    ]:
        response = client.get(f"{API}/timetable-entries/", params)
        assert response.json()["count"] == expected, params


def test_entry_patch_matrix(client, tw):
    check_matrix(
        client,
        tw,
        lambda sw: f"{API}/timetable-entries/{tw.entries[sw.school.pk].pk}/",
        allowed=ADMINS,
        method="patch",
        data=json.dumps({"week_parity": "odd"}),
        content_type="application/json",
        other_school_allowed={"superuser"},
    )


def test_denied_writes_change_nothing(client, tw):
    denied = EVERYONE - ADMINS
    before = (TimetableEntry.objects.count(), AuditEvent.objects.count())
    snapshot = list(TimetableEntry.objects.values_list("pk", "week_parity", "room_id"))
    check_matrix(
        client,
        tw,
        lambda sw: f"{API}/timetable-entries/{tw.entries[sw.school.pk].pk}/",
        allowed=set(),
        who=denied,
        method="patch",
        data=json.dumps({"week_parity": "even"}),
        content_type="application/json",
    )
    check_matrix(
        client,
        tw,
        lambda sw: f"{API}/timetable-entries/{tw.entries[sw.school.pk].pk}/",
        allowed=set(),
        who=denied,
        method="delete",
    )
    for who in denied:
        client.force_login(tw.user(who))
        for sw in (tw.a, tw.b):
            response = client.post(
                f"{API}/timetable-entries/", _payload(sw), content_type="application/json"
            )
            assert response.status_code in (400, 403, 404), (who, response.status_code)
        client.logout()
    assert (TimetableEntry.objects.count(), AuditEvent.objects.count()) == before
    assert list(TimetableEntry.objects.values_list("pk", "week_parity", "room_id")) == snapshot


@pytest.mark.parametrize("who", sorted(ADMINS))
def test_admins_create_update_delete(client, tw, who):
    sw = tw.a
    client.force_login(tw.user(who))
    response = client.post(
        f"{API}/timetable-entries/", _payload(sw), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["school"] == sw.school.pk
    response = client.patch(
        f"{API}/timetable-entries/{pk}/",
        {"slot_number": 4},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert TimetableEntry.objects.get(pk=pk).slot_number == 4
    response = client.delete(f"{API}/timetable-entries/{pk}/")
    assert response.status_code == 204
    assert not TimetableEntry.objects.filter(pk=pk).exists()
    assert (
        AuditEvent.objects.filter(object_type="timetable.timetableentry", object_id=str(pk)).count()
        == 3
    )


def test_school_a_admin_cannot_write_school_b(client, tw):
    client.force_login(tw.user("director"))
    response = client.post(
        f"{API}/timetable-entries/", _payload(tw.b), content_type="application/json"
    )
    assert response.status_code == 400
    response = client.delete(f"{API}/timetable-entries/{tw.entries[tw.b.school.pk].pk}/")
    assert response.status_code == 404
    assert TimetableEntry.objects.filter(school=tw.b.school).count() == 1


def test_clash_answers_400_with_every_message(client, tw):
    sw = tw.a
    client.force_login(tw.user("deputy_director"))
    # the world's entry: 5А, Monday lesson 1, the class teacher; the same teacher and class
    response = client.post(
        f"{API}/timetable-entries/",
        _payload(sw, weekday=1, slot_number=1, room=None),
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "The data did not pass validation."
    errors = body["extra"]["fields"]["non_field_errors"]
    assert len(errors) == 2
    assert any("already teaches a lesson in 5А on Monday, lesson 1" in e for e in errors)
    assert any("Class 5А already has a lesson on Monday, lesson 1" in e for e in errors)
    assert TimetableEntry.objects.count() == 2


def test_slot_number_outside_the_schedule_answers_400(client, tw):
    client.force_login(tw.user("director"))
    response = client.post(
        f"{API}/timetable-entries/",
        _payload(tw.a, slot_number=9),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "slot_number" in response.json()["extra"]["fields"]


def test_schema_has_the_timetable_without_warnings():
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    problems = dict(GENERATOR_STATS._warn_cache) | dict(GENERATOR_STATS._error_cache)
    GENERATOR_STATS.reset()
    assert not problems
    paths = schema["paths"]
    assert set(paths[f"{API}/bell-schedules/"]) == {"get"}
    assert set(paths[f"{API}/timetable-entries/"]) == {"get", "post"}
    assert {"get", "put", "patch", "delete"} <= set(paths[f"{API}/timetable-entries/{{id}}/"])
    names = {p["name"] for p in paths[f"{API}/timetable-entries/"]["get"]["parameters"]}
    assert {"school", "school_class", "teacher", "room", "weekday", "page"} <= names
