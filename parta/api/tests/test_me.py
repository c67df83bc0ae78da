"""The /me/ contract: exact keys, roles, reachable schools, the current school, the children."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from parta.accounts.choices import Role
from parta.accounts.models import RoleAssignment, User
from parta.api.tests.helpers import login, url
from parta.core.testing import factories as f
from parta.people.models import Guardianship

TOP_KEYS = {"user", "person", "roles", "schools", "current_school", "children"}
USER_KEYS = {"id", "username", "must_change_password", "is_superuser"}
PERSON_KEYS = {
    "id",
    "last_name",
    "first_name",
    "patronymic",
    "full_name",
    "short_name",
    "birth_date",
    "sex",
    "snils",
    "phone",
    "email",
    "address",
}
ROLE_KEYS = {
    "organization_id",
    "organization_short_name",
    "organization_kind",
    "role",
    "role_label",
}
SCHOOL_KEYS = {"id", "short_name", "read_only"}
CHILD_KEYS = {"student_id", "full_name", "school_id", "school_short_name", "current_class"}
CLASS_KEYS = {"id", "name", "grade", "letter", "academic_year"}


def _me(api, user, auth="session"):
    login(api, user, auth=auth)
    response = api.get(url("me"))
    assert response.status_code == 200
    return response.json()


def test_me_of_a_director(api, world):
    body = _me(api, world.user("director"))
    assert set(body) == TOP_KEYS
    assert body["user"] == {
        "id": world.user("director").pk,
        "username": "a_director",
        "must_change_password": False,
        "is_superuser": False,
    }
    assert body["person"] is None  # the world's director has no person
    assert body["roles"] == [
        {
            "organization_id": world.a.school.pk,
            "organization_short_name": "Школа A",
            "organization_kind": "school",
            "role": "director",
            "role_label": str(Role.DIRECTOR.label),
        }
    ]
    assert body["schools"] == [
        {"id": world.a.school.pk, "short_name": "Школа A", "read_only": False}
    ]
    # the only school is the current one
    assert body["current_school"] == body["schools"][0]
    assert body["children"] == []


def test_me_of_a_teacher_has_their_person(api, world):
    body = _me(api, world.user("teacher"), auth="token")
    assert set(body["person"]) == PERSON_KEYS
    assert body["person"]["full_name"] == world.a.class_teacher.person.full_name
    assert body["person"]["birth_date"] == world.a.class_teacher.person.birth_date.isoformat()


def test_me_of_a_municipal_specialist(api, world):
    body = _me(api, world.municipal_specialist)
    assert body["roles"] == [
        {
            "organization_id": world.municipality.pk,
            "organization_short_name": "УО М",
            "organization_kind": "municipality",
            "role": "municipal_specialist",
            "role_label": str(Role.MUNICIPAL_SPECIALIST.label),
        }
    ]
    assert body["schools"] == [
        {"id": world.a.school.pk, "short_name": "Школа A", "read_only": True},
        {"id": world.b.school.pk, "short_name": "Школа B", "read_only": True},
    ]
    assert body["current_school"] is None  # two schools, none chosen yet


def test_current_school_is_the_last_chosen_one_while_reachable(api, world):
    user = world.municipal_specialist
    User.objects.filter(pk=user.pk).update(last_school=world.b.school)
    assert _me(api, user)["current_school"]["id"] == world.b.school.pk
    User.objects.filter(pk=user.pk).update(last_school=world.c_school)
    assert _me(api, user)["current_school"] is None  # C is out of reach


def test_me_of_a_parent_with_children_in_two_schools(api, world):
    # given a parent of a child in school A and of a child in school B (as the service links them)
    parent_user = world.user("parent")
    Guardianship.objects.create(
        school=world.b.school,
        student=world.b.other_student,
        guardian=world.a.parent,
        relation="mother",
    )
    RoleAssignment.objects.create(user=parent_user, organization=world.b.school, role=Role.PARENT)
    # when they ask who they are
    body = _me(api, parent_user)
    # then both children come, each with their school and current class
    assert set(body) == TOP_KEYS
    assert all(set(child) == CHILD_KEYS for child in body["children"])
    children = {child["student_id"]: child for child in body["children"]}
    assert set(children) == {world.a.student.pk, world.b.other_student.pk}
    a_child = children[world.a.student.pk]
    assert a_child["full_name"] == world.a.student.person.full_name
    assert (a_child["school_id"], a_child["school_short_name"]) == (world.a.school.pk, "Школа A")
    assert set(a_child["current_class"]) == CLASS_KEYS
    assert a_child["current_class"]["name"] == "5А"
    b_child = children[world.b.other_student.pk]
    assert (b_child["school_id"], b_child["current_class"]["id"]) == (
        world.b.school.pk,
        world.b.school_class.pk,
    )
    assert {(r["organization_id"], r["role"]) for r in body["roles"]} == {
        (world.a.school.pk, "parent"),
        (world.b.school.pk, "parent"),
    }
    assert {s["id"] for s in body["schools"]} == {world.a.school.pk, world.b.school.pk}
    assert not any(s["read_only"] for s in body["schools"])
    # and the students endpoint agrees
    rows = api.get(url("students")).json()["results"]
    assert {row["id"] for row in rows} == set(children)
    assert all(row["personal"] is not None for row in rows)


def test_me_of_a_child_without_a_class_today(api, world):
    world.a.student.enrollments.all().delete()
    body = _me(api, world.user("parent"))
    assert body["children"][0]["current_class"] is None


def test_me_of_the_superuser(api, world):
    body = _me(api, world.superuser)
    assert body["user"]["is_superuser"] is True
    assert {s["id"] for s in body["schools"]} == {
        world.a.school.pk,
        world.b.school.pk,
        world.c_school.pk,
    }


def test_me_costs_a_constant_number_of_queries(api, world, django_assert_max_num_queries):
    parent_user = world.user("parent")
    login(api, parent_user)
    with CaptureQueriesContext(connection) as few:
        api.get(url("me"))
    # given 30 more children in 30 more schools
    for _ in range(30):
        school = f.OrganizationFactory.create(parent=world.municipality)
        period_set = f.PeriodSetFactory.create(academic_year__school=school)
        enrollment = f.EnrollmentFactory.create(
            school_class=f.SchoolClassFactory.create(period_set=period_set)
        )
        f.GuardianshipFactory.create(student=enrollment.student, guardian=world.a.parent)
        RoleAssignment.objects.create(user=parent_user, organization=school, role=Role.PARENT)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = api.get(url("me")).json()
    assert len(body["children"]) == 31
    assert len(body["schools"]) == 31
    assert all(child["current_class"] for child in body["children"])
