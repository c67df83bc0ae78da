"""Academic years: list, create, edit; no overlap with another year of the school."""

import datetime

from django.urls import reverse

from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ADMINS, EVERYONE, READ_WHOLE_SCHOOL, check_matrix
from parta.organizations.models import AcademicYear


def test_year_list_matrix(client, world):
    check_matrix(
        client,
        world,
        lambda sw: reverse("organizations:year_list", args=[sw.school.pk]),
        allowed=READ_WHOLE_SCHOOL,
    )


def test_year_form_pages_matrix(client, world):
    check_matrix(
        client,
        world,
        lambda sw: reverse("organizations:year_create", args=[sw.school.pk]),
        allowed=ADMINS,
    )
    check_matrix(
        client,
        world,
        lambda sw: reverse("organizations:year_edit", args=[sw.school.pk, sw.year.pk]),
        allowed=ADMINS,
    )


def _next_year(world):
    start = world.a.year.end_date + datetime.timedelta(days=93)
    return {
        "name": f"{start.year}/{start.year + 1}",
        "start_date": start.isoformat(),
        "end_date": datetime.date(start.year + 1, 5, 31).isoformat(),
    }


def test_year_posts_matrix(client, world):
    before = list(AcademicYear.objects.values_list("pk", "name", "start_date", "end_date"))
    check_matrix(
        client,
        world,
        lambda sw: reverse("organizations:year_create", args=[sw.school.pk]),
        allowed=set(),
        who=EVERYONE - ADMINS,
        method="post",
        data=_next_year(world),
    )
    check_matrix(
        client,
        world,
        lambda sw: reverse("organizations:year_edit", args=[sw.school.pk, sw.year.pk]),
        allowed=set(),
        who=EVERYONE - ADMINS,
        method="post",
        data={"name": "hacked", "start_date": "2000-09-01", "end_date": "2001-05-31"},
    )
    assert list(AcademicYear.objects.values_list("pk", "name", "start_date", "end_date")) == before
    # admins save the same values: a redirect for each of them
    year = world.a.year
    same = {
        "name": year.name,
        "start_date": year.start_date.isoformat(),
        "end_date": year.end_date.isoformat(),
    }
    check_matrix(
        client,
        world,
        lambda sw: reverse("organizations:year_edit", args=[sw.school.pk, sw.year.pk]),
        allowed=ADMINS,
        who=ADMINS - {"superuser"},
        method="post",
        data=same,
        ok=(302,),
    )


def test_admin_creates_the_next_year(client, world):
    client.force_login(world.user("director"))
    response = client.post(
        reverse("organizations:year_create", args=[world.a.school.pk]), _next_year(world)
    )
    assert response.status_code == 302
    year = AcademicYear.objects.get(school=world.a.school, name=_next_year(world)["name"])
    assert AuditEvent.objects.filter(
        object_type="organizations.academicyear", object_id=str(year.pk), action="create"
    ).exists()


def test_overlapping_year_is_refused_with_its_name(client, world):
    client.force_login(world.user("director"))
    before = AcademicYear.objects.count()
    start = world.a.year.start_date + datetime.timedelta(days=100)
    response = client.post(
        reverse("organizations:year_create", args=[world.a.school.pk]),
        {
            "name": "clash",
            "start_date": start.isoformat(),
            "end_date": (start + datetime.timedelta(days=300)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert f"overlap the academic year {world.a.year.name}" in response.content.decode()
    assert AcademicYear.objects.count() == before


def test_year_end_before_start_is_refused(client, world):
    client.force_login(world.user("director"))
    before = AcademicYear.objects.count()
    response = client.post(
        reverse("organizations:year_create", args=[world.a.school.pk]),
        {"name": "backwards", "start_date": "2040-05-31", "end_date": "2039-09-01"},
    )
    assert response.status_code == 200
    assert "must be later than its start" in response.content.decode()
    assert AcademicYear.objects.count() == before


def test_another_schools_year_is_not_found(client, world):
    client.force_login(world.user("director"))
    response = client.get(
        reverse("organizations:year_edit", args=[world.a.school.pk, world.b.year.pk])
    )
    assert response.status_code == 404


def test_year_list_query_count(client, world, django_assert_max_num_queries):
    client.force_login(world.user("director"))
    url = reverse("organizations:year_list", args=[world.a.school.pk])
    client.get(url)
    for n in range(30):
        f.AcademicYearFactory.create(
            school=world.a.school,
            name=f"{1990 + n}",
            start_date=datetime.date(1990 + n, 9, 1),
            end_date=datetime.date(1991 + n, 5, 31),
        )
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
