"""`absence-documents` CRUD and the class teacher's reads `classes/{id}/attendance`,
`marks-summary`, `at-risk`: the role matrix over two schools, denied writes change nothing,
recoding through the API, constant query counts (5 vs 30 students)."""

from __future__ import annotations

import datetime

import pytest

from parta.core.testing import factories as f
from parta.core.testing.matrix import ADMINS, check_matrix
from parta.journal.models import AbsenceDocument, AttendanceMark
from parta.journal.tests import test_api_rig as r
from parta.journal.tests.test_api_rig import V1, check_writes

pytestmark = pytest.mark.django_db
api, rig = r.api, r.rig  # the shared fixtures

#: the class teacher of 5А is the world's `teacher`
READERS = ADMINS | {"teacher"}
WRITERS = frozenset({"teacher", "director", "deputy_director", "superuser"})


def _side(rig, sw):
    return rig.a if sw is rig.world.a else rig.b


def _document(side, **kwargs):
    values = {
        "school": side.sw.school,
        "student": side.sw.other_student,
        "start_date": side.day,
        "end_date": side.day,
        "reason": "family",
    }
    values.update(kwargs)
    return AbsenceDocument.objects.create(**values)


@pytest.mark.parametrize("endpoint", ["attendance", "marks-summary", "at-risk"])
def test_class_reads_matrix(api, rig, endpoint):
    check_matrix(
        api,
        rig.world,
        lambda sw: (
            f"{V1}classes/{sw.school_class.pk}/{endpoint}/"
            f"?start={_side(rig, sw).day}&end={_side(rig, sw).day}"
        ),
        allowed=READERS,
        other_school_allowed={"superuser"},
    )


def test_document_detail_matrix(api, rig):
    documents = {key: _document(rig.side(key)) for key in ("a", "b")}
    check_matrix(
        api,
        rig.world,
        lambda sw: f"{V1}absence-documents/{documents['a' if sw is rig.world.a else 'b'].pk}/",
        allowed=READERS,
        other_school_allowed={"superuser"},
    )


def test_document_list_shows_only_visible_documents(api, rig):
    mine = _document(rig.a)
    _document(rig.b)
    for who, expected in (("teacher", [mine.pk]), ("teacher_no_class", []), ("parent", [])):
        api.force_login(rig.world.a.users[who])
        rows = api.get(f"{V1}absence-documents/").json()["results"]
        assert [row["id"] for row in rows] == expected, who


def test_document_create_matrix_recodes_and_denied_changes_nothing(api, rig):
    def create(client, side):
        body = {
            "student": side.sw.student.pk,
            "start_date": str(side.day),
            "end_date": str(side.day),
            "reason": "illness",
        }
        return client.post(f"{V1}absence-documents/", body, format="json")

    def drop(side):
        for document in AbsenceDocument.objects.filter(school=side.sw.school):
            AttendanceMark.objects.filter(document=document).update(code="н", document=None)
            document.delete()

    check_writes(api, rig, create, allowed=WRITERS, ok=(201,), reset=drop)


def test_document_update_and_delete_matrix(api, rig):
    documents = {key: _document(rig.side(key)) for key in ("a", "b")}

    def change(client, side):
        document = documents["a" if side is rig.a else "b"]
        return client.patch(
            f"{V1}absence-documents/{document.pk}/", {"note": "справка"}, format="json"
        )

    check_writes(api, rig, change, allowed=WRITERS)
    assert AbsenceDocument.objects.get(pk=documents["a"].pk).note == "справка"

    def delete(client, side):
        document = documents["a" if side is rig.a else "b"]
        return client.delete(f"{V1}absence-documents/{document.pk}/")

    def recreate(side):
        key = "a" if side is rig.a else "b"
        documents[key] = _document(side)

    check_writes(api, rig, delete, allowed=WRITERS, ok=(204,), reset=recreate)


def test_api_create_recodes_and_delete_restores(api, rig):
    side = rig.a
    absence = f.AttendanceMarkFactory.create(
        lesson=side.substituted, student=side.sw.student, code="н"
    )
    api.force_login(side.sw.users["teacher"])
    created = api.post(
        f"{V1}absence-documents/",
        {
            "student": side.sw.student.pk,
            "start_date": str(side.day),
            "end_date": str(side.day),
            "reason": "illness",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    absence.refresh_from_db()
    assert (absence.code, absence.document_id) == ("б", created.json()["id"])
    deleted = api.delete(f"{V1}absence-documents/{created.json()['id']}/")
    assert deleted.status_code == 204
    absence.refresh_from_db()
    assert (absence.code, absence.document_id) == ("н", None)


def test_api_create_refuses_bad_dates(api, rig):
    side = rig.a
    api.force_login(side.sw.users["director"])
    response = api.post(
        f"{V1}absence-documents/",
        {
            "student": side.sw.student.pk,
            "start_date": str(side.day),
            "end_date": str(side.day - datetime.timedelta(days=1)),
            "reason": "other",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["extra"]["fields"]["end_date"] == [
        "The end cannot be earlier than the start."
    ]
    assert not AbsenceDocument.objects.exists()


def test_attendance_reports_full_days(api, rig):
    side = rig.a
    # the other student is «б» at the first lesson; make them miss the second as well
    f.AttendanceMarkFactory.create(lesson=side.substituted, student=side.sw.other_student, code="б")
    api.force_login(side.sw.users["teacher"])
    data = api.get(
        f"{V1}classes/{side.sw.school_class.pk}/attendance/?start={side.day}&end={side.day}"
    ).json()
    row = next(s for s in data["students"] if s["id"] == side.sw.other_student.pk)
    assert row["days"] == [{"date": str(side.day), "codes": "бб", "full_day": "б"}]
    assert (row["missed"], row["full_days"]) == ({"б": 2}, {"б": 1})


def test_marks_summary_and_at_risk(api, rig):
    side = rig.a
    api.force_login(side.sw.users["director"])
    url = f"{V1}classes/{side.sw.school_class.pk}/%s/?start={side.day}&end={side.day}"
    summary = api.get(url % "marks-summary").json()
    student = next(s for s in summary["students"] if s["id"] == side.sw.student.pk)
    assert student["subjects"] == [
        {
            "subject": side.subject.pk,
            "average": "4.00",
            "count": 1,
            "suggested": 4,
            "too_few": True,
            "below_pass": False,
        }
    ]
    at_risk = api.get(url % "at-risk").json()
    assert {s["id"] for s in at_risk["students"]} == {
        side.sw.student.pk,
        side.sw.other_student.pk,
    }


@pytest.mark.parametrize("extra", [3, 28])
@pytest.mark.parametrize("endpoint", ["attendance", "marks-summary", "at-risk"])
def test_class_reads_cost_the_same_for_5_and_30_students(
    api, rig, extra, endpoint, django_assert_max_num_queries
):
    side = rig.a
    for _ in range(extra):
        student = f.EnrollmentFactory.create(school_class=side.sw.school_class).student
        f.AttendanceMarkFactory.create(lesson=side.lesson, student=student, code="н")
        f.MarkFactory.create(assignment=side.assignment, student=student, value="2")
    api.force_login(side.sw.users["teacher"])
    url = f"{V1}classes/{side.sw.school_class.pk}/{endpoint}/?start={side.day}&end={side.day}"
    with django_assert_max_num_queries(14):
        response = api.get(url)
    assert response.status_code == 200
    assert len(response.json()["students"]) >= (0 if endpoint == "at-risk" else extra + 2)
