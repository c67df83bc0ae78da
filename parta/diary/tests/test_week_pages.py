"""The diary week pages: who reads whose diary (the role matrix over two schools), a refused
diary audited, the week parameter, the child switcher, homework done, the parent's «I have read
the diary», the class teacher's list, files."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ADMINS, READ_WHOLE_SCHOOL, check_matrix
from parta.core.testing.world import SchoolWorld, World
from parta.diary.models import DiaryAcknowledgement, HomeworkCompletion
from parta.diary.services.week import DENIED_TYPE
from parta.diary.tests.conftest import DiaryRig
from parta.journal.models import AssignmentFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    """Pages in English (the tests assert msgids)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


#: who reads the diary of world.a.student in school A
DIARY_READERS = READ_WHOLE_SCHOOL | {"teacher", "student", "parent", "superuser"}


def _week_url(sw: SchoolWorld, week: datetime.date | None = None) -> str:
    url = reverse("diary:student_week", args=[sw.school.pk, sw.student.pk])
    return f"{url}?week={week.isoformat()}" if week else url


def _homework(sw: SchoolWorld, day: datetime.date | None = None) -> Any:
    lesson = f.LessonFactory.create(
        school_class=sw.school_class, teacher=sw.class_teacher, **({"date": day} if day else {})
    )
    work_type = f.WorkTypeFactory.create(
        school=sw.school, name="Домашняя работа", abbreviation="ДЗ", is_homework=True
    )
    return f.AssignmentFactory.create(lesson=lesson, work_type=work_type, title="Читать")


def test_student_week_matrix(client: Any, diary_week: DiaryRig) -> None:
    # the student's diary: the student, the parent, the class teacher, whole-school readers
    check_matrix(client, diary_week.world, _week_url, allowed=DIARY_READERS)


def test_own_week_matrix(client: Any, diary_week: DiaryRig) -> None:
    # /diary/ without a student opens the user's own or their child's: students and parents
    check_matrix(
        client,
        diary_week.world,
        lambda sw: reverse("diary:week", args=[sw.school.pk]),
        allowed={"student", "parent"},
        other_school_allowed=set(),
    )


def test_week_page_shows_lessons_marks_and_today(client: Any, diary_week: DiaryRig) -> None:
    # given the parent logged in on the week's Wednesday
    client.force_login(diary_week.sw.users["parent"])
    # when they open the child's diary
    response = client.get(reverse("diary:week", args=[diary_week.school.pk]))
    # then the week is there: lessons, marks with work type and weight, today highlighted
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="lesson"') == 10
    assert html.count('data-testid="mark"') == 10
    assert 'data-testid="mark-details"' in html
    assert "РУ ×2" in html
    assert html.count('data-testid="today"') == 1
    assert "Упражнение 12" in html
    assert "личная заметка" not in html  # the teacher's private note never shows
    assert "5А" in html
    assert "Next week" in html
    assert "Previous week" in html


def test_invalid_week_shows_a_message_and_the_current_week(
    client: Any, diary_week: DiaryRig
) -> None:
    client.force_login(diary_week.sw.users["student"])
    response = client.get(_week_url(diary_week.sw) + "?week=not-a-date")
    assert response.status_code == 200
    assert "is not a date" in response.content.decode()
    assert response.context["week"].week_start == diary_week.monday


def test_week_parameter_any_day_is_its_monday(client: Any, diary_week: DiaryRig) -> None:
    client.force_login(diary_week.sw.users["student"])
    friday = diary_week.monday + datetime.timedelta(days=11)
    response = client.get(_week_url(diary_week.sw, friday))
    assert response.context["week"].week_start == diary_week.monday + datetime.timedelta(days=7)


@pytest.mark.parametrize("who", ["parent", "student"])
def test_another_students_diary_is_404_and_audited(
    client: Any, diary_week: DiaryRig, who: str
) -> None:
    # given a parent (or a student) of school A
    sw = diary_week.sw
    client.force_login(sw.users[who])
    # when they ask for the other student's diary
    url = reverse("diary:student_week", args=[sw.school.pk, sw.other_student.pk])
    response = client.get(url)
    # then 404, and the refusal is in the audit log
    assert response.status_code == 404
    event = AuditEvent.objects.get(object_type=DENIED_TYPE)
    assert event.actor == sw.users[who]
    assert event.object_id == str(sw.other_student.pk)
    assert event.school_id == sw.school.pk
    assert event.action == AuditEvent.Action.VIEW


def test_parent_with_children_in_two_schools_switches(client: Any, world: World) -> None:
    # given the parent of A also a parent of B's student
    f.GuardianshipFactory.create(student=world.b.student, guardian=world.a.parent)
    from parta.accounts.models import RoleAssignment

    RoleAssignment.objects.create(
        user=world.a.users["parent"], organization=world.b.school, role="parent"
    )
    client.force_login(world.a.users["parent"])
    # when they open the diary in A
    response = client.get(reverse("diary:week", args=[world.a.school.pk]))
    html = response.content.decode()
    # then both children are offered, the one in B with a link into B
    assert html.count('data-testid="child"') == 2
    assert reverse("diary:student_week", args=[world.b.school.pk, world.b.student.pk]) in html
    # and B's child's diary opens in B
    assert client.get(_week_url(world.b)).status_code == 200


def test_student_ticks_homework_done_with_htmx(client: Any, diary_week: DiaryRig) -> None:
    sw = diary_week.sw
    assignment = _homework(sw, diary_week.monday)
    url = reverse("diary:homework_done", args=[sw.school.pk, sw.student.pk, assignment.pk])
    client.force_login(sw.users["student"])
    # when the student ticks it
    response = client.post(url, {"done": "1"}, HTTP_HX_REQUEST="true")
    # then it is done, the partial offers to untick it
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.content.decode()
    assert HomeworkCompletion.objects.filter(student=sw.student, assignment=assignment).exists()
    # and unticking removes it (without htmx: back to the week)
    response = client.post(url, {"done": "0"})
    assert response.status_code == 302
    assert not HomeworkCompletion.objects.exists()


def test_homework_done_only_by_the_student(client: Any, diary_week: DiaryRig) -> None:
    world = diary_week.world
    assignments = {
        "a": _homework(world.a, diary_week.monday),
        "b": _homework(world.b, diary_week.monday),
    }

    def url(sw: SchoolWorld) -> str:
        key = "a" if sw is world.a else "b"
        return reverse(
            "diary:homework_done", args=[sw.school.pk, sw.student.pk, assignments[key].pk]
        )

    # everyone tries to tick the student's homework: only the student may
    HomeworkCompletion.objects.all().delete()
    check_matrix(
        client,
        world,
        url,
        allowed={"student"},
        method="post",
        data={"done": "1"},
        ok=(302,),
        other_school_allowed=set(),
    )
    # the denied requests changed nothing: one tick, the student's own in A
    assert list(HomeworkCompletion.objects.values_list("student_id", "assignment_id")) == [
        (world.a.student.pk, assignments["a"].pk)
    ]


def test_parent_acknowledges_the_week_once(client: Any, diary_week: DiaryRig) -> None:
    sw = diary_week.sw
    client.force_login(sw.users["parent"])
    url = reverse("diary:acknowledge", args=[sw.school.pk, sw.student.pk])
    week = f"?week={diary_week.monday.isoformat()}"
    # when the parent confirms twice
    assert client.post(url + week).status_code == 302
    assert client.post(url + week).status_code == 302
    # then one confirmation, one audit event, and the page says when
    assert DiaryAcknowledgement.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="diary.diaryacknowledgement").count() == 1
    html = client.get(_week_url(sw, diary_week.monday)).content.decode()
    assert 'data-testid="acknowledged"' in html
    assert 'data-testid="acknowledge"' not in html


def test_acknowledge_is_refused_to_others(client: Any, diary_week: DiaryRig) -> None:
    world = diary_week.world
    check_matrix(
        client,
        world,
        lambda sw: (
            reverse("diary:acknowledge", args=[sw.school.pk, sw.student.pk])
            + f"?week={diary_week.monday.isoformat()}"
        ),
        allowed={"parent"},
        method="post",
        ok=(302,),
        other_school_allowed=set(),
    )
    assert list(DiaryAcknowledgement.objects.values_list("student_id", flat=True)) == [
        world.a.student.pk
    ]


def test_class_teacher_sees_the_acknowledgements(client: Any, diary_week: DiaryRig) -> None:
    sw = diary_week.sw
    client.force_login(sw.users["parent"])
    client.post(
        reverse("diary:acknowledge", args=[sw.school.pk, sw.student.pk])
        + f"?week={diary_week.monday.isoformat()}"
    )
    client.force_login(sw.users["teacher"])
    week_page = client.get(_week_url(sw, diary_week.monday)).content.decode()
    assert 'data-testid="class-acknowledgements"' in week_page
    url = reverse("diary:acknowledgements", args=[sw.school.pk, sw.school_class.pk])
    html = client.get(url + f"?week={diary_week.monday.isoformat()}").content.decode()
    assert html.count('data-testid="ack-row"') == 2
    assert sw.parent.short_name in html
    assert "Confirmed: 1 of 2." in html


def test_acknowledgements_matrix(client: Any, diary_week: DiaryRig) -> None:
    check_matrix(
        client,
        diary_week.world,
        lambda sw: reverse("diary:acknowledgements", args=[sw.school.pk, sw.school_class.pk]),
        allowed=ADMINS | {"teacher"},
        other_school_allowed={"superuser"},
    )


def test_file_download_follows_the_diary(client: Any, diary_week: DiaryRig) -> None:
    sw = diary_week.sw
    assignment = diary_week.lessons[0].assignments.first()
    row = AssignmentFile(
        school=sw.school, assignment=assignment, name="лист.pdf", size=9, content_type="x"
    )
    row.file.save("a.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    url = reverse("diary:file", args=[sw.school.pk, sw.student.pk, row.pk])
    client.force_login(sw.users["parent"])
    response = client.get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    # another student's file path does not give it
    client.force_login(sw.users["teacher_no_class"])
    assert client.get(url).status_code == 404


def test_week_page_query_count_is_constant(client: Client, world: World) -> None:
    # given weeks of 5 and of 30 lessons with marks, read by the parent
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from parta.diary.tests.conftest import make_rig

    rig = make_rig(world, per_day=1)
    client.force_login(rig.sw.users["parent"])
    small = _week_url(rig.sw, rig.monday)
    rig.add_week(rig.monday + datetime.timedelta(days=7), per_day=6)
    big = _week_url(rig.sw, rig.monday + datetime.timedelta(days=7))
    client.get(small)  # warm the session
    counts = []
    for url in (small, big):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    # then the same number of queries: the session, the user, the roles, the school, the
    # student, the week (spans, lessons, assignments with marks), the children for the switcher,
    # the week's confirmations and the parent's person for the confirm button
    assert counts[0] == counts[1]
    assert counts[0] <= 11, "\n".join(query["sql"][:150] for query in queries.captured_queries)
