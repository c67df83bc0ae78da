from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from parta.core.testing import factories as f
from parta.core.testing.matrix import ADMINS, READ_WHOLE_SCHOOL, check_matrix
from parta.core.testing.world import SchoolWorld, World
from parta.thematic.models import PlanTopic, ThematicPlan
from parta.thematic.tests.conftest import lessons, topics, xlsx

READERS = READ_WHOLE_SCHOOL | {"teacher", "teacher_no_class"}
WRITERS = ADMINS | {"teacher", "teacher_no_class"}
EDITORS = ADMINS | {"teacher"}


@pytest.fixture
def plans(world: World) -> dict[str, ThematicPlan]:
    """The maths plan of 5А in each school, taught by the class teacher (user "teacher")."""
    made = {}
    for key in ("a", "b"):
        sw: SchoolWorld = getattr(world, key)
        plan = f.ThematicPlanFactory.create(school_class=sw.school_class, teacher=sw.class_teacher)
        topics(plan, [1, 2])
        made[key] = plan
    return made


def _url(name: str, plans: dict[str, ThematicPlan], *extra: Any) -> Any:
    def url_for(sw: SchoolWorld) -> str:
        plan = plans["a"] if sw.school == plans["a"].school else plans["b"]
        args = [sw.school.pk, plan.pk, *[e(plan) if callable(e) else e for e in extra]]
        return reverse(f"thematic:{name}", args=args)

    return url_for


def _school_url(name: str) -> Any:
    return lambda sw: reverse(f"thematic:{name}", args=[sw.school.pk])


def _first_topic(plan: ThematicPlan) -> int:
    return int(PlanTopic.objects.filter(plan=plan).order_by("position").first().pk)  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["plan_list", "template_file"])
def test_school_pages_matrix(client: Client, world: World, name: str) -> None:
    check_matrix(client, world, _school_url(name), allowed=READERS)


@pytest.mark.parametrize("name", ["plan_create", "template_create"])
def test_create_pages_matrix(client: Client, world: World, name: str) -> None:
    check_matrix(client, world, _school_url(name), allowed=WRITERS)


@pytest.mark.parametrize("name", ["plan_detail", "plan_export"])
def test_plan_read_pages_matrix(
    client: Client, world: World, plans: dict[str, ThematicPlan], name: str
) -> None:
    check_matrix(client, world, _url(name, plans), allowed=READERS)


@pytest.mark.parametrize("name", ["plan_edit", "plan_delete", "plan_import"])
def test_plan_edit_pages_matrix(
    client: Client, world: World, plans: dict[str, ThematicPlan], name: str
) -> None:
    check_matrix(client, world, _url(name, plans), allowed=EDITORS)


@pytest.mark.parametrize("name", ["topic_edit"])
def test_topic_edit_matrix(
    client: Client, world: World, plans: dict[str, ThematicPlan], name: str
) -> None:
    check_matrix(client, world, _url(name, plans, _first_topic), allowed=EDITORS)


def test_apply_template_page_matrix(client: Client, world: World) -> None:
    templates = {
        key: f.ThematicPlanFactory.create(
            school_class=None,
            school=getattr(world, key).school,
            academic_year=getattr(world, key).year,
            grade=5,
            is_template=True,
            teacher=None,
        )
        for key in ("a", "b")
    }
    check_matrix(client, world, _url("template_apply", templates), allowed=ADMINS)


def _snapshot() -> list[tuple[Any, ...]]:
    return list(
        PlanTopic.objects.order_by("pk").values_list("pk", "plan_id", "position", "title", "hours")
    ) + list(ThematicPlan.objects.order_by("pk").values_list("pk", "teacher_id", "name"))


@pytest.mark.parametrize(
    ("name", "extra", "data"),
    [
        ("topic_add", (), {"new-title": "Новая", "new-hours": "1"}),
        ("topic_edit", (_first_topic,), {"title": "Изменённая", "hours": "1"}),
        ("topic_delete", (_first_topic,), {}),
        ("topic_move", (_first_topic,), {"direction": "down"}),
        ("plan_bind", (), {}),
        ("plan_delete", (), {}),
    ],
)
def test_writes_by_the_denied_change_nothing(
    client: Client,
    world: World,
    plans: dict[str, ThematicPlan],
    name: str,
    extra: tuple[Any, ...],
    data: dict[str, str],
) -> None:
    # given every denied user, in their school and in the other one
    before = _snapshot()
    url_for = _url(name, plans, *extra)
    if name == "topic_edit":
        topic = _first_topic(plans["a"])
        data = {f"t{topic}-{key}": value for key, value in data.items()}
    check_matrix(
        client,
        world,
        url_for,
        allowed=set(),
        method="post",
        data=data,
        who=["hr_officer", "teacher_no_class", "student", "parent", "municipal_specialist"],
    )
    # then nothing changed
    assert _snapshot() == before


def test_the_owner_edits_a_topic_inline(
    client: Client, world: World, plans: dict[str, ThematicPlan]
) -> None:
    plan = plans["a"]
    topic = PlanTopic.objects.get(plan=plan, position=1)
    client.force_login(world.user("teacher"))
    url = reverse("thematic:topic_edit", args=[plan.school_id, plan.pk, topic.pk])
    # the form row comes in place of the display row
    form = client.get(url, headers={"hx-request": "true"})
    assert f'name="t{topic.pk}-title"' in form.content.decode()
    # an invalid value keeps the form with the error
    bad = client.post(
        url, {f"t{topic.pk}-title": "", f"t{topic.pk}-hours": "1"}, headers={"hx-request": "true"}
    )
    assert "This field is required." in bad.content.decode()
    # a good one answers the display row
    good = client.post(
        url,
        {f"t{topic.pk}-title": "Дроби", f"t{topic.pk}-hours": "1.5"},
        headers={"hx-request": "true"},
    )
    assert good.status_code == 200
    assert "Дроби" in good.content.decode()
    topic.refresh_from_db()
    assert (topic.title, topic.hours) == ("Дроби", Decimal("1.5"))


def test_adding_and_moving_topics(
    client: Client, world: World, plans: dict[str, ThematicPlan]
) -> None:
    plan = plans["a"]
    client.force_login(world.user("deputy_director"))
    args = [plan.school_id, plan.pk]
    response = client.post(
        reverse("thematic:topic_add", args=args),
        {"new-title": "Вводный урок", "new-hours": "1", "position": "1"},
    )
    assert response.status_code == 302
    first = PlanTopic.objects.get(plan=plan, position=1)
    assert first.title == "Вводный урок"
    client.post(reverse("thematic:topic_move", args=[*args, first.pk]), {"direction": "down"})
    assert PlanTopic.objects.get(plan=plan, position=2).title == "Вводный урок"
    # an invalid topic shows the page again with the error and adds nothing
    bad = client.post(reverse("thematic:topic_add", args=args), {"new-title": "", "new-hours": "0"})
    assert bad.status_code == 200
    assert PlanTopic.objects.filter(plan=plan).count() == 3


def test_a_teacher_creates_a_plan_for_themself(client: Client, world: World) -> None:
    a = world.a
    client.force_login(world.user("teacher_no_class"))
    physics = f.federal_subject("Физика")
    response = client.post(
        reverse("thematic:plan_create", args=[a.school.pk]),
        {"academic_year": a.year.pk, "subject": physics.pk, "school_class": a.school_class.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = ThematicPlan.objects.get(subject=physics)
    assert plan.teacher is not None
    assert plan.teacher.person.user == world.user("teacher_no_class")
    assert plan.grade == 5


def test_import_preview_then_confirm(
    client: Client, world: World, plans: dict[str, ThematicPlan]
) -> None:
    plan = plans["a"]
    lessons(plan, 3)
    client.force_login(world.user("teacher"))
    url = reverse("thematic:plan_import", args=[plan.school_id, plan.pk])
    confirm = reverse("thematic:plan_import_confirm", args=[plan.school_id, plan.pk])
    # a file with an error: the preview lists it and nothing is written
    bad = xlsx([[1, "", "Тема", "x"]])
    response = client.post(url, {"file": SimpleUploadedFile("ktp.xlsx", bad), "mode": "replace"})
    page = response.content.decode()
    assert "Row 2, column D (Часы)" in page
    assert "Confirm the import" not in page
    assert client.post(confirm, {"token": "forged"}).status_code == 302
    assert PlanTopic.objects.filter(plan=plan).count() == 2
    # a good file: the preview, then the confirm writes and binds
    good = xlsx([[1, "Раздел", "Первая", 1], [2, "Раздел", "Вторая", 2]])
    response = client.post(url, {"file": SimpleUploadedFile("ktp.xlsx", good), "mode": "replace"})
    assert "Confirm the import" in response.content.decode()
    assert PlanTopic.objects.filter(plan=plan).count() == 2
    token = response.context["token"]
    done = client.post(confirm, {"token": token})
    assert done.status_code == 302
    assert list(
        PlanTopic.objects.filter(plan=plan).order_by("position").values_list("title", flat=True)
    ) == ["Первая", "Вторая"]
    # the token is used up
    client.post(confirm, {"token": token})
    assert PlanTopic.objects.filter(plan=plan).count() == 2


def test_export_download(client: Client, world: World, plans: dict[str, ThematicPlan]) -> None:
    plan = plans["a"]
    client.force_login(world.user("municipal_specialist"))
    response = client.get(reverse("thematic:plan_export", args=[plan.school_id, plan.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content.startswith(b"PK")


def test_the_list_costs_a_fixed_number_of_queries(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    a = world.a
    for index in range(30):
        subject = f.federal_subject(f"Предмет {index}")
        plan = f.ThematicPlanFactory.create(
            school_class=a.school_class, teacher=a.class_teacher, subject=subject
        )
        topics(plan, [1])
    client.force_login(world.user("teacher"))
    url = reverse("thematic:plan_list", args=[a.school.pk])
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert len(response.context["rows"]) == 25
    assert response.context["rows"][0][0].mine == 0


def test_the_plan_page_costs_a_fixed_number_of_queries(
    client: Client, world: World, plans: dict[str, ThematicPlan], django_assert_max_num_queries: Any
) -> None:
    plan = plans["a"]
    PlanTopic.objects.filter(plan=plan).delete()
    topics(plan, [1] * 60)
    lessons(plan, 80)
    client.force_login(world.user("teacher"))
    url = reverse("thematic:plan_detail", args=[plan.school_id, plan.pk])
    with django_assert_max_num_queries(22):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["topics"]) == 60


def test_list_filters(client: Client, world: World, plans: dict[str, ThematicPlan]) -> None:
    a = world.a
    physics = f.ThematicPlanFactory.create(
        school_class=a.school_class, subject=f.federal_subject("Физика"), teacher=None
    )
    client.force_login(world.user("director"))
    url = reverse("thematic:plan_list", args=[a.school.pk])

    def listed(**params: Any) -> set[int]:
        return {row[0].pk for row in client.get(url, params).context["rows"]}

    assert listed() == {plans["a"].pk, physics.pk}
    assert listed(subject=physics.subject_id) == {physics.pk}
    assert listed(teacher=a.class_teacher.pk) == {plans["a"].pk}
    assert listed(school_class=a.school_class.pk, academic_year=a.year.pk, grade=5) == {
        plans["a"].pk,
        physics.pk,
    }
    assert listed(grade=6) == set()


@pytest.mark.parametrize(
    ("name", "extra"),
    [
        ("topic_add", ()),
        ("topic_delete", (_first_topic,)),
        ("topic_move", (_first_topic,)),
        ("plan_bind", ()),
        ("template_reapply", ()),
        ("plan_import_confirm", ()),
    ],
)
def test_post_only_pages_refuse_get(
    client: Client,
    world: World,
    plans: dict[str, ThematicPlan],
    name: str,
    extra: tuple[Any, ...],
) -> None:
    client.force_login(world.user("director"))
    assert client.get(_url(name, plans, *extra)(world.a)).status_code == 405
