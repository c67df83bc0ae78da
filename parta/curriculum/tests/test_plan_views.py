"""Pages of curricula and the teaching load: the role matrix, writes, denied writes changing
nothing, and constant query counts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ADMINS, EVERYONE, READ_WHOLE_SCHOOL, check_matrix
from parta.curriculum.models import Curriculum, CurriculumItem, Subject, TeachingAssignment

DENIED_WRITERS = EVERYONE - ADMINS


def _subjects(n):
    return list(Subject.objects.federal().order_by("name")[:n])


@pytest.fixture
def plans(world):
    """A grade-5 plan with one line and a load row in each school."""
    subject = _subjects(1)[0]
    found = {}
    for sw in (world.a, world.b):
        plan = f.CurriculumFactory.create(academic_year=sw.year, grade=5, name="5 классы")
        item = f.CurriculumItemFactory.create(curriculum=plan, subject=subject, hours_per_week=5)
        load = TeachingAssignment.objects.create(
            school=sw.school,
            academic_year=sw.year,
            teacher=sw.class_teacher,
            subject=subject,
            school_class=sw.school_class,
            hours_per_week=4,
        )
        found[sw.school.pk] = (plan, item, load)
    return found


def _state():
    return (
        list(Curriculum.objects.order_by("pk").values_list("pk", "name", "grade")),
        list(CurriculumItem.objects.order_by("pk").values_list("pk", "hours_per_week")),
        list(TeachingAssignment.objects.order_by("pk").values_list("pk", "hours_per_week")),
    )


@pytest.mark.parametrize("name", ["curriculum_list", "assignment_list", "load_check"])
def test_read_pages_matrix(client, world, plans, name):
    check_matrix(
        client,
        world,
        lambda sw: reverse(f"curriculum:{name}", args=[sw.school.pk]),
        allowed=READ_WHOLE_SCHOOL,
    )


@pytest.mark.parametrize(
    "url_for",
    [
        lambda sw, p: reverse("curriculum:curriculum_create", args=[sw.school.pk]),
        lambda sw, p: reverse("curriculum:curriculum_copy", args=[sw.school.pk]),
        lambda sw, p: reverse("curriculum:curriculum_edit", args=[sw.school.pk, p[0].pk]),
        lambda sw, p: reverse("curriculum:curriculum_delete", args=[sw.school.pk, p[0].pk]),
        lambda sw, p: reverse("curriculum:item_edit", args=[sw.school.pk, p[0].pk, p[1].pk]),
        lambda sw, p: reverse("curriculum:assignment_create", args=[sw.school.pk]),
        lambda sw, p: reverse("curriculum:assignment_edit", args=[sw.school.pk, p[2].pk]),
        lambda sw, p: reverse("curriculum:assignment_delete", args=[sw.school.pk, p[2].pk]),
    ],
)
def test_admin_pages_matrix(client, world, plans, url_for):
    check_matrix(client, world, lambda sw: url_for(sw, plans[sw.school.pk]), allowed=ADMINS)


def test_my_load_matrix(client, world, plans):
    check_matrix(
        client,
        world,
        lambda sw: reverse("curriculum:my_load", args=[sw.school.pk]),
        allowed={"teacher", "teacher_no_class"},
        other_school_allowed=set(),
    )


def test_my_load_shows_only_own_rows(client, world, plans):
    client.force_login(world.user("teacher"))
    response = client.get(reverse("curriculum:my_load", args=[world.a.school.pk]))
    assert [row.pk for row in response.context["rows"]] == [plans[world.a.school.pk][2].pk]
    assert response.context["total"] == Decimal(4)
    client.force_login(world.user("teacher_no_class"))
    response = client.get(reverse("curriculum:my_load", args=[world.a.school.pk]))
    assert response.context["rows"] == []


def test_denied_posts_change_nothing(client, world, plans):
    before = _state()
    subject = _subjects(2)[1]
    cases = [
        (
            lambda sw, p: reverse("curriculum:curriculum_create", args=[sw.school.pk]),
            lambda sw: {"name": "X", "academic_year": sw.year.pk, "grade": 6},
        ),
        (
            lambda sw, p: reverse("curriculum:curriculum_edit", args=[sw.school.pk, p[0].pk]),
            lambda sw: {"name": "Взломано", "academic_year": sw.year.pk, "grade": 5},
        ),
        (
            lambda sw, p: reverse("curriculum:curriculum_delete", args=[sw.school.pk, p[0].pk]),
            lambda sw: {},
        ),
        (
            lambda sw, p: reverse("curriculum:item_create", args=[sw.school.pk, p[0].pk]),
            lambda sw: {
                "subject": subject.pk,
                "hours_per_week": "1",
                "part": "mandatory",
                "attestation_form": "average",
            },
        ),
        (
            lambda sw, p: reverse("curriculum:item_edit", args=[sw.school.pk, p[0].pk, p[1].pk]),
            lambda sw: {
                "subject": subject.pk,
                "hours_per_week": "9",
                "part": "mandatory",
                "attestation_form": "average",
            },
        ),
        (
            lambda sw, p: reverse("curriculum:item_delete", args=[sw.school.pk, p[0].pk, p[1].pk]),
            lambda sw: {},
        ),
        (
            lambda sw, p: reverse("curriculum:assignment_create", args=[sw.school.pk]),
            lambda sw: {
                "academic_year": sw.year.pk,
                "teacher": sw.class_teacher.pk,
                "subject": subject.pk,
                "school_class": sw.school_class.pk,
                "hours_per_week": "2",
            },
        ),
        (
            lambda sw, p: reverse("curriculum:assignment_edit", args=[sw.school.pk, p[2].pk]),
            lambda sw: {
                "academic_year": sw.year.pk,
                "teacher": sw.class_teacher.pk,
                "subject": subject.pk,
                "school_class": sw.school_class.pk,
                "hours_per_week": "9",
            },
        ),
        (
            lambda sw, p: reverse("curriculum:assignment_delete", args=[sw.school.pk, p[2].pk]),
            lambda sw: {},
        ),
        (
            lambda sw, p: reverse("curriculum:curriculum_copy", args=[sw.school.pk]),
            lambda sw: {"source_year": sw.year.pk, "target_year": sw.year.pk},
        ),
    ]
    for url_for, data_for in cases:
        for name in DENIED_WRITERS:
            client.force_login(world.user(name))
            for sw in (world.a, world.b):
                response = client.post(url_for(sw, plans[sw.school.pk]), data_for(sw))
                assert response.status_code in (403, 404), (name, response.status_code)
        # admins of school A cannot write in school B either
        client.force_login(world.user("director"))
        response = client.post(url_for(world.b, plans[world.b.school.pk]), data_for(world.b))
        assert response.status_code == 404
    assert _state() == before


def test_admin_builds_a_plan_on_one_page(client, world):
    sw = world.a
    math, eng = _subjects(2)
    client.force_login(world.user("deputy_director"))
    response = client.post(
        reverse("curriculum:curriculum_create", args=[sw.school.pk]),
        {"name": "5 классы", "academic_year": sw.year.pk, "grade": 5},
    )
    assert response.status_code == 302
    plan = Curriculum.objects.get(school=sw.school)
    edit_url = reverse("curriculum:curriculum_edit", args=[sw.school.pk, plan.pk])
    assert response["Location"] == edit_url
    add_url = reverse("curriculum:item_create", args=[sw.school.pk, plan.pk])
    line = {
        "subject": math.pk,
        "hours_per_week": "5",
        "part": "mandatory",
        "attestation_form": "test",
    }
    assert client.post(add_url, line).status_code == 302
    assert (
        client.post(add_url, {**line, "subject": eng.pk, "hours_per_week": "0.5"}).status_code
        == 302
    )
    # duplicate subject: refused with a message
    response = client.post(add_url, line)
    assert response.status_code == 200
    assert "already has this subject" in response.content.decode()
    response = client.get(edit_url)
    body = response.content.decode()
    assert response.context["totals"].weekly == Decimal("5.5")
    assert "187 hours per year" in body
    assert "fewer than the federal minimum" in body
    item = CurriculumItem.objects.get(curriculum=plan, subject=eng)
    response = client.post(
        reverse("curriculum:item_edit", args=[sw.school.pk, plan.pk, item.pk]),
        {**line, "subject": eng.pk, "hours_per_week": "3"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.hours_per_week == Decimal(3)
    response = client.post(reverse("curriculum:item_delete", args=[sw.school.pk, plan.pk, item.pk]))
    assert response.status_code == 302
    assert list(plan.items.values_list("subject", flat=True)) == [math.pk]
    assert AuditEvent.objects.filter(object_type="curriculum.curriculumitem").count() == 4
    response = client.post(reverse("curriculum:curriculum_delete", args=[sw.school.pk, plan.pk]))
    assert response.status_code == 302
    assert not Curriculum.objects.filter(pk=plan.pk).exists()


def test_copy_page_reports(client, world, plans):
    sw = world.a
    target = f.AcademicYearFactory.create(
        school=sw.school,
        start_date=sw.year.start_date.replace(year=sw.year.start_date.year + 1),
        end_date=sw.year.end_date.replace(year=sw.year.end_date.year + 1),
        name="next",
    )
    client.force_login(world.user("director"))
    url = reverse("curriculum:curriculum_copy", args=[sw.school.pk])
    response = client.post(url, {"source_year": sw.year.pk, "target_year": target.pk})
    assert response.status_code == 200
    assert len(response.context["report"].created) == 1
    assert Curriculum.objects.filter(academic_year=target).count() == 1
    response = client.post(url, {"source_year": sw.year.pk, "target_year": sw.year.pk})
    assert "Choose a different target year." in response.content.decode()


def test_assignment_create_and_filters(client, world, plans):
    sw = world.a
    eng = _subjects(2)[1]
    group = f.StudyGroupFactory.create(school_class=sw.school_class, subject=eng, name="Англ 1")
    client.force_login(world.user("secretary"))
    response = client.post(
        reverse("curriculum:assignment_create", args=[sw.school.pk]),
        {
            "academic_year": sw.year.pk,
            "teacher": sw.class_teacher.pk,
            "subject": eng.pk,
            "study_group": group.pk,
            "hours_per_week": "3",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    url = reverse("curriculum:assignment_list", args=[sw.school.pk])
    rows = client.get(url, {"school_class": sw.school_class.pk}).context["rows"]
    assert len(rows) == 2
    rows = client.get(url, {"subject": eng.pk}).context["rows"]
    assert [obj.study_group for obj, _v in rows] == [group]
    # a subject that does not match the group is refused
    response = client.post(
        reverse("curriculum:assignment_create", args=[sw.school.pk]),
        {
            "academic_year": sw.year.pk,
            "teacher": sw.class_teacher.pk,
            "subject": _subjects(1)[0].pk,
            "study_group": group.pk,
            "hours_per_week": "3",
        },
    )
    assert response.status_code == 200
    assert "formed for another subject" in response.content.decode()


def test_load_check_page(client, world, plans):
    client.force_login(world.user("municipal_specialist"))
    response = client.get(reverse("curriculum:load_check", args=[world.a.school.pk]))
    check = response.context["check"]
    [class_check] = check.classes
    assert [line.line.missing for line in class_check.problems] == [Decimal(1)]
    assert check.teachers[0].total == Decimal(4)


def _many(world, n=30):
    sw = world.a
    subjects = list(Subject.objects.federal().order_by("name")[:n])
    for i in range(n):
        school_class = f.SchoolClassFactory.create(
            period_set=sw.period_set, grade=(i % 11) + 1, letter=f"Я{i}"
        )
        teacher = f.StaffMemberFactory.create(school=sw.school)
        TeachingAssignment.objects.create(
            school=sw.school,
            academic_year=sw.year,
            teacher=teacher,
            subject=subjects[i % len(subjects)],
            school_class=school_class,
            hours_per_week=2,
        )
        if i < 11:
            plan = f.CurriculumFactory.create(academic_year=sw.year, grade=i + 1, name=f"П{i}")
            for subject in subjects[:3]:
                f.CurriculumItemFactory.create(curriculum=plan, subject=subject)
        else:
            plan = f.CurriculumFactory.create(
                academic_year=sw.year, grade=None, school_class=school_class, name=f"И{i}"
            )
            f.CurriculumItemFactory.create(curriculum=plan, subject=subjects[0])


@pytest.mark.parametrize("name", ["curriculum_list", "assignment_list", "load_check", "my_load"])
def test_list_query_counts_are_constant(client, world, django_assert_max_num_queries, name):
    _many(world)
    who = "teacher" if name == "my_load" else "director"
    client.force_login(world.user(who))
    url = reverse(f"curriculum:{name}", args=[world.a.school.pk])
    client.get(url)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
