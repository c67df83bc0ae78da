"""`GET /api/v1/journal/`, `journal/audiences/` and `cells/history/`: who reads them, what they
hold, and what they cost."""

from __future__ import annotations

import datetime

import pytest

from parta.accounts.choices import Role
from parta.accounts.models import RoleAssignment
from parta.core.testing import factories as f
from parta.core.testing.matrix import check_matrix
from parta.journal.tests import test_api_rig as r
from parta.journal.tests.test_api_rig import JOURNAL_READERS, V1
from parta.journal.tests.test_selectors import build_journal

pytestmark = pytest.mark.django_db
api, rig = r.api, r.rig  # the shared fixtures


def test_journal_matrix(api, rig):
    check_matrix(
        api, rig.world, lambda sw: rig.side(_key(rig, sw)).journal_url(), allowed=JOURNAL_READERS
    )


def _key(rig, sw) -> str:
    return "a" if sw is rig.world.a else "b"


def test_journal_holds_students_lessons_cells_and_averages(api, rig):
    # given the subject teacher
    side = rig.a
    api.force_login(side.sw.users["teacher_no_class"])
    # when they read the day's journal
    body = api.get(side.journal_url()).json()
    # then it lists the class's students, both lessons with the assignment, and the cells
    assert {s["id"] for s in body["students"]} == {side.sw.student.pk, side.sw.other_student.pk}
    assert [lesson["id"] for lesson in body["lessons"]] == [side.lesson.pk, side.substituted.pk]
    first = body["lessons"][0]
    assert first["assignments"][0]["id"] == side.assignment.pk
    assert first["assignments"][0]["work_type"]["weight"] == "1.0"
    cells = {(c["student"], c["lesson"]): c for c in body["cells"]}
    assert len(cells) == 2
    mark_cell = cells[(side.sw.student.pk, side.lesson.pk)]
    assert mark_cell["marks"] == [
        {
            "id": side.mark.pk,
            "assignment": side.assignment.pk,
            "value": "4",
            "comment": "",
            "is_duty": False,
            "version": 1,
        }
    ]
    assert mark_cell["attendance"] is None
    assert cells[(side.sw.other_student.pk, side.lesson.pk)]["attendance"]["code"] == "б"
    averages = {a["student"]: a for a in body["averages"]}
    assert averages[side.sw.student.pk] == {
        "student": side.sw.student.pk,
        "arithmetic": "4.00",
        "weighted": "4.00",
        "count": 1,
    }
    assert averages[side.sw.other_student.pk]["count"] == 0
    assert body["mark_free"] is False
    assert {"value": "н/а", "points": None} in body["scale"]


def test_journal_by_study_period(api, rig):
    side = rig.a
    period = side.sw.period_set.periods.order_by("number").first()
    api.force_login(side.sw.users["deputy_director"])
    url = f"{V1}journal/?school_class={side.sw.school_class.pk}&subject={side.subject.pk}"
    body = api.get(f"{url}&period={period.pk}").json()
    assert body["start"] == period.start_date.isoformat()
    assert len(body["lessons"]) == 2
    # another school's period is not found
    other = rig.b.sw.period_set.periods.first()
    assert api.get(f"{url}&period={other.pk}").status_code == 404


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("subject={subject}&start={day}&end={day}", "school_class"),
        ("school_class={cls}&subject={subject}", "period"),
        ("school_class={cls}&subject={subject}&start={day}&end={before}", "end"),
        ("school_class={cls}&subject={subject}&start={day}&end={far}", "end"),
    ],
)
def test_journal_refuses_unclear_questions(api, rig, query, field):
    side = rig.a
    api.force_login(side.sw.users["deputy_director"])
    text = query.format(
        cls=side.sw.school_class.pk,
        subject=side.subject.pk,
        day=side.day,
        before=side.day - datetime.timedelta(days=1),
        far=side.day + datetime.timedelta(days=400),
    )
    response = api.get(f"{V1}journal/?{text}")
    assert response.status_code == 400
    assert field in response.json()["extra"]["fields"]


def test_journal_of_a_study_group(api, rig):
    # given a subgroup of 5А with its own lesson of the subject
    side = rig.a
    group = f.StudyGroupFactory.create(school_class=side.sw.school_class)
    from parta.people.models import StudyGroupMembership

    StudyGroupMembership.objects.create(
        school=side.sw.school, group=group, student=side.sw.student, start_date=side.day
    )
    lesson = f.LessonFactory.create(
        school_class=None,
        study_group=group,
        school=side.sw.school,
        academic_year=side.sw.year,
        subject=side.subject,
        teacher=side.teacher,
        date=side.day,
        slot_number=3,
    )
    api.force_login(side.sw.users["teacher_no_class"])
    url = f"{V1}journal/?study_group={group.pk}&subject={side.subject.pk}&start={side.day}&end={side.day}"
    body = api.get(url).json()
    assert [row["id"] for row in body["lessons"]] == [lesson.pk]
    assert [row["id"] for row in body["students"]] == [side.sw.student.pk]
    # and a teacher of nothing there may not open it
    api.force_login(rig.world.user("hr_officer"))
    assert api.get(url).status_code == 200  # school staff read the whole school
    api.force_login(side.sw.users["student"])
    assert api.get(url).status_code == 403


def test_substitute_reads_the_substituted_lesson_only(api, rig):
    # given the substitute of the day's second lesson
    side = rig.a
    api.force_login(side.substitute)
    # then the class's journal stays closed to them, another school's unknown
    assert api.get(side.journal_url()).status_code == 403
    assert api.get(rig.b.journal_url()).status_code == 404
    # and they read the substituted lesson's cells and history, not the other lesson's
    student = side.sw.student.pk
    history = f"{V1}cells/history/?student={student}&lesson="
    assert api.get(f"{history}{side.substituted.pk}").status_code == 200
    assert api.get(f"{history}{side.lesson.pk}").status_code == 403
    marks = api.get(f"{V1}marks/?lesson={side.lesson.pk}").json()
    assert marks["results"] == []
    absences = api.get(f"{V1}attendance/?lesson={side.substituted.pk}").json()
    assert absences["count"] == 0


def _reader(school, who_role):
    user = f.UserFactory.create()
    RoleAssignment.objects.create(user=user, organization=school, role=who_role)
    return user


@pytest.mark.parametrize("role", ["deputy", "teacher"])
def test_journal_costs_a_constant_number_of_queries(api, django_assert_max_num_queries, role):
    # given a 5 × 3 and a 35 × 60 journal
    statements = []
    for students, lessons in ((5, 3), (35, 60)):
        journal = build_journal(students, lessons)
        if role == "deputy":
            user = _reader(journal.school, Role.DEPUTY_DIRECTOR)
        else:
            user = f.UserFactory.create()
            journal.teacher.person.user = user
            journal.teacher.person.save(update_fields=["user"])
            RoleAssignment.objects.create(user=user, organization=journal.school, role=Role.TEACHER)
        api.force_login(user)
        url = (
            f"{V1}journal/?school_class={journal.school_class.pk}&subject={journal.subject.pk}"
            f"&start={journal.start}&end={journal.end}"
        )
        # when the journal is read, then the cost does not grow with its size
        with django_assert_max_num_queries(13) as context:
            response = api.get(url)
        assert response.status_code == 200
        body = response.json()
        assert len(body["students"]) == students
        assert len(body["lessons"]) == lessons
        statements.append(len(context.captured_queries))
    assert statements[0] == statements[1]


# --- journal/audiences ----------------------------------------------------------------------
def test_audiences_matrix(api, rig):
    check_matrix(
        api,
        rig.world,
        lambda sw: f"{V1}journal/audiences/?school={sw.school.pk}",
        allowed=set(JOURNAL_READERS) | {"student", "parent", "secretary"},
    )


def test_audiences_list_the_users_journals(api, rig):
    api.force_login(rig.a.sw.users["teacher_no_class"])
    body = api.get(f"{V1}journal/audiences/?school={rig.a.sw.school.pk}").json()
    assert body == [
        {
            "kind": "class",
            "school_class": rig.a.sw.school_class.pk,
            "study_group": None,
            "subject": rig.a.subject.pk,
            "name": "5А",
            "subject_name": "Математика",
        }
    ]
    api.force_login(rig.a.sw.users["parent"])
    assert api.get(f"{V1}journal/audiences/?school={rig.a.sw.school.pk}").json() == []


# --- cells/history --------------------------------------------------------------------------
def _history_url(side) -> str:
    return f"{V1}cells/history/?lesson={side.lesson.pk}&student={side.sw.student.pk}"


def test_history_matrix(api, rig):
    check_matrix(
        api, rig.world, lambda sw: _history_url(rig.side(_key(rig, sw))), allowed=JOURNAL_READERS
    )


def test_history_shows_who_changed_the_cell(api, rig):
    # given the teacher sets a mark and changes it through the API
    side = rig.a
    side.mark.delete()
    api.force_login(side.sw.users["teacher_no_class"])
    created = api.post(
        f"{V1}marks/",
        {"assignment": side.assignment.pk, "student": side.sw.student.pk, "value": "3"},
        format="json",
    ).json()
    api.put(
        f"{V1}marks/{created['id']}/",
        {"value": "5", "expected_version": created["version"]},
        format="json",
    )
    # when the deputy reads the cell's history
    api.force_login(side.sw.users["deputy_director"])
    events = api.get(_history_url(side)).json()
    # then it shows both changes, the newest first, with who made them
    assert [e["action"] for e in events] == ["update", "create"]
    assert events[0]["before"]["value"] == "3"
    assert events[0]["after"]["value"] == "5"
    assert events[0]["actor"] == side.sw.users["teacher_no_class"].pk
    assert events[0]["actor_name"]
    # and a student of another school is not found
    url = f"{V1}cells/history/?lesson={side.lesson.pk}&student={rig.b.sw.student.pk}"
    assert api.get(url).status_code == 404
