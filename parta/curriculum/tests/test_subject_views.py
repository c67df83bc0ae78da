"""Subjects: the federal list (read-only, shared) plus the school's own subjects, which the
school administration creates, edits and deactivates."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.records import record_create
from parta.core.testing.matrix import ADMINS, EVERYONE, READ_WHOLE_SCHOOL, check_matrix
from parta.curriculum.models import Subject


@pytest.fixture
def own(world):
    """A subject of each school's own."""
    return {
        sw.school.pk: Subject.objects.create(school=sw.school, name="Шахматы", short_name="Шахм")
        for sw in (world.a, world.b)
    }


def _federal():
    return Subject.objects.federal().order_by("name").first()


def test_the_federal_catalogue_is_seeded(db):
    assert Subject.objects.federal().count() >= 20


def test_subject_list_matrix(client, world):
    check_matrix(
        client,
        world,
        lambda sw: reverse("curriculum:subject_list", args=[sw.school.pk]),
        allowed=READ_WHOLE_SCHOOL,
    )


def test_subject_form_pages_matrix(client, world, own):
    check_matrix(
        client,
        world,
        lambda sw: reverse("curriculum:subject_create", args=[sw.school.pk]),
        allowed=ADMINS,
    )
    check_matrix(
        client,
        world,
        lambda sw: reverse("curriculum:subject_edit", args=[sw.school.pk, own[sw.school.pk].pk]),
        allowed=ADMINS,
    )


def test_subject_posts_matrix(client, world, own):
    before = list(Subject.objects.values_list("pk", "name", "is_active"))
    denied = EVERYONE - ADMINS
    check_matrix(
        client,
        world,
        lambda sw: reverse("curriculum:subject_create", args=[sw.school.pk]),
        allowed=set(),
        who=denied,
        method="post",
        data={"name": "Робототехника", "is_active": "on"},
    )
    check_matrix(
        client,
        world,
        lambda sw: reverse("curriculum:subject_edit", args=[sw.school.pk, own[sw.school.pk].pk]),
        allowed=set(),
        who=denied,
        method="post",
        data={"name": "Взломано"},
    )
    assert list(Subject.objects.values_list("pk", "name", "is_active")) == before
    check_matrix(
        client,
        world,
        lambda sw: reverse("curriculum:subject_edit", args=[sw.school.pk, own[sw.school.pk].pk]),
        allowed=ADMINS,
        who=ADMINS,
        method="post",
        data={"name": "Шахматы", "short_name": "Шахм", "is_active": "on"},
        ok=(302,),
    )


def test_list_shows_federal_rows_read_only_and_own_rows_editable(client, world, own):
    client.force_login(world.user("director"))
    response = client.get(reverse("curriculum:subject_list", args=[world.a.school.pk]))
    rows = response.context["rows"]
    objects = [obj for obj, _values in rows]
    assert own[world.a.school.pk] in objects
    assert own[world.b.school.pk] not in objects
    federal = [obj for obj in objects if obj.is_federal]
    assert federal
    assert response.context["read_only_pks"] == {obj.pk for obj in federal}
    body = response.content.decode()
    assert (
        reverse("curriculum:subject_edit", args=[world.a.school.pk, own[world.a.school.pk].pk])
        in body
    )
    assert reverse("curriculum:subject_edit", args=[world.a.school.pk, federal[0].pk]) not in body
    assert "federal" in body


def test_list_filters_by_source(client, world, own):
    client.force_login(world.user("director"))
    url = reverse("curriculum:subject_list", args=[world.a.school.pk])
    rows = client.get(url, {"source": "school"}).context["rows"]
    assert [obj for obj, _values in rows] == [own[world.a.school.pk]]
    rows = client.get(url, {"source": "federal"}).context["rows"]
    assert all(obj.is_federal for obj, _values in rows)


def test_federal_subject_cannot_be_edited(client, world):
    federal = _federal()
    client.force_login(world.user("director"))
    url = reverse("curriculum:subject_edit", args=[world.a.school.pk, federal.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Переименовано", "is_active": ""}).status_code == 404
    federal.refresh_from_db()
    assert federal.name != "Переименовано"
    assert federal.is_active


def test_another_schools_subject_cannot_be_edited(client, world, own):
    client.force_login(world.user("director"))
    url = reverse("curriculum:subject_edit", args=[world.a.school.pk, own[world.b.school.pk].pk])
    assert client.post(url, {"name": "Моё"}).status_code == 404


def test_admin_creates_and_deactivates_a_subject(client, world):
    client.force_login(world.user("deputy_director"))
    response = client.post(
        reverse("curriculum:subject_create", args=[world.a.school.pk]),
        {"name": "  Робототехника  ", "short_name": "Робот", "is_active": "on"},
    )
    assert response.status_code == 302
    subject = Subject.objects.get(school=world.a.school, name="Робототехника")
    response = client.post(
        reverse("curriculum:subject_edit", args=[world.a.school.pk, subject.pk]),
        {"name": "Робототехника", "short_name": "Робот"},
    )
    assert response.status_code == 302
    subject.refresh_from_db()
    assert not subject.is_active
    assert list(
        AuditEvent.objects.filter(object_type="curriculum.subject").values_list("action", flat=True)
    ) == ["update", "create"]


@pytest.mark.parametrize("case", ["federal", "federal_other_case", "own_duplicate"])
def test_subject_name_clash_is_refused_with_a_message(client, world, own, case):
    federal = _federal()
    name, message = {
        "federal": (federal.name, "is already in the federal list"),
        "federal_other_case": (f" {federal.name.upper()} ", "is already in the federal list"),
        "own_duplicate": ("шахматы", "The school already has a subject named “Шахматы”"),
    }[case]
    client.force_login(world.user("director"))
    before = Subject.objects.count()
    response = client.post(
        reverse("curriculum:subject_create", args=[world.a.school.pk]),
        {"name": name, "is_active": "on"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Subject.objects.count() == before


def test_same_name_in_another_school_is_fine(world, own):
    # school B's own "Шахматы" exists; school C may have one too
    record_create(actor=Actor(user=None), instance=Subject(school=world.c_school, name="Шахматы"))


def test_the_model_refuses_a_copy_of_a_federal_subject(world):
    with pytest.raises(ValidationError) as info:
        Subject(school=world.a.school, name=_federal().name).full_clean()
    assert "name" in info.value.message_dict


def test_subject_list_query_count(client, world, django_assert_max_num_queries):
    client.force_login(world.user("director"))
    url = reverse("curriculum:subject_list", args=[world.a.school.pk])
    client.get(url)
    Subject.objects.bulk_create(Subject(school=world.a.school, name=f"Курс {n}") for n in range(30))
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
