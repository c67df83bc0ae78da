"""Endpoints of curricula and the teaching load: visibility over two schools, admin-only
writes through the services, the load check, query counts."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from parta.api.tests.helpers import MATRIX, check_visibility, login, url
from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ADMINS, ALL_WHO, READ_WHOLE_SCHOOL
from parta.curriculum.models import Curriculum, CurriculumItem, Subject, TeachingAssignment

READERS = {"director", "deputy_director", "secretary", "hr_officer"}


@pytest.fixture
def api():
    return APIClient(headers={"accept-language": "en"})


def _subjects(n):
    return list(Subject.objects.federal().order_by("name")[:n])


@pytest.fixture
def rows(world):
    subject = _subjects(1)[0]
    found = {}
    for key in ("a", "b"):
        sw = getattr(world, key)
        plan = f.CurriculumFactory.create(academic_year=sw.year, grade=5, name=f"5 {key}")
        item = f.CurriculumItemFactory.create(curriculum=plan, subject=subject, hours_per_week=5)
        own = TeachingAssignment.objects.create(
            school=sw.school,
            academic_year=sw.year,
            teacher=sw.class_teacher,
            subject=subject,
            school_class=sw.school_class,
            hours_per_week=4,
        )
        found[key] = (plan, item, own)
    # school C: nobody but the superuser
    c_year = f.AcademicYearFactory.create(school=world.c_school)
    f.CurriculumItemFactory.create(curriculum=f.CurriculumFactory.create(academic_year=c_year))
    return found


def _expected(model, teacher_rows=False):
    def expected(who, home):
        if who == "superuser":
            return set(model.objects.values_list("pk", flat=True))
        if who == "municipal_specialist":
            schools = set(
                model.objects.exclude(school__parent__short_name="УО М2").values_list(
                    "school_id", flat=True
                )
            )
            return set(model.objects.filter(school_id__in=schools).values_list("pk", flat=True))
        if who in READERS:
            from parta.organizations.models import Organization

            school = Organization.objects.get(short_name=f"Школа {home.upper()}")
            return set(model.objects.filter(school=school).values_list("pk", flat=True))
        if teacher_rows and who == "teacher":
            return set(
                model.objects.filter(teacher__person__user__username=f"{home}_teacher").values_list(
                    "pk", flat=True
                )
            )
        return set()

    return expected


@pytest.mark.parametrize(
    ("endpoint", "model", "teacher_rows"),
    [
        ("curricula", Curriculum, False),
        ("curriculum-items", CurriculumItem, False),
        ("teaching-assignments", TeachingAssignment, True),
    ],
)
def test_read_visibility(api, world, rows, endpoint, model, teacher_rows):
    check_visibility(
        api,
        world,
        endpoint,
        _expected(model, teacher_rows),
        model.objects.values_list("pk", flat=True),
    )


def test_curriculum_nests_items_and_totals(api, world, rows):
    login(api, world.user("director"))
    body = api.get(url("curricula", rows["a"][0].pk)).json()
    assert body["hours_per_week"] == "5.0"
    assert body["hours_per_year"] == "170.0"
    assert "fewer than the federal minimum" in body["warning"]
    assert [item["id"] for item in body["items"]] == [rows["a"][1].pk]


def test_assignment_filters(api, world, rows):
    sw = world.a
    eng = _subjects(2)[1]
    group = f.StudyGroupFactory.create(school_class=sw.school_class, subject=eng, name="Англ")
    other = TeachingAssignment.objects.create(
        school=sw.school,
        academic_year=sw.year,
        teacher=sw.class_teacher,
        subject=eng,
        study_group=group,
        hours_per_week=3,
    )
    login(api, world.user("director"))

    def got(**params):
        return {r["id"] for r in api.get(url("teaching-assignments"), params).json()["results"]}

    assert got(school_class=sw.school_class.pk) == {rows["a"][2].pk, other.pk}
    assert got(subject=eng.pk) == {other.pk}
    assert got(teacher=sw.class_teacher.pk, academic_year=sw.year.pk) == {rows["a"][2].pk, other.pk}
    assert got(teacher=world.b.class_teacher.pk) == set()


def _item_payload(world, rows, key="a"):
    return {
        "curriculum": rows[key][0].pk,
        "subject": _subjects(2)[1].pk,
        "hours_per_week": "2.5",
        "part": "participants",
        "attestation_form": "credit",
    }


def _assignment_payload(world, key="a"):
    sw = getattr(world, key)
    return {
        "academic_year": sw.year.pk,
        "teacher": sw.class_teacher.pk,
        "subject": _subjects(2)[1].pk,
        "school_class": sw.school_class.pk,
        "hours_per_week": "1",
    }


def _state():
    return (
        list(CurriculumItem.objects.order_by("pk").values_list("pk", "hours_per_week")),
        list(TeachingAssignment.objects.order_by("pk").values_list("pk", "hours_per_week")),
    )


def test_denied_writes_change_nothing(api, world, rows):
    before = _state()
    for who in ALL_WHO:
        if who in ADMINS:
            continue
        login(api, world.user(who))
        for key in ("a", "b"):
            _plan, item, own = rows[key]
            responses = [
                api.post(url("curriculum-items"), _item_payload(world, rows, key), format="json"),
                api.patch(url("curriculum-items", item.pk), {"hours_per_week": "9"}, format="json"),
                api.delete(url("curriculum-items", item.pk)),
                api.post(
                    url("teaching-assignments"), _assignment_payload(world, key), format="json"
                ),
                api.patch(
                    url("teaching-assignments", own.pk), {"hours_per_week": "9"}, format="json"
                ),
                api.delete(url("teaching-assignments", own.pk)),
            ]
            for response in responses:
                assert response.status_code in (400, 403, 404), (who, key, response.status_code)
    # an admin of school A cannot write in school B
    login(api, world.user("director"))
    _plan, item, own = rows["b"]
    assert (
        api.post(
            url("curriculum-items"), _item_payload(world, rows, "b"), format="json"
        ).status_code
        == 400
    )
    assert (
        api.patch(
            url("curriculum-items", item.pk), {"hours_per_week": "9"}, format="json"
        ).status_code
        == 404
    )
    assert api.delete(url("teaching-assignments", own.pk)).status_code == 404
    assert _state() == before


@pytest.mark.parametrize("who", sorted(ADMINS))
def test_admin_writes_are_audited(api, world, rows, who):
    login(api, world.user(who))
    response = api.post(url("curriculum-items"), _item_payload(world, rows), format="json")
    assert response.status_code == 201, response.json()
    item_id = response.json()["id"]
    assert response.json()["school"] == world.a.school.pk
    response = api.patch(url("curriculum-items", item_id), {"hours_per_week": "3"}, format="json")
    assert response.status_code == 200
    assert CurriculumItem.objects.get(pk=item_id).hours_per_week == Decimal(3)
    response = api.post(url("teaching-assignments"), _assignment_payload(world), format="json")
    assert response.status_code == 201, response.json()
    load_id = response.json()["id"]
    assert api.delete(url("teaching-assignments", load_id)).status_code == 204
    assert api.delete(url("curriculum-items", item_id)).status_code == 204
    actions = list(
        AuditEvent.objects.filter(object_type__startswith="curriculum.")
        .order_by("pk")
        .values_list("object_type", "action")
    )
    assert actions == [
        ("curriculum.curriculumitem", "create"),
        ("curriculum.curriculumitem", "update"),
        ("curriculum.teachingassignment", "create"),
        ("curriculum.teachingassignment", "delete"),
        ("curriculum.curriculumitem", "delete"),
    ]


def test_write_validation_uses_the_error_shape(api, world, rows):
    login(api, world.user("director"))
    payload = _item_payload(world, rows)
    payload["subject"] = rows["a"][1].subject_id  # already in the plan
    response = api.post(url("curriculum-items"), payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["message"]
    assert "fields" in body["extra"]
    both = {
        **_assignment_payload(world),
        "study_group": f.StudyGroupFactory.create(school_class=world.a.school_class).pk,
    }
    response = api.post(url("teaching-assignments"), both, format="json")
    assert response.status_code == 400
    response = api.post(
        url("curriculum-items"),
        {**_item_payload(world, rows), "hours_per_week": "0"},
        format="json",
    )
    assert response.status_code == 400


def test_write_needs_the_password_changed(api, world, rows):
    user = world.user("director")
    user.must_change_password = True
    user.save()
    login(api, user)
    response = api.post(url("curriculum-items"), _item_payload(world, rows), format="json")
    assert response.status_code == 403
    assert response.json()["extra"]["code"] == "password_change_required"


CHECK = "/api/v1/teaching-load/check/"


@pytest.mark.parametrize(("who", "home"), MATRIX)
def test_load_check_matrix(api, world, rows, who, home):
    login(api, world.user(who, home))
    for key in ("a", "b"):
        sw = getattr(world, key)
        response = api.get(CHECK, {"school": sw.school.pk, "academic_year": sw.year.pk})
        reads = who in READ_WHOLE_SCHOOL and (
            who in ("superuser", "municipal_specialist") or home == key
        )
        if reads:
            assert response.status_code == 200, (who, home, key)
        else:
            assert response.status_code in (403, 404), (who, home, key, response.status_code)


def test_load_check_content(api, world, rows):
    login(api, world.user("deputy_director"))
    body = api.get(CHECK, {"school": world.a.school.pk}).json()
    assert body["academic_year"] == world.a.year.pk
    [class_check] = body["classes"]
    assert class_check["curriculum"] == rows["a"][0].pk
    assert [(p["missing"], p["surplus"]) for p in class_check["problems"]] == [("1.0", "0.0")]
    assert body["teachers"][0]["hours_per_week"] == "4.0"
    assert api.get(CHECK).status_code == 400
    assert api.get(CHECK, {"school": world.c_school.pk}).status_code == 404


@pytest.mark.parametrize("endpoint", ["curricula", "curriculum-items", "teaching-assignments"])
def test_list_query_counts(api, world, django_assert_max_num_queries, endpoint):
    sw = world.a
    subjects = _subjects(5)
    for i in range(30):
        school_class = f.SchoolClassFactory.create(
            period_set=sw.period_set, grade=5, letter=f"Ю{i}"
        )
        plan = f.CurriculumFactory.create(
            academic_year=sw.year, grade=None, school_class=school_class, name=f"И{i}"
        )
        for subject in subjects[:2]:
            f.CurriculumItemFactory.create(curriculum=plan, subject=subject)
        TeachingAssignment.objects.create(
            school=sw.school,
            academic_year=sw.year,
            teacher=sw.class_teacher,
            subject=subjects[i % 5],
            school_class=school_class,
            hours_per_week=1,
        )
    login(api, world.user("director"))
    api.get(url(endpoint))
    with django_assert_max_num_queries(10):
        response = api.get(url(endpoint))
    assert response.json()["count"] >= 30
    with django_assert_max_num_queries(14):
        assert api.get(CHECK, {"school": sw.school.pk}).status_code == 200
