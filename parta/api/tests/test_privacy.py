"""Privacy: whose rows and whose personal fields each reader gets (least privilege, 152-ФЗ)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from parta.accounts.choices import Role
from parta.accounts.models import RoleAssignment
from parta.api.tests.helpers import ids, list_all, login, url
from parta.core.testing import factories as f
from parta.organizations.models import Organization, Room
from parta.people.models import Guardianship, StaffMember, Student

PERSONAL_KEYS = {
    "birth_date",
    "sex",
    "snils",
    "phone",
    "email",
    "address",
    "personal_file_number",
    "admission_date",
    "withdrawal_date",
}


def _student_rows(api, user, **params):
    login(api, user)
    return {row["id"]: row for row in list_all(api, url("students"), **params)}


# --- rows ------------------------------------------------------------------------------------
def test_parent_gets_exactly_their_children_and_404_for_a_classmate(api, api_world):
    # given a parent of one child in class 5А, with a classmate in the same class
    w = api_world
    login(api, w.user("parent"))
    # then the list holds exactly the child
    assert ids(list_all(api, url("students"))) == {w.a.student.pk}
    assert api.get(url("students", w.a.student.pk)).status_code == 200
    # and the classmate's card, and a child of another school, do not exist for them: the
    # answer is the same as for an id that exists nowhere
    missing = api.get(url("students", 999_999))
    assert missing.json()["extra"] == {"code": "not_found"}
    for other in (w.a.other_student, w.b.student):
        response = api.get(url("students", other.pk))
        assert response.status_code == 404
        assert response.content == missing.content
    # the guardianship links are those of the child only
    links = list_all(api, url("guardians"))
    assert {row["student"]["id"] for row in links} == {w.a.student.pk}
    assert ids(list_all(api, url("enrollments"))) == set(
        w.a.student.enrollments.values_list("pk", flat=True)
    )


def test_student_gets_only_themself(api, api_world):
    w = api_world
    login(api, w.user("student"))
    assert ids(list_all(api, url("students"))) == {w.a.student.pk}
    assert api.get(url("students", w.a.other_student.pk)).status_code == 404


def test_teacher_without_a_class_gets_no_students(api, api_world):
    w = api_world
    login(api, w.user("teacher_no_class"))
    assert list_all(api, url("students")) == []
    assert list_all(api, url("guardians")) == []
    assert list_all(api, url("enrollments")) == []
    # but reads the school's classes, groups, subjects, rooms, years, periods and staff names
    for endpoint in (
        "classes",
        "study-groups",
        "rooms",
        "academic-years",
        "study-periods",
        "staff",
    ):
        assert list_all(api, url(endpoint)), endpoint


def test_class_teacher_loses_a_student_who_left_the_class(api, api_world):
    w = api_world
    enrollment = w.a.other_student.enrollments.get()
    enrollment.end_date = timezone.localdate() - datetime.timedelta(days=1)
    enrollment.start_date = min(enrollment.start_date, enrollment.end_date)
    enrollment.save()
    login(api, w.user("teacher"))
    assert ids(list_all(api, url("students"))) == {w.a.student.pk}


def test_municipal_specialist_reads_a_and_b_not_c(api, api_world):
    w = api_world
    c_student = f.StudentFactory.create(school=w.c_school)
    login(api, w.municipal_specialist)
    schools = {row["school"] for row in list_all(api, url("students"))}
    assert schools == {w.a.school.pk, w.b.school.pk}
    assert api.get(url("students", c_student.pk)).status_code == 404
    assert api.get(url("organizations", w.c_school.pk)).status_code == 404
    assert list_all(api, url("students"), school=w.c_school.pk) == []


@pytest.mark.parametrize("who", ["director", "teacher", "student", "parent", "hr_officer"])
def test_school_filter_of_another_school_gives_nothing(api, api_world, who):
    # a user of school B asking for school A's rows explicitly gets an empty list
    w = api_world
    login(api, w.user(who, "b"))
    for endpoint in ("students", "classes", "staff", "rooms", "guardians", "enrollments"):
        assert list_all(api, url(endpoint), school=w.a.school.pk) == [], endpoint


# --- personal fields of students ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "with_personal"),
    [
        ("director", {"student", "other_student"}),
        ("deputy_director", {"student", "other_student"}),
        ("secretary", {"student", "other_student"}),
        ("hr_officer", set()),
        ("teacher", {"student", "other_student"}),  # their class
        ("student", {"student"}),
        ("parent", {"student"}),
        ("municipal_specialist", set()),
        ("superuser", {"student", "other_student"}),
    ],
)
def test_student_personal_data_by_role(api, api_world, who, with_personal):
    w = api_world
    rows = _student_rows(api, w.user(who))
    for name in ("student", "other_student"):
        student = getattr(w.a, name)
        if student.pk not in rows:
            continue
        personal = rows[student.pk]["personal"]
        if name in with_personal:
            assert set(personal) == PERSONAL_KEYS
            assert personal["birth_date"] == student.person.birth_date.isoformat()
            assert personal["personal_file_number"] == student.personal_file_number != ""
        else:
            assert personal is None, (who, name)
    # the person's name is always there
    assert all(set(row["person"]) >= {"full_name", "last_name"} for row in rows.values())


def test_teacher_gets_no_personal_data_of_students_outside_their_class(api, api_world):
    # given the class teacher of 5А who is also the school's HR officer (reads every student)
    w = api_world
    teacher = w.user("teacher")
    RoleAssignment.objects.create(user=teacher, organization=w.a.school, role=Role.HR_OFFICER)
    other_class = f.SchoolClassFactory.create(period_set=w.a.period_set, grade=6, letter="Б")
    outsider = f.EnrollmentFactory.create(school_class=other_class).student
    outsider.person.snils = "112-233-445 95"
    outsider.person.save()
    # when they list the students
    rows = _student_rows(api, teacher)
    # then they see all three, with personal data only for their own class
    assert set(rows) == {w.a.student.pk, w.a.other_student.pk, outsider.pk}
    assert rows[outsider.pk]["personal"] is None
    assert "112-233-445 95" not in api.get(url("students")).content.decode()
    assert rows[w.a.student.pk]["personal"]["birth_date"] == "2014-03-01"
    detail = api.get(url("students", outsider.pk)).json()
    assert detail["personal"] is None
    assert detail["current_class"]["name"] == "6Б"


def test_parent_gets_their_childs_snils(api, api_world):
    w = api_world
    w.a.student.person.snils = "112-233-445 95"
    w.a.student.person.save()
    login(api, w.user("parent"))
    body = api.get(url("students", w.a.student.pk)).json()
    assert body["personal"]["snils"] == "112-233-445 95"
    assert body["current_class"]["id"] == w.a.school_class.pk


# --- staff ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "sees_all_personal"),
    [
        ("director", True),
        ("secretary", True),
        ("hr_officer", True),
        ("teacher", False),
        ("parent", False),
        ("student", False),
        ("municipal_specialist", False),
        ("superuser", True),
    ],
)
def test_staff_personal_data_by_role(api, api_world, who, sees_all_personal):
    w = api_world
    user = w.user(who)
    login(api, user)
    rows = list_all(api, url("staff"), school=w.a.school.pk)
    assert {row["id"] for row in rows} == set(
        StaffMember.objects.filter(school=w.a.school).values_list("pk", flat=True)
    )
    for row in rows:
        member = StaffMember.objects.get(pk=row["id"])
        own = member.person.user_id == user.pk
        if sees_all_personal or own:
            assert row["personal"]["birth_date"] == str(member.person.birth_date)
        else:
            assert row["personal"] is None, (who, member)
        assert row["person"]["full_name"] == member.person.full_name
    teacher_row = next(row for row in rows if row["id"] == w.a.class_teacher.pk)
    assert [p["name"] for p in teacher_row["positions"]] == ["учитель"]
    assert teacher_row["hire_date"] == "2015-08-25"


# --- guardians --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "sees_contacts"),
    [
        ("director", True),
        ("teacher", True),  # the class teacher of the child
        ("parent", True),  # their own contacts
        ("student", False),
        ("hr_officer", False),
        ("municipal_specialist", False),
    ],
)
def test_guardian_contacts_by_role(api, api_world, who, sees_contacts):
    w = api_world
    w.a.parent.phone = "+7 900 000-00-00"
    w.a.parent.save()
    login(api, w.user(who))
    rows = {row["id"]: row for row in list_all(api, url("guardians"))}
    row = rows[w.a.guardianship.pk]
    assert row["guardian"]["full_name"] == w.a.parent.full_name
    assert row["relation"] == "mother"
    assert row["student"] == {"id": w.a.student.pk, "full_name": w.a.student.person.full_name}
    if sees_contacts:
        assert row["contacts"] == {"phone": "+7 900 000-00-00", "email": "", "address": ""}
    else:
        assert row["contacts"] is None


def test_second_parent_does_not_get_the_first_parents_contacts(api, api_world):
    w = api_world
    w.a.parent.phone = "+7 900 000-00-00"
    w.a.parent.save()
    father = f.PersonFactory.create(last_name="Отцов")
    link = Guardianship.objects.create(
        school=w.a.school, student=w.a.student, guardian=father, relation="father"
    )
    father.user = f.UserFactory.create(username="a_father")
    father.save()
    RoleAssignment.objects.create(user=father.user, organization=w.a.school, role=Role.PARENT)
    login(api, father.user)
    rows = {row["id"]: row for row in list_all(api, url("guardians"))}
    assert set(rows) == {w.a.guardianship.pk, link.pk}
    assert rows[w.a.guardianship.pk]["contacts"] is None
    assert rows[link.pk]["contacts"] is not None


# --- study group members ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "members"),
    [
        ("director", {"student", "other_student"}),
        ("teacher", {"student", "other_student"}),
        ("teacher_no_class", set()),
        ("parent", {"student"}),
        ("student", {"student"}),
        ("municipal_specialist", {"student", "other_student"}),
    ],
)
def test_study_group_members_are_those_the_reader_may_see(api, api_world, who, members):
    w = api_world
    login(api, w.user(who))
    body = api.get(url("study-groups", w.extras["a"].group.pk)).json()
    assert {m["student"]["id"] for m in body["members"]} == {
        getattr(w.a, name).pk for name in members
    }
    assert body["student_count"] == 2  # a number, not personal
    assert "members" not in list_all(api, url("study-groups"))[0]


# --- writes -------------------------------------------------------------------------------------
ENDPOINTS = [
    "organizations",
    "academic-years",
    "period-sets",
    "study-periods",
    "holiday-sets",
    "buildings",
    "rooms",
    "subjects",
    "classes",
    "study-groups",
    "staff",
    "students",
    "guardians",
    "enrollments",
]


@pytest.mark.parametrize("who", ["municipal_specialist", "director"])
def test_every_endpoint_is_read_only(api, api_world, who):
    w = api_world
    login(api, w.user(who))
    before = (Room.objects.count(), Student.objects.count(), Organization.objects.count())
    for endpoint in ENDPOINTS:
        first = list_all(api, url(endpoint))[0]["id"]
        assert api.post(url(endpoint), {"name": "x"}, format="json").status_code == 405
        for method in ("put", "patch", "delete"):
            response = getattr(api, method)(url(endpoint, first), {"name": "x"}, format="json")
            assert response.status_code == 405, (endpoint, method)
            assert response.json()["extra"] == {"code": "method_not_allowed"}
    assert (Room.objects.count(), Student.objects.count(), Organization.objects.count()) == before
