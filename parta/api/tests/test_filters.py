"""Filters, pagination and the error shape of the list endpoints."""

from __future__ import annotations

import datetime

from django.utils import timezone

from parta.api.tests.helpers import ids, list_all, login, url
from parta.core.testing import factories as f
from parta.curriculum.models import Subject
from parta.organizations.models import AcademicYear, Organization
from parta.people.models import Position


def test_students_filters(api, api_world):
    w = api_world
    other_class = f.SchoolClassFactory.create(period_set=w.a.period_set, grade=7, letter="В")
    seventh = f.EnrollmentFactory.create(
        school_class=other_class, student__person__last_name="Ёлкина"
    ).student
    login(api, w.user("director"))
    everyone = {w.a.student.pk, w.a.other_student.pk, seventh.pk}
    assert ids(list_all(api, url("students"))) == everyone
    assert ids(list_all(api, url("students"), school=w.a.school.pk)) == everyone
    assert ids(list_all(api, url("students"), school_class=w.a.school_class.pk)) == {
        w.a.student.pk,
        w.a.other_student.pk,
    }
    assert ids(list_all(api, url("students"), grade=7)) == {seventh.pk}
    assert ids(list_all(api, url("students"), grade=7, school_class=w.a.school_class.pk)) == set()
    # search by name, whatever the letter case, on SQLite as on PostgreSQL
    for term in ("ученик", "УЧЕНИК", "Ученикa пётр", "пЁтр"):
        assert ids(list_all(api, url("students"), search=term)) == {w.a.student.pk}, term
    assert ids(list_all(api, url("students"), search="ёлкина")) == {seventh.pk}
    assert list_all(api, url("students"), search="Нетаких") == []


def test_a_student_who_left_is_not_in_the_class_filter(api, api_world):
    w = api_world
    enrollment = w.a.other_student.enrollments.get()
    enrollment.end_date = timezone.localdate() - datetime.timedelta(days=1)
    enrollment.start_date = min(enrollment.start_date, enrollment.end_date)
    enrollment.save()
    login(api, w.user("director"))
    assert ids(list_all(api, url("students"), school_class=w.a.school_class.pk)) == {w.a.student.pk}
    rows = {row["id"]: row for row in list_all(api, url("students"))}
    assert rows[w.a.other_student.pk]["current_class"] is None
    assert ids(list_all(api, url("enrollments"), active="true")) == {
        w.a.student.enrollments.get().pk
    }
    assert ids(list_all(api, url("enrollments"), active="false")) == {enrollment.pk}
    assert ids(list_all(api, url("enrollments"), student=w.a.other_student.pk)) == {enrollment.pk}


def test_classes_filters(api, api_world):
    w = api_world
    old_year = f.AcademicYearFactory.create(
        school=w.a.school,
        name="2000/2001",
        start_date=datetime.date(2000, 9, 1),
        end_date=datetime.date(2001, 5, 31),
    )
    old_class = f.SchoolClassFactory.create(
        period_set=f.PeriodSetFactory.create(academic_year=old_year), grade=9, letter="А"
    )
    login(api, w.user("teacher_no_class"))
    assert ids(list_all(api, url("classes"))) == {w.a.school_class.pk, old_class.pk}
    assert ids(list_all(api, url("classes"), academic_year=old_year.pk)) == {old_class.pk}
    assert ids(list_all(api, url("classes"), grade=5)) == {w.a.school_class.pk}
    assert ids(list_all(api, url("classes"), current="true")) == {w.a.school_class.pk}
    assert ids(list_all(api, url("classes"), class_teacher=w.a.class_teacher.pk)) == {
        w.a.school_class.pk
    }
    row = api.get(url("classes", w.a.school_class.pk)).json()
    assert row["class_teacher"]["full_name"] == w.a.class_teacher.person.full_name
    assert row["home_room"] == {"id": w.a.room.pk, "number": "101", "name": ""}
    assert row["period_set"] == {"id": w.a.period_set.pk, "name": "Четверти"}
    assert row["student_count"] == 2
    assert row["name"] == "5А"
    assert ids(list_all(api, url("academic-years"), current="true")) == {w.a.year.pk}
    assert AcademicYear.objects.filter(school=w.a.school).count() == 2


def test_subjects_school_filter_gives_federal_and_that_schools(api, api_world):
    w = api_world
    federal = set(Subject.objects.filter(school__isnull=True).values_list("pk", flat=True))
    own_a = w.extras["a"].subject.pk
    login(api, w.municipal_specialist)
    assert ids(list_all(api, url("subjects"), school=w.a.school.pk)) == federal | {own_a}
    assert ids(list_all(api, url("subjects"), federal="true")) == federal
    assert ids(list_all(api, url("subjects"), federal="false")) == {
        own_a,
        w.extras["b"].subject.pk,
    }
    # a school out of reach adds nothing to the federal list
    assert ids(list_all(api, url("subjects"), school=w.c_school.pk)) == federal
    assert ids(list_all(api, url("subjects"), search="шахматы")) == {
        own_a,
        w.extras["b"].subject.pk,
    }


def test_structure_filters(api, api_world):
    w = api_world
    login(api, w.user("parent"))
    extras = w.extras["a"]
    assert ids(list_all(api, url("rooms"), building=extras.building.pk)) == {extras.room.pk}
    assert ids(list_all(api, url("rooms"), search="101")) == {w.a.room.pk}
    assert list_all(api, url("buildings"))[0]["name"] == "Главный корпус a"
    first_quarter = datetime.date(w.a.year.start_date.year, 9, 15)
    periods = list_all(api, url("study-periods"), on=first_quarter.isoformat())
    assert [p["name"] for p in periods] == ["1 четверть"]
    assert periods[0]["academic_year"] == w.a.year.pk
    sets = list_all(api, url("period-sets"), academic_year=w.a.year.pk)
    assert [len(s["periods"]) for s in sets] == [4]
    assert [p["number"] for p in sets[0]["periods"]] == [1, 2, 3, 4]
    holidays = list_all(api, url("holiday-sets"), is_main="true")
    assert [[h["name"] for h in s["holidays"]] for s in holidays] == [["Осенние каникулы"]]


def test_staff_filters(api, api_world):
    w = api_world
    login(api, w.user("student"))
    teacher_position = Position.objects.get(name="учитель")
    assert ids(list_all(api, url("staff"), position=teacher_position.pk)) == {w.a.class_teacher.pk}
    w.a.class_teacher.dismissal_date = timezone.localdate()
    w.a.class_teacher.save()
    assert w.a.class_teacher.pk not in ids(list_all(api, url("staff"), is_active="true"))
    assert ids(list_all(api, url("staff"), search="учителева")) == {w.a.class_teacher.pk}


def test_organizations_filters(api, api_world):
    w = api_world
    login(api, w.municipal_specialist)
    assert ids(list_all(api, url("organizations"), kind="school")) == {
        w.a.school.pk,
        w.b.school.pk,
    }
    assert ids(list_all(api, url("organizations"), parent=w.municipality.pk)) == {
        w.a.school.pk,
        w.b.school.pk,
    }
    card = api.get(url("organizations", w.a.school.pk)).json()
    assert card["parent"] == w.municipality.pk
    assert card["kind"] == "school"
    assert card["full_name"] == "МБОУ СОШ A"
    assert {"inn", "ogrn", "licence_number", "timezone", "director_name"} <= set(card)
    assert Organization.objects.count() == 6


def test_study_groups_filters(api, api_world):
    w = api_world
    group = w.extras["a"].group
    login(api, w.user("director"))
    assert ids(list_all(api, url("study-groups"), school_class=w.a.school_class.pk)) == {group.pk}
    assert ids(list_all(api, url("study-groups"), subject=w.extras["a"].subject.pk)) == {group.pk}
    assert ids(list_all(api, url("study-groups"), kind="cross_class")) == set()
    assert ids(list_all(api, url("guardians"), student=w.a.student.pk)) == {w.a.guardianship.pk}


def test_pagination_shape(api, api_world):
    w = api_world
    for _ in range(3):
        f.RoomFactory.create(school=w.a.school)
    login(api, w.user("director"))
    body = api.get(url("rooms"), {"page_size": 2}).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 5
    assert len(body["results"]) == 2
    assert body["previous"] is None
    assert "page=2" in body["next"]
    last = api.get(url("rooms"), {"page_size": 2, "page": 3}).json()
    assert len(last["results"]) == 1
    assert last["next"] is None
    assert api.get(url("rooms"), {"page": 9}).status_code == 404


def test_bad_filter_values_answer_400_in_the_error_shape(api, api_world):
    login(api, api_world.user("director"))
    response = api.get(url("students"), {"school": "abc"})
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"message", "extra"}
    assert set(body["extra"]["fields"]) == {"school"}
    assert api.get(url("classes"), {"grade": "five"}).status_code == 400
    assert api.get(url("study-periods"), {"on": "yesterday"}).status_code == 400
    # a non-numeric id is simply not found
    assert api.get("/api/v1/students/abc/").status_code == 404
