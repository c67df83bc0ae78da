"""Writing the journal through the API: marks, attendance, assignments and topics, single and
bulk; the role matrix over two schools with denied writes changing nothing; stale saves."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import check_matrix
from parta.journal.models import Assignment, AttendanceMark, Mark
from parta.journal.tests import test_api_rig as r
from parta.journal.tests.test_api_rig import JOURNAL_READERS, JOURNAL_WRITERS, V1, check_writes

pytestmark = pytest.mark.django_db
api, rig = r.api, r.rig  # the shared fixtures


def _mark_body(side, value="5", **extra):
    return {
        "assignment": side.assignment.pk,
        "student": side.sw.other_student.pk,
        "value": value,
        **extra,
    }


# --- marks ----------------------------------------------------------------------------------
def test_marks_create_matrix(api, rig):
    def reset(side):
        Mark.objects.filter(assignment=side.assignment, student=side.sw.other_student).delete()

    check_writes(
        api,
        rig,
        lambda client, side: client.post(f"{V1}marks/", _mark_body(side), format="json"),
        allowed=JOURNAL_WRITERS,
        reset=reset,
    )


def test_marks_change_and_delete_matrix(api, rig):
    def change(client, side):
        side.mark.refresh_from_db()
        body = {"value": "3", "expected_version": side.mark.version}
        return client.put(f"{V1}marks/{side.mark.pk}/", body, format="json")

    check_writes(api, rig, change, allowed=JOURNAL_WRITERS)

    def delete(client, side):
        mark = Mark.objects.get(assignment=side.assignment, student=side.sw.student)
        return client.delete(f"{V1}marks/{mark.pk}/?expected_version={mark.version}")

    def recreate(side):
        side.mark = f.MarkFactory.create(assignment=side.assignment, student=side.sw.student)

    check_writes(api, rig, delete, allowed=JOURNAL_WRITERS, ok=(204,), reset=recreate)


def test_marks_read_matrix(api, rig):
    check_matrix(
        api, rig.world, lambda sw: f"{V1}marks/{_side(rig, sw).mark.pk}/", allowed=JOURNAL_READERS
    )
    # and the list holds only what the user reads
    api.force_login(rig.a.sw.users["parent"])
    assert api.get(f"{V1}marks/").json()["count"] == 0
    api.force_login(rig.a.sw.users["teacher_no_class"])
    rows = api.get(f"{V1}marks/").json()["results"]
    assert [row["id"] for row in rows] == [rig.a.mark.pk]
    assert rows[0]["lesson"] == rig.a.lesson.pk


def _side(rig, sw):
    return rig.a if sw is rig.world.a else rig.b


def test_mark_set_changes_and_refuses_a_stale_save(api, rig):
    # given the teacher and the deputy both saw the mark «4» (version 1)
    side = rig.a
    url = f"{V1}marks/{side.mark.pk}/"
    api.force_login(side.sw.users["deputy_director"])
    # when the deputy changes it
    first = api.put(url, {"value": "5", "expected_version": 1}, format="json")
    assert first.status_code == 200
    assert first.json()["version"] == 2
    # then the teacher's save based on version 1 is refused with the current value
    api.force_login(side.sw.users["teacher_no_class"])
    events = AuditEvent.objects.count()
    stale = api.put(url, {"value": "3", "expected_version": 1}, format="json")
    assert stale.status_code == 409
    body = stale.json()
    assert body["extra"]["code"] == "stale"
    assert body["extra"]["current"]["value"] == "5"
    assert body["extra"]["current"]["version"] == 2
    assert "changed by someone else" in body["message"]
    assert Mark.objects.get(pk=side.mark.pk).value == "5"
    assert AuditEvent.objects.count() == events
    # and a new mark over an existing one ("I saw none") is refused too
    again = api.post(
        f"{V1}marks/", {**_mark_body(side, "2"), "student": side.sw.student.pk}, format="json"
    )
    assert again.status_code == 409
    # and a stale delete as well, the version in the query or in the body
    assert api.delete(f"{url}?expected_version=1").status_code == 409
    assert api.delete(url, {"expected_version": 1}, format="json").status_code == 409
    assert Mark.objects.filter(pk=side.mark.pk).exists()
    assert api.delete(url, {"expected_version": 2}, format="json").status_code == 204
    assert not Mark.objects.filter(pk=side.mark.pk).exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"value": "7"}, "scale"),
        ({"value": "5", "student": "other_school"}, None),
    ],
)
def test_mark_refusals_save_nothing(api, rig, body, message):
    side = rig.a
    api.force_login(side.sw.users["teacher_no_class"])
    data = _mark_body(side, **{k: v for k, v in body.items() if k != "student"})
    if body.get("student") == "other_school":
        data["student"] = rig.b.sw.student.pk
    before = r.counts()
    response = api.post(f"{V1}marks/", data, format="json")
    assert response.status_code == (400 if message else 404)
    if message:
        assert message in str(response.json()).lower()
    assert r.counts() == before


def test_mark_past_the_edit_window_needs_the_deputy(api, rig):
    side = rig.a
    later = r.noon(side.day + datetime.timedelta(days=30))
    with time_machine.travel(later, tick=False):
        api.force_login(side.sw.users["teacher_no_class"])
        before = r.counts()
        assert api.post(f"{V1}marks/", _mark_body(side), format="json").status_code == 403
        assert r.counts() == before
        api.force_login(side.sw.users["deputy_director"])
        assert api.post(f"{V1}marks/", _mark_body(side), format="json").status_code == 200


def test_substitute_writes_the_substituted_lesson_only(api, rig):
    side = rig.a
    api.force_login(side.substitute)
    # the assignment of the first lesson is not theirs
    assert api.post(f"{V1}marks/", _mark_body(side), format="json").status_code == 403
    # the substituted lesson is
    created = api.post(
        f"{V1}assignments/",
        {"lesson": side.substituted.pk, "work_type": side.work_type.pk},
        format="json",
    )
    assert created.status_code == 201
    body = {
        "assignment": created.json()["id"],
        "student": side.sw.student.pk,
        "value": "5",
    }
    assert api.post(f"{V1}marks/", body, format="json").status_code == 200
    absence = {"lesson": side.substituted.pk, "student": side.sw.student.pk, "code": "н"}
    assert api.post(f"{V1}attendance/", absence, format="json").status_code == 200
    absence["lesson"] = side.lesson.pk
    assert api.post(f"{V1}attendance/", absence, format="json").status_code == 403


def test_marks_bulk_saves_all(api, rig, django_assert_max_num_queries):
    side = rig.a
    api.force_login(side.sw.users["teacher_no_class"])
    second = f.AssignmentFactory.create(lesson=side.lesson, work_type=side.work_type)
    items = [
        {"assignment": second.pk, "student": side.sw.student.pk, "value": "5"},
        {"assignment": second.pk, "student": side.sw.other_student.pk, "value": "3"},
        {
            "assignment": side.assignment.pk,
            "student": side.sw.student.pk,
            "delete": True,
            "expected_version": 1,
        },
    ]
    response = api.post(f"{V1}marks/bulk/", {"items": items}, format="json")
    assert response.status_code == 200, response.content
    assert sorted(row["value"] for row in response.json()) == ["3", "5"]
    assert not Mark.objects.filter(pk=side.mark.pk).exists()
    assert Mark.objects.filter(assignment=second).count() == 2


@pytest.mark.parametrize("problem", ["bad_value", "stale", "other_school", "too_many", "empty"])
def test_marks_bulk_is_all_or_nothing(api, rig, problem):
    side = rig.a
    api.force_login(side.sw.users["teacher_no_class"])
    items = [{"assignment": side.assignment.pk, "student": side.sw.other_student.pk, "value": "5"}]
    expected = 400
    if problem == "bad_value":
        items.append(
            {"assignment": side.assignment.pk, "student": side.sw.student.pk, "value": "9"}
        )
    elif problem == "stale":
        items.append(
            {"assignment": side.assignment.pk, "student": side.sw.student.pk, "value": "3"}
        )
    elif problem == "other_school":
        items.append(
            {"assignment": rig.b.assignment.pk, "student": rig.b.sw.student.pk, "value": "3"}
        )
        expected = 404
    elif problem == "too_many":
        items = items * 301
    else:
        items = []
    before = r.counts()
    response = api.post(f"{V1}marks/bulk/", {"items": items}, format="json")
    assert response.status_code == expected, response.content
    assert r.counts() == before
    if problem in {"bad_value", "stale"}:
        assert "Item 2" in str(response.json())


def test_marks_bulk_matrix(api, rig):
    def request(client, side):
        item = {"assignment": side.assignment.pk, "student": side.sw.other_student.pk}
        return client.post(f"{V1}marks/bulk/", {"items": [{**item, "value": "4"}]}, format="json")

    def reset(side):
        Mark.objects.filter(assignment=side.assignment, student=side.sw.other_student).delete()

    check_writes(api, rig, request, allowed=JOURNAL_WRITERS, reset=reset)


# --- attendance -----------------------------------------------------------------------------
def test_attendance_matrix(api, rig):
    def request(client, side):
        body = {"lesson": side.lesson.pk, "student": side.sw.student.pk, "code": "н"}
        return client.post(f"{V1}attendance/", body, format="json")

    def reset(side):
        AttendanceMark.objects.filter(lesson=side.lesson, student=side.sw.student).delete()

    check_writes(api, rig, request, allowed=JOURNAL_WRITERS, reset=reset)
    check_matrix(
        api,
        rig.world,
        lambda sw: f"{V1}attendance/{_side(rig, sw).absence.pk}/",
        allowed=JOURNAL_READERS,
    )


def test_attendance_set_change_clear_and_stale(api, rig):
    side = rig.a
    api.force_login(side.sw.users["teacher_no_class"])
    url = f"{V1}attendance/"
    who = {"lesson": side.lesson.pk, "student": side.sw.other_student.pk}
    # the stored «б» (version 1) becomes «у»
    changed = api.post(url, {**who, "code": "у", "expected_version": 1}, format="json").json()
    assert changed["attendance"]["code"] == "у"
    assert changed["attendance"]["version"] == 2
    # a save based on version 1 is stale: 409 with the current code
    stale = api.post(url, {**who, "code": "н", "expected_version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["extra"]["current"]["code"] == "у"
    # clearing (null) removes it
    cleared = api.post(url, {**who, "code": None, "expected_version": 2}, format="json")
    assert cleared.status_code == 200
    assert cleared.json()["attendance"] is None
    assert not AttendanceMark.objects.filter(
        lesson=side.lesson, student=side.sw.other_student
    ).exists()


def test_attendance_bulk_is_all_or_nothing(api, rig):
    side = rig.a
    api.force_login(side.sw.users["teacher_no_class"])
    good = {"lesson": side.substituted.pk, "student": side.sw.student.pk, "code": "б"}
    stale = {"lesson": side.lesson.pk, "student": side.sw.other_student.pk, "code": "н"}
    before = r.counts()
    response = api.post(f"{V1}attendance/bulk/", {"items": [good, stale]}, format="json")
    assert response.status_code == 409
    assert r.counts() == before
    stale["expected_version"] = 1
    response = api.post(f"{V1}attendance/bulk/", {"items": [good, stale]}, format="json")
    assert response.status_code == 200
    assert [row["attendance"]["code"] for row in response.json()] == ["б", "н"]
    too_many = api.post(f"{V1}attendance/bulk/", {"items": [good] * 301}, format="json")
    assert too_many.status_code == 400


# --- assignments and topics -----------------------------------------------------------------
def test_assignments_create_matrix(api, rig):
    def request(client, side):
        body = {"lesson": side.lesson.pk, "work_type": side.work_type.pk, "title": "№ 12"}
        return client.post(f"{V1}assignments/", body, format="json")

    def reset(side):
        Assignment.objects.filter(lesson=side.lesson, title="№ 12").delete()

    check_writes(api, rig, request, allowed=JOURNAL_WRITERS, ok=(201,), reset=reset)


def test_assignments_change_and_delete(api, rig):
    side = rig.a
    api.force_login(side.sw.users["teacher_no_class"])
    url = f"{V1}assignments/{side.assignment.pk}/"
    homework = f.WorkTypeFactory.create(
        school=side.sw.school, name="Домашнее задание", is_homework=True
    )
    due = side.day + datetime.timedelta(days=2)
    changed = api.patch(
        url, {"work_type": homework.pk, "text": "§ 5", "due_date": due.isoformat()}, format="json"
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["work_type"] == homework.pk
    assert changed.json()["text"] == "§ 5"
    # an assignment holding marks is not deleted
    before = r.counts()
    assert api.delete(url).status_code == 400
    assert r.counts() == before
    side.mark.delete()
    assert api.delete(url).status_code == 204
    assert not Assignment.objects.filter(pk=side.assignment.pk).exists()
    # another school's work type is refused
    created = api.post(
        f"{V1}assignments/",
        {"lesson": side.lesson.pk, "work_type": rig.b.work_type.pk},
        format="json",
    )
    assert created.status_code == 400


def test_assignments_read_matrix(api, rig):
    check_matrix(
        api,
        rig.world,
        lambda sw: f"{V1}assignments/{_side(rig, sw).assignment.pk}/",
        allowed=JOURNAL_READERS,
    )


def test_topic_matrix(api, rig):
    def request(client, side):
        url = f"{V1}journal-lessons/{side.lesson.pk}/topic/"
        return client.put(url, {"topic": "Дроби"}, format="json")

    def reset(side):
        side.lesson.refresh_from_db()
        assert side.lesson.topic == "Дроби"
        type(side.lesson).objects.filter(pk=side.lesson.pk).update(topic="")

    check_writes(api, rig, request, allowed=JOURNAL_WRITERS, reset=reset)


def test_lesson_note_matrix(api, rig):
    def request(client, side):
        url = f"{V1}journal-lessons/{side.lesson.pk}/note/"
        return client.put(url, {"note": "Половина класса на олимпиаде"}, format="json")

    def reset(side):
        side.lesson.refresh_from_db()
        assert side.lesson.note == "Половина класса на олимпиаде"
        type(side.lesson).objects.filter(pk=side.lesson.pk).update(note="")

    check_writes(api, rig, request, allowed=JOURNAL_WRITERS, reset=reset)


@pytest.mark.parametrize("endpoint", ["marks", "attendance", "assignments", "work-types"])
def test_lists_cost_a_constant_number_of_queries(api, rig, endpoint):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # given the teacher's list with one row, then with many more
    side = rig.a
    api.force_login(side.sw.users["teacher_no_class"])
    url = f"{V1}{endpoint}/?school={side.sw.school.pk}"

    def cost() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as context:
            response = api.get(url)
        assert response.status_code == 200
        return len(context.captured_queries), response.json()["count"]

    few, few_rows = cost()
    for n in range(12):
        lesson = f.LessonFactory.create(
            school_class=side.sw.school_class,
            subject=side.subject,
            teacher=side.teacher,
            date=side.day,
            slot_number=3 + n % 5,
        )
        work_type = f.WorkTypeFactory.create(school=side.sw.school, name=f"Вид {n}")
        assignment = f.AssignmentFactory.create(lesson=lesson, work_type=work_type)
        f.MarkFactory.create(assignment=assignment, student=side.sw.student)
        f.AttendanceMarkFactory.create(lesson=lesson, student=side.sw.student)
    many, many_rows = cost()
    # then the cost is the same
    assert many_rows > few_rows
    assert many == few
