import datetime
import io
from typing import Any

from openpyxl import load_workbook

from parta.assessments.models import AssessmentProcedure
from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ADMINS, EVERYONE, READ_WHOLE_SCHOOL, check_matrix

API = "/api/v1/assessment-procedures"
PLANNERS = ADMINS | {"teacher"}


def _payload(aw, sw, **extra):
    data = {
        "school_class": sw.school_class.pk,
        "subject": aw.math.pk,
        "date": (sw.day + datetime.timedelta(days=21)).isoformat(),
        "level": "federal",
        "form": "diagnostic",
        "title": "ВПР",
    }
    data.update(extra)
    return data


def test_detail_matrix(client, aw):
    check_matrix(
        client, aw, lambda sw: f"{API}/{aw.procedures[sw.school.pk].pk}/", allowed=EVERYONE
    )


def test_violations_and_export_matrix(client, aw):
    check_matrix(
        client,
        aw,
        lambda sw: f"{API}/violations/?school={sw.school.pk}",
        allowed=READ_WHOLE_SCHOOL | {"teacher", "teacher_no_class"},
    )
    check_matrix(client, aw, lambda sw: f"{API}/export/?school={sw.school.pk}", allowed=EVERYONE)


def test_list_is_scoped_and_filtered(client, aw):
    client.force_login(aw.user("parent"))
    ids = {row["id"] for row in client.get(f"{API}/").json()["results"]}
    assert ids == {aw.procedures[aw.a.school.pk].pk}
    for params, expected in [
        ({"grade": 5}, 1),
        ({"grade": 6}, 0),
        ({"subject": aw.math.pk}, 1),
        ({"level": "federal"}, 0),
        ({"date_from": (aw.a.day + datetime.timedelta(days=1)).isoformat()}, 0),
        ({"school": aw.b.school.pk}, 0),
    ]:
        assert client.get(f"{API}/", params).json()["count"] == expected, params


def test_create_matrix_and_denied_writes_change_nothing(client, aw):
    written: list[int] = []
    for name in ("deputy_director", "teacher", "superuser"):
        client.force_login(aw.user(name))
        day = aw.a.day + datetime.timedelta(days=21 * (len(written) + 1))
        response = client.post(
            f"{API}/", _payload(aw, aw.a, date=day.isoformat()), content_type="application/json"
        )
        assert response.status_code == 201, (name, response.content)
        written.append(response.json()["id"])
    row = AssessmentProcedure.objects.get(pk=written[0])
    assert row.school == aw.a.school
    assert row.academic_year == aw.a.year
    before, events = AssessmentProcedure.objects.count(), AuditEvent.objects.count()
    for name in ("hr_officer", "teacher_no_class", "student", "parent", "municipal_specialist"):
        client.force_login(aw.user(name))
        for sw in (aw.a, aw.b):
            response = client.post(f"{API}/", _payload(aw, sw), content_type="application/json")
            assert response.status_code in (400, 403, 404), (name, response.status_code)
    assert AssessmentProcedure.objects.count() == before
    assert AuditEvent.objects.count() == events


def test_update_and_delete_rights(client, aw):
    pk = aw.procedures[aw.a.school.pk].pk
    client.force_login(aw.user("teacher_no_class"))
    response = client.patch(f"{API}/{pk}/", {"title": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert client.delete(f"{API}/{pk}/").status_code == 403
    client.force_login(aw.user("teacher"))
    response = client.patch(
        f"{API}/{pk}/", {"subject": aw.history.pk}, content_type="application/json"
    )
    assert response.status_code == 403  # may not move it to a subject they do not teach
    response = client.patch(f"{API}/{pk}/", {"title": "Новая"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["title"] == "Новая"
    assert client.delete(f"{API}/{pk}/").status_code == 204
    assert not AssessmentProcedure.objects.filter(pk=pk).exists()


def test_impossible_data_is_400_with_the_field(client, aw):
    client.force_login(aw.user("director"))
    outside = (aw.a.year.end_date + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        f"{API}/", _payload(aw, aw.a, date=outside), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["extra"]["fields"]["date"] == [
        f"The date lies outside the academic year {aw.a.year.name}."
    ]
    response = client.post(
        f"{API}/",
        _payload(aw, aw.a, lesson=aw.a.lessons[0].pk),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "lesson" in response.json()["extra"]["fields"]


def test_violations_endpoint_lists_rule_and_message(client, aw):
    client.force_login(aw.user("deputy_director"))
    rows = client.get(f"{API}/violations/", {"school": aw.a.school.pk}).json()
    assert [r["rule"] for r in rows] == ["share"]
    assert rows[0]["class_name"] == "5А"
    assert rows[0]["dates"] == [aw.a.day.isoformat()]
    assert rows[0]["message"].startswith("5А, Математика: 1 procedure for 1 lessons")
    assert client.get(f"{API}/violations/").status_code == 400


def test_export_endpoint(client, aw):
    client.force_login(aw.user("parent"))
    response = client.get(f"{API}/export/", {"school": aw.a.school.pk})
    assert response.status_code == 200
    sheet: Any = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=3, column=1).value == "5А"


def test_list_query_count_is_constant(client, aw, django_assert_max_num_queries):
    sw = aw.a
    for letter in "БВГ":
        school_class = f.SchoolClassFactory.create(period_set=sw.period_set, letter=letter)
        for week in range(3, 9):
            AssessmentProcedure.objects.create(
                school=sw.school,
                academic_year=sw.year,
                school_class=school_class,
                subject=aw.math,
                date=sw.day + datetime.timedelta(weeks=week),
            )
    client.force_login(aw.user("student"))
    with django_assert_max_num_queries(8):
        response = client.get(f"{API}/")
    assert response.json()["count"] == 19
