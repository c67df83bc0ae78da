"""Every list endpoint issues a fixed number of SQL queries, whatever the number of rows.

Each case lists an endpoint as a reader, adds 30+ rows of every kind to the reader's school,
lists again, and checks that the number of queries did not change and stays in the budget.
The budget counts the whole request (session, user, access, count, page, prefetches).
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parta.api.tests.helpers import ApiWorld, login, url
from parta.core.testing import factories as f
from parta.curriculum.models import Subject
from parta.people.models import Position, StudyGroupMembership

EXTRA = 30

#: endpoint → (reader, query budget of one list request with session authentication: the
#: session, the user, the user's roles, the count, the page, and one per prefetched relation;
#: the municipal specialist's schools below the municipality cost one more)
CASES = {
    "organizations": ("municipal_specialist", 6),
    "academic-years": ("director", 5),
    "period-sets": ("director", 6),
    "study-periods": ("director", 5),
    "holiday-sets": ("director", 6),
    "buildings": ("director", 5),
    "rooms": ("director", 5),
    "subjects": ("teacher", 5),
    "classes": ("teacher", 5),
    "study-groups": ("parent", 5),
    "staff": ("hr_officer", 6),
    "students": ("director", 6),
    "guardians": ("director", 5),
    "enrollments": ("director", 5),
}
#: readers whose rows depend on relationships (a class teacher, a parent, a student)
STUDENT_READERS = ["teacher", "parent", "student", "municipal_specialist", "superuser"]


def crowd(w: ApiWorld) -> None:
    """30+ more rows of every kind in school A (and 30 schools under the municipality)."""
    a = w.a
    school = a.school
    base_year = a.year.start_date.year
    positions = [Position.objects.create(name=f"должность {i}") for i in range(3)]
    for i in range(EXTRA):
        f.OrganizationFactory.create(parent=w.municipality)
        year = f.AcademicYearFactory.create(
            school=school,
            name=f"{base_year - 40 + i}",
            start_date=datetime.date(base_year - 40 + i, 9, 1),
            end_date=datetime.date(base_year - 39 + i, 5, 31),
        )
        f.PeriodSetFactory.create(academic_year=year, name=f"Четверти {i}")
        f.HolidayFactory.create(holiday_set=f.HolidaySetFactory.create(academic_year=year))
        building = f.BuildingFactory.create(school=school)
        room = f.RoomFactory.create(school=school, building=building)
        Subject.objects.create(school=school, name=f"Курс {i}")
        teacher = f.StaffMemberFactory.create(school=school)
        teacher.positions.add(*positions)
        school_class = f.SchoolClassFactory.create(
            period_set=a.period_set,
            grade=1 + i % 11,
            letter=f"Л{i}",
            class_teacher=teacher,
            home_room=room,
        )
        group = f.StudyGroupFactory.create(
            school_class=school_class, subject=Subject.objects.filter(school=None).first()
        )
        # a student in 5А (so the class teacher sees them) with a parent and group membership
        enrollment = f.EnrollmentFactory.create(school_class=a.school_class)
        f.GuardianshipFactory.create(student=enrollment.student)
        StudyGroupMembership.objects.create(
            school=school, group=group, student=enrollment.student, start_date=a.year.start_date
        )
        # the world's child gets 30 more guardians, so a parent sees 30+ links
        f.GuardianshipFactory.create(student=a.student)


def _count(api, path: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path)
    assert response.status_code == 200
    return len(queries.captured_queries), response.json()["count"]


@pytest.mark.parametrize("endpoint", sorted(CASES))
def test_list_query_count_is_constant(api, api_world, endpoint, django_assert_max_num_queries):
    who, budget = CASES[endpoint]
    login(api, api_world.user(who))
    path = url(endpoint)
    few, rows_before = _count(api, path)
    crowd(api_world)
    with django_assert_max_num_queries(budget):
        many, rows_after = _count(api, path)
    assert rows_after >= rows_before + EXTRA, (endpoint, rows_before, rows_after)
    assert many == few, (
        f"{endpoint}: {few} queries with {rows_before} rows, {many} with {rows_after}"
    )


@pytest.mark.parametrize("who", STUDENT_READERS)
@pytest.mark.parametrize("endpoint", ["students", "guardians", "enrollments", "study-groups"])
def test_people_lists_are_constant_for_every_reader(api, api_world, who, endpoint):
    login(api, api_world.user(who))
    path = url(endpoint)
    few, _ = _count(api, path)
    crowd(api_world)
    many, _ = _count(api, path)
    assert many == few, (who, endpoint, few, many)


def test_study_group_detail_is_constant(api, api_world):
    login(api, api_world.user("director"))
    group = api_world.extras["a"].group
    with CaptureQueriesContext(connection) as queries:
        api.get(url("study-groups", group.pk))
    few = len(queries.captured_queries)
    for _ in range(EXTRA):
        enrollment = f.EnrollmentFactory.create(school_class=api_world.a.school_class)
        StudyGroupMembership.objects.create(
            school=api_world.a.school,
            group=group,
            student=enrollment.student,
            start_date=api_world.a.year.start_date,
        )
    with CaptureQueriesContext(connection) as queries:
        body = api.get(url("study-groups", group.pk)).json()
    assert len(body["members"]) == 2 + EXTRA
    assert len(queries.captured_queries) == few
