import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ALL_WHO, check_matrix
from parta.core.testing.world import SchoolWorld, World
from parta.thematic.models import PlanTopic, ThematicPlan
from parta.thematic.tests.conftest import lessons, topics, xlsx
from parta.thematic.tests.test_views import EDITORS, READERS

API = "/api/v1"


@pytest.fixture
def plans(world: World) -> dict[int, ThematicPlan]:
    made = {}
    for sw in (world.a, world.b):
        plan = f.ThematicPlanFactory.create(school_class=sw.school_class, teacher=sw.class_teacher)
        topics(plan, [1, 2])
        made[sw.school.pk] = plan
    return made


def _plan_url(plans: dict[int, ThematicPlan], suffix: str = "") -> Any:
    return lambda sw: f"{API}/thematic-plans/{plans[sw.school.pk].pk}/{suffix}"


def _topic_url(plans: dict[int, ThematicPlan]) -> Any:
    def url(sw: SchoolWorld) -> str:
        topic = PlanTopic.objects.filter(plan=plans[sw.school.pk]).order_by("position").first()
        assert topic is not None
        return f"{API}/plan-topics/{topic.pk}/"

    return url


def _state() -> list[Any]:
    return [
        list(PlanTopic.objects.order_by("pk").values_list("pk", "position", "title", "hours")),
        list(ThematicPlan.objects.order_by("pk").values_list("pk", "name", "teacher_id")),
        AuditEvent.objects.count(),
    ]


@pytest.mark.parametrize("suffix", ["", "hours/", "export/"])
def test_plan_reads_matrix(
    client: Client, world: World, plans: dict[int, ThematicPlan], suffix: str
) -> None:
    check_matrix(client, world, _plan_url(plans, suffix), allowed=READERS)


def test_topic_detail_matrix(client: Client, world: World, plans: dict[int, ThematicPlan]) -> None:
    check_matrix(client, world, _topic_url(plans), allowed=READERS)


def test_lists_show_only_readable_plans(
    client: Client, world: World, plans: dict[int, ThematicPlan]
) -> None:
    expected = {
        "teacher": {plans[world.a.school.pk].pk},
        "municipal_specialist": {p.pk for p in plans.values()},
        "student": set(),
        "parent": set(),
    }
    for who, ids in expected.items():
        client.force_login(world.user(who))
        rows = client.get(f"{API}/thematic-plans/").json()["results"]
        assert {row["id"] for row in rows} == ids, who
        topic_rows = client.get(f"{API}/plan-topics/").json()["results"]
        assert {row["plan"] for row in topic_rows} == ids, who


def test_plan_patch_matrix(client: Client, world: World, plans: dict[int, ThematicPlan]) -> None:
    check_matrix(
        client,
        world,
        _plan_url(plans),
        allowed=EDITORS,
        method="patch",
        data=json.dumps({"name": "КТП"}),
        content_type="application/json",
        other_school_allowed={"superuser"},
    )


def test_topic_patch_matrix(client: Client, world: World, plans: dict[int, ThematicPlan]) -> None:
    check_matrix(
        client,
        world,
        _topic_url(plans),
        allowed=EDITORS,
        method="patch",
        data=json.dumps({"hours": "2"}),
        content_type="application/json",
        other_school_allowed={"superuser"},
    )


def test_bind_matrix(client: Client, world: World, plans: dict[int, ThematicPlan]) -> None:
    check_matrix(
        client,
        world,
        _plan_url(plans, "bind/"),
        allowed=EDITORS,
        method="post",
        other_school_allowed={"superuser"},
    )


def test_denied_writes_change_nothing(
    client: Client, world: World, plans: dict[int, ThematicPlan]
) -> None:
    denied = set(ALL_WHO) - EDITORS
    before = _state()
    writes: list[tuple[Any, str, dict[str, Any] | None]] = [
        (_plan_url(plans), "patch", {"name": "x"}),
        (_plan_url(plans), "delete", None),
        (_topic_url(plans), "patch", {"title": "x"}),
        (_topic_url(plans), "delete", None),
        (_plan_url(plans, "reorder/"), "post", {"order": []}),
        (_plan_url(plans, "bind/"), "post", None),
    ]
    for url_for, method, data in writes:
        check_matrix(
            client,
            world,
            url_for,
            allowed=set(),
            who=denied,
            method=method,
            data=json.dumps(data) if data is not None else None,
            content_type="application/json",
        )
    for who in denied:
        client.force_login(world.user(who))
        response = client.post(
            f"{API}/thematic-plans/{plans[world.a.school.pk].pk}/import/",
            {"file": SimpleUploadedFile("k.xlsx", xlsx([[1, "", "Т", 1]])), "dry_run": "false"},
        )
        assert response.status_code in (403, 404), who
    assert _state() == before


def test_create_plan_and_topics(client: Client, world: World) -> None:
    a = world.a
    physics = f.federal_subject("Физика")
    client.force_login(world.user("teacher"))
    # a teacher creates a plan: they become its teacher, the grade follows the class
    response = client.post(
        f"{API}/thematic-plans/",
        {"academic_year": a.year.pk, "subject": physics.pk, "school_class": a.school_class.pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    plan = response.json()
    assert plan["teacher"] == a.class_teacher.pk
    assert plan["grade"] == 5
    # topics are added at a position
    url = f"{API}/plan-topics/"
    for title, position in (("Вторая", None), ("Первая", 1)):
        body: dict[str, Any] = {"plan": plan["id"], "title": title, "hours": "1"}
        if position:
            body["position"] = position
        created = client.post(url, body, content_type="application/json")
        assert created.status_code == 201, created.json()
    rows = client.get(url, {"plan": plan["id"]}).json()["results"]
    assert [(r["position"], r["title"]) for r in rows] == [(1, "Первая"), (2, "Вторая")]
    # a refused topic answers 400 with the message
    bad = client.post(
        url, {"plan": plan["id"], "title": "", "hours": "1"}, content_type="application/json"
    )
    assert bad.status_code == 400
    # reorder
    ids = [rows[1]["id"], rows[0]["id"]]
    assert (
        client.post(
            f"{API}/thematic-plans/{plan['id']}/reorder/",
            {"order": ids},
            content_type="application/json",
        ).status_code
        == 204
    )
    rows = client.get(url, {"plan": plan["id"]}).json()["results"]
    assert [r["title"] for r in rows] == ["Вторая", "Первая"]


def test_students_cannot_create_plans(client: Client, world: World) -> None:
    a = world.a
    for who in ("student", "parent", "hr_officer", "municipal_specialist"):
        client.force_login(world.user(who))
        response = client.post(
            f"{API}/thematic-plans/",
            {
                "academic_year": a.year.pk,
                "subject": f.federal_subject().pk,
                "school_class": a.school_class.pk,
            },
            content_type="application/json",
        )
        assert response.status_code in (400, 403), who
    assert not ThematicPlan.objects.exists()


def test_import_dry_run_then_write(
    client: Client, world: World, plans: dict[int, ThematicPlan]
) -> None:
    plan = plans[world.a.school.pk]
    lessons(plan, 2)
    client.force_login(world.user("teacher"))
    url = f"{API}/thematic-plans/{plan.pk}/import/"
    # errors come back as JSON with row and column, nothing written
    bad = client.post(url, {"file": SimpleUploadedFile("k.xlsx", xlsx([[1, "", "", 1]]))})
    assert bad.status_code == 400
    [error] = bad.json()["errors"]
    assert (error["row"], error["column"], error["message"]) == (2, "C", "the topic is empty.")
    # a dry run of a good file lists the rows, nothing written
    good = xlsx([[1, "Р", "Первая", 1], [2, "Р", "Вторая", "0,5"]])
    dry = client.post(url, {"file": SimpleUploadedFile("k.xlsx", good), "dry_run": "true"})
    assert dry.status_code == 200
    assert [row["title"] for row in dry.json()["rows"]] == ["Первая", "Вторая"]
    assert PlanTopic.objects.filter(plan=plan).count() == 2
    # the real run writes and binds
    done = client.post(url, {"file": SimpleUploadedFile("k.xlsx", good), "dry_run": "false"})
    assert done.status_code == 201
    assert done.json()["written"] == 2
    assert done.json()["binding"]["bound"] == 2
    titles = (
        PlanTopic.objects.filter(plan=plan).order_by("position").values_list("title", flat=True)
    )
    assert list(titles) == ["Первая", "Вторая"]
    # the hours endpoint
    hours = client.get(f"{API}/thematic-plans/{plan.pk}/hours/").json()
    assert hours["year"]["plan"] == "1.5"
    assert hours["year"]["lessons"] == 2
    assert len(hours["periods"]) == 4


def test_apply_template_endpoint(client: Client, world: World) -> None:
    a = world.a
    template = f.ThematicPlanFactory.create(
        school_class=None,
        school=a.school,
        academic_year=a.year,
        grade=5,
        is_template=True,
        teacher=None,
    )
    topics(template, [1, 1])
    client.force_login(world.user("deputy_director"))
    response = client.post(
        f"{API}/thematic-plans/{template.pk}/apply-template/",
        {"classes": [a.school_class.pk]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    [created] = response.json()["created"]
    assert PlanTopic.objects.filter(plan_id=created).count() == 2
    other = client.post(
        f"{API}/thematic-plans/{template.pk}/apply-template/",
        {"classes": [world.b.school_class.pk]},
        content_type="application/json",
    )
    assert other.status_code == 400


@pytest.mark.parametrize("endpoint", ["thematic-plans", "plan-topics"])
def test_lists_cost_a_fixed_number_of_queries(
    client: Client, world: World, endpoint: str, django_assert_max_num_queries: Any
) -> None:
    a = world.a
    for index in range(30):
        plan = f.ThematicPlanFactory.create(
            school_class=a.school_class,
            teacher=a.class_teacher,
            subject=f.federal_subject(f"Предмет {index}"),
        )
        topics(plan, [1])
    lessons(plan, 5)
    client.force_login(world.user("director"))
    with django_assert_max_num_queries(8):
        response = client.get(f"{API}/{endpoint}/")
    assert response.json()["count"] == 30


def test_a_template_needs_its_grade(client: Client, world: World) -> None:
    a = world.a
    client.force_login(world.user("director"))
    body: dict[str, Any] = {
        "academic_year": a.year.pk,
        "subject": f.federal_subject().pk,
        "is_template": True,
    }
    response = client.post(f"{API}/thematic-plans/", body, content_type="application/json")
    assert response.status_code == 400
    body["grade"] = 7
    response = client.post(f"{API}/thematic-plans/", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert (response.json()["grade"], response.json()["school_class"]) == (7, None)
