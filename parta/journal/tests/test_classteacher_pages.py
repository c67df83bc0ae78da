"""The class teacher's pages: the class overview and the absence documents (list, create, edit,
delete): the role matrix over two schools, denied writes change nothing, recoding through the
form, and the overview's cost with 5 and 30 students."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from parta.core.testing import factories as f
from parta.core.testing.matrix import ADMINS, check_matrix
from parta.journal.models import AbsenceDocument, AttendanceMark
from parta.journal.tests import test_api_rig as r

pytestmark = pytest.mark.django_db
api, rig = r.api, r.rig  # the shared fixtures

READERS = ADMINS | {"teacher"}
WRITERS = frozenset({"teacher", "director", "deputy_director", "superuser"})


@pytest.fixture
def client():
    """Pages in English, so that messages are asserted by their msgids."""
    return Client(headers={"accept-language": "en"})


def _url(name, sw, *args):
    return reverse(f"journal:{name}", args=[sw.school.pk, sw.school_class.pk, *args])


def _document(side):
    return AbsenceDocument.objects.create(
        school=side.sw.school,
        student=side.sw.other_student,
        start_date=side.day,
        end_date=side.day,
        reason="family",
    )


def _form(side, **extra):
    data = {
        "student": side.sw.student.pk,
        "start_date": str(side.day),
        "end_date": str(side.day),
        "reason": "illness",
        "subject": "",
        "number": "12",
        "note": "",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("name", ["class_overview", "class_documents"])
def test_pages_matrix(client, rig, name):
    check_matrix(
        client,
        rig.world,
        lambda sw: _url(name, sw),
        allowed=READERS,
        other_school_allowed={"superuser"},
    )


def test_edit_page_matrix(client, rig):
    documents = {key: _document(rig.side(key)) for key in ("a", "b")}
    check_matrix(
        client,
        rig.world,
        lambda sw: _url("document_edit", sw, documents["a" if sw is rig.world.a else "b"].pk),
        allowed=WRITERS,
        other_school_allowed={"superuser"},
    )


def test_create_matrix_and_denied_posts_change_nothing(client, rig):
    check_matrix(
        client,
        rig.world,
        lambda sw: _url("class_documents", sw),
        allowed=WRITERS,
        other_school_allowed={"superuser"},
        method="post",
        data={},  # an empty form: writers see its errors (200), the others 403/404
        ok=(200,),
    )
    for who in ("secretary", "teacher_no_class", "parent", "municipal_specialist"):
        client.force_login(rig.world.user(who))
        response = client.post(_url("class_documents", rig.world.a), _form(rig.a))
        assert response.status_code in (403, 404), who
    assert not AbsenceDocument.objects.exists()


def test_the_class_teacher_creates_a_document_and_absences_are_recoded(client, rig):
    side = rig.a
    absence = f.AttendanceMarkFactory.create(
        lesson=side.substituted, student=side.sw.student, code="н"
    )
    client.force_login(side.sw.users["teacher"])
    response = client.post(_url("class_documents", side.sw), _form(side))
    assert response.status_code == 302
    absence.refresh_from_db()
    assert absence.code == "б"
    document = AbsenceDocument.objects.get()
    # edit: the document becomes a family reason → «у»
    response = client.post(
        _url("document_edit", side.sw, document.pk), _form(side, reason="family")
    )
    assert response.status_code == 302
    absence.refresh_from_db()
    assert absence.code == "у"
    # delete restores «н»
    response = client.post(_url("document_delete", side.sw, document.pk))
    assert response.status_code == 302
    absence.refresh_from_db()
    assert (absence.code, absence.document_id) == ("н", None)


def test_the_form_shows_the_services_refusal(client, rig):
    side = rig.a
    client.force_login(side.sw.users["director"])
    response = client.post(
        _url("class_documents", side.sw),
        _form(
            side, end_date=str(side.sw.year.end_date.replace(year=side.sw.year.end_date.year + 1))
        ),
    )
    assert response.status_code == 200
    assert "must lie inside one academic year" in response.content.decode()
    assert not AbsenceDocument.objects.exists()


def test_denied_delete_changes_nothing(client, rig):
    document = _document(rig.a)
    recoded = AttendanceMark.objects.filter(document=document).count()
    for who in ("secretary", "teacher_no_class", "parent"):
        client.force_login(rig.world.user(who))
        response = client.post(_url("document_delete", rig.world.a, document.pk))
        assert response.status_code in (403, 404), who
    client.force_login(rig.world.user("director"))
    response = client.post(_url("document_delete", rig.world.b, _document(rig.b).pk))
    assert response.status_code == 404
    assert AbsenceDocument.objects.count() == 2
    assert AttendanceMark.objects.filter(document=document).count() == recoded


def test_overview_shows_full_days_and_at_risk(client, rig):
    side = rig.a
    f.AttendanceMarkFactory.create(lesson=side.substituted, student=side.sw.other_student, code="б")
    client.force_login(side.sw.users["teacher"])
    response = client.get(_url("class_overview", side.sw) + f"?day={side.day}")
    body = response.content.decode()
    assert "[бб]" in body
    assert "Students at risk" in body


@pytest.mark.parametrize("extra", [3, 28])
def test_overview_costs_the_same_for_5_and_30_students(
    client, rig, extra, django_assert_max_num_queries
):
    side = rig.a
    for _ in range(extra):
        student = f.EnrollmentFactory.create(school_class=side.sw.school_class).student
        f.AttendanceMarkFactory.create(lesson=side.lesson, student=student, code="н")
        f.MarkFactory.create(assignment=side.assignment, student=student, value="2")
    client.force_login(side.sw.users["teacher"])
    url = _url("class_overview", side.sw) + f"?span=month&day={side.day}"
    with django_assert_max_num_queries(24):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("extra", [3, 28])
def test_documents_page_and_api_list_cost_the_same_for_5_and_30_students(
    client, api, rig, extra, django_assert_max_num_queries
):
    side = rig.a
    for _ in range(extra):
        student = f.EnrollmentFactory.create(school_class=side.sw.school_class).student
        AbsenceDocument.objects.create(
            school=side.sw.school,
            student=student,
            start_date=side.day,
            end_date=side.day,
            reason="illness",
        )
    client.force_login(side.sw.users["teacher"])
    with django_assert_max_num_queries(15):
        assert client.get(_url("class_documents", side.sw)).status_code == 200
    api.force_login(side.sw.users["teacher"])
    with django_assert_max_num_queries(6):
        response = api.get("/api/v1/absence-documents/")
    assert response.json()["count"] == extra
