"""The diary week API: the week in one call (content, rules, a constant number of queries), an
invalid week, homework done, the acknowledgement, the class's acknowledgements, me/students."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ADMINS, READ_WHOLE_SCHOOL, check_matrix
from parta.core.testing.world import SchoolWorld, World
from parta.diary.models import DiaryAcknowledgement, HomeworkCompletion
from parta.diary.services.week import DENIED_TYPE
from parta.diary.tests.conftest import DiaryRig, make_rig

pytestmark = pytest.mark.django_db

DIARY_READERS = READ_WHOLE_SCHOOL | {"teacher", "student", "parent", "superuser"}


@pytest.fixture
def client() -> Client:
    """Answers in English (the tests assert msgids)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def _diary_url(sw: SchoolWorld, week: datetime.date | str | None = None) -> str:
    url = reverse("api:student-diary", args=[sw.student.pk])
    return f"{url}?week={week}" if week else url


def test_diary_api_matrix(client: Client, diary_week: DiaryRig) -> None:
    check_matrix(client, diary_week.world, _diary_url, allowed=DIARY_READERS)


def test_diary_api_returns_the_week(client: Client, diary_week: DiaryRig) -> None:
    # given the student
    client.force_login(diary_week.sw.users["student"])
    # when the week is asked for by any day of it
    response = client.get(_diary_url(diary_week.sw, diary_week.monday + datetime.timedelta(3)))
    # then days → lessons → assignments → marks, attendance
    assert response.status_code == 200
    data = response.json()
    assert data["week_start"] == diary_week.monday.isoformat()
    assert data["classes"] == ["5А"]
    assert len(data["days"]) == 6
    monday = data["days"][0]
    first = monday["lessons"][0]
    assert first["number"] == 1
    assert first["topic"] == "Тема 1"
    assert "note" not in first
    class_work, homework = first["assignments"]
    assert class_work["marks"][0]["value"] == "5"
    assert class_work["marks"][0]["abbreviation"] == "РУ"
    assert class_work["marks"][0]["weight"] == "2.0"
    assert homework["is_homework"]
    assert homework["due_date"]
    assert data["days"][1]["lessons"][0]["attendance"] == "н"
    assert [a["title"] for a in data["days"][2]["due"]] == ["Упражнение 12"]


def test_invalid_week_is_400_with_a_message(client: Client, diary_week: DiaryRig) -> None:
    client.force_login(diary_week.sw.users["parent"])
    response = client.get(_diary_url(diary_week.sw, "2026-02-30"))
    assert response.status_code == 400
    assert response.json()["extra"]["fields"]["week"] == ["Give the week as a date: YYYY-MM-DD."]


def test_parent_asking_for_another_child_is_404_and_audited(
    client: Client, diary_week: DiaryRig
) -> None:
    sw = diary_week.sw
    client.force_login(sw.users["parent"])
    response = client.get(reverse("api:student-diary", args=[sw.other_student.pk]))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(
        object_type=DENIED_TYPE, actor=sw.users["parent"], object_id=str(sw.other_student.pk)
    ).exists()


def test_student_reaching_another_student_is_404(client: Client, diary_week: DiaryRig) -> None:
    sw = diary_week.sw
    client.force_login(sw.users["student"])
    assert client.get(reverse("api:student-diary", args=[sw.other_student.pk])).status_code == 404
    # a student of another school as well, without telling whether it exists
    other = diary_week.world.b.student
    assert client.get(reverse("api:student-diary", args=[other.pk])).status_code == 404
    assert client.get(reverse("api:student-diary", args=[10**9])).status_code == 404
    # both refusals of existing students are audited, each in the student's school
    assert set(
        AuditEvent.objects.filter(object_type=DENIED_TYPE).values_list("school_id", "object_id")
    ) == {(sw.school.pk, str(sw.other_student.pk)), (other.school_id, str(other.pk))}


@pytest.mark.parametrize("per_day", [1, 6])
def test_diary_api_query_count_is_constant(
    client: Client, world: World, per_day: int, django_assert_num_queries: Any
) -> None:
    # given a week of 5 or 30 lessons with marks
    rig = make_rig(world, per_day=per_day)
    client.force_login(rig.sw.users["parent"])
    url = _diary_url(rig.sw, rig.monday)
    client.get(url)  # warm the session
    # when the week is asked for, then eight queries whatever its size: the session, the user,
    # the roles, the student with the read rule, the spans, the lessons, the assignments with
    # the marks, the acknowledgements (the week has no files)
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len([lesson for day in response.json()["days"] for lesson in day["lessons"]]) == (
        per_day * 5
    )


def test_homework_done_put_and_delete(client: Client, diary_week: DiaryRig) -> None:
    sw = diary_week.sw
    homework = diary_week.lessons[0].assignments.get(title="Упражнение 12")
    url = reverse("api:student-homework-done", args=[sw.student.pk, homework.pk])
    client.force_login(sw.users["student"])
    assert client.put(url).json() == {
        "student": sw.student.pk,
        "assignment": homework.pk,
        "done": True,
    }
    assert client.put(url).status_code == 200  # idempotent
    assert HomeworkCompletion.objects.count() == 1
    week = client.get(_diary_url(sw, diary_week.monday)).json()
    assert week["days"][0]["lessons"][0]["assignments"][1]["done"] is True
    assert client.delete(url).json()["done"] is False
    assert HomeworkCompletion.objects.count() == 0


def test_homework_done_matrix(client: Client, diary_week: DiaryRig) -> None:
    world = diary_week.world
    homework = {
        "a": diary_week.lessons[0].assignments.get(title="Упражнение 12"),
        "b": make_b_homework(world.b),
    }

    def url(sw: SchoolWorld) -> str:
        key = "a" if sw is world.a else "b"
        return reverse("api:student-homework-done", args=[sw.student.pk, homework[key].pk])

    check_matrix(client, world, url, allowed={"student"}, method="put", other_school_allowed=set())
    assert list(HomeworkCompletion.objects.values_list("student_id", flat=True)) == [
        world.a.student.pk
    ]


def make_b_homework(sw: SchoolWorld) -> Any:
    lesson = f.LessonFactory.create(school_class=sw.school_class, teacher=sw.class_teacher)
    return f.AssignmentFactory.create(lesson=lesson, title="B")


def test_acknowledgement_api(client: Client, diary_week: DiaryRig) -> None:
    sw = diary_week.sw
    url = reverse("api:student-diary-acknowledgement", args=[sw.student.pk])
    week = f"?week={diary_week.monday.isoformat()}"
    client.force_login(sw.users["parent"])
    first = client.post(url + week)
    assert first.status_code == 201
    assert first.json()["guardian_name"] == sw.parent.short_name
    again = client.post(url + week)
    assert again.status_code == 200
    assert again.json()["acknowledged_at"] == first.json()["acknowledged_at"]
    assert DiaryAcknowledgement.objects.count() == 1
    # the class teacher sees it
    client.force_login(sw.users["teacher"])
    data = client.get(
        reverse("api:class-diary-acknowledgements", args=[sw.school_class.pk]) + week
    ).json()
    confirmed = {row["student"]: len(row["acknowledgements"]) for row in data["students"]}
    assert confirmed == {sw.student.pk: 1, sw.other_student.pk: 0}


def test_acknowledgement_api_matrix(client: Client, diary_week: DiaryRig) -> None:
    world = diary_week.world
    check_matrix(
        client,
        world,
        lambda sw: reverse("api:student-diary-acknowledgement", args=[sw.student.pk]),
        allowed={"parent"},
        method="post",
        ok=(201, 200),
        other_school_allowed=set(),
    )
    assert list(DiaryAcknowledgement.objects.values_list("student_id", flat=True)) == [
        world.a.student.pk
    ]


def test_class_acknowledgements_api_matrix(client: Client, diary_week: DiaryRig) -> None:
    check_matrix(
        client,
        diary_week.world,
        lambda sw: reverse("api:class-diary-acknowledgements", args=[sw.school_class.pk]),
        allowed=ADMINS | {"teacher"},
        other_school_allowed={"superuser"},
    )


def test_me_students(client: Client, world: World) -> None:
    # a parent with children in two schools, a student, a teacher
    f.GuardianshipFactory.create(student=world.b.student, guardian=world.a.parent)
    client.force_login(world.a.users["parent"])
    answer = client.get(reverse("api:me-students")).json()
    assert answer["count"] == 2
    rows = answer["results"]
    assert {(row["id"], row["school"], row["relation"]) for row in rows} == {
        (world.a.student.pk, world.a.school.pk, "child"),
        (world.b.student.pk, world.b.school.pk, "child"),
    }
    assert rows[0]["diary"].startswith("/api/v1/students/")
    client.force_login(world.a.users["student"])
    rows = client.get(reverse("api:me-students")).json()["results"]
    assert [row["relation"] for row in rows] == ["self"]
    client.force_login(world.a.users["teacher_no_class"])
    assert client.get(reverse("api:me-students")).json()["results"] == []
    client.logout()
    assert client.get(reverse("api:me-students")).status_code in (401, 403)
