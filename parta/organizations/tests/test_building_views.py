"""Buildings: list, create, edit, delete (refused while rooms stand in it)."""

from functools import partial

from django.urls import reverse

from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ADMINS, EVERYONE, READ_WHOLE_SCHOOL, check_matrix
from parta.organizations.models import Building


def _buildings(world):
    return {
        sw.school.pk: f.BuildingFactory.create(school=sw.school, name="Главный корпус")
        for sw in (world.a, world.b)
    }


def _url(name, buildings, sw):
    return reverse(f"organizations:{name}", args=[sw.school.pk, buildings[sw.school.pk].pk])


def test_building_list_matrix(client, world):
    check_matrix(
        client,
        world,
        lambda sw: reverse("organizations:building_list", args=[sw.school.pk]),
        allowed=READ_WHOLE_SCHOOL,
    )


def test_building_form_and_delete_pages_matrix(client, world):
    buildings = _buildings(world)
    check_matrix(
        client,
        world,
        lambda sw: reverse("organizations:building_create", args=[sw.school.pk]),
        allowed=ADMINS,
    )
    for name in ("building_edit", "building_delete"):
        check_matrix(client, world, partial(_url, name, buildings), allowed=ADMINS)


def test_building_posts_matrix(client, world):
    buildings = _buildings(world)
    before = list(Building.objects.values_list("pk", "name", "address"))
    denied = EVERYONE - ADMINS
    check_matrix(
        client,
        world,
        lambda sw: reverse("organizations:building_create", args=[sw.school.pk]),
        allowed=set(),
        who=denied,
        method="post",
        data={"name": "Новый"},
    )
    for name, data in (("building_edit", {"name": "Взломан"}), ("building_delete", {})):
        check_matrix(
            client,
            world,
            partial(_url, name, buildings),
            allowed=set(),
            who=denied,
            method="post",
            data=data,
        )
    assert list(Building.objects.values_list("pk", "name", "address")) == before
    check_matrix(
        client,
        world,
        lambda sw: reverse(
            "organizations:building_edit", args=[sw.school.pk, buildings[sw.school.pk].pk]
        ),
        allowed=ADMINS,
        who=ADMINS,
        method="post",
        data={"name": "Главный корпус", "address": "ул. Школьная, 1"},
        ok=(302,),
    )


def test_admin_creates_a_building_and_duplicate_is_refused(client, world):
    client.force_login(world.user("deputy_director"))
    url = reverse("organizations:building_create", args=[world.a.school.pk])
    assert client.post(url, {"name": "Корпус Б", "address": "ул. Мира, 2"}).status_code == 302
    assert AuditEvent.objects.filter(object_type="organizations.building", action="create").exists()
    response = client.post(url, {"name": "Корпус Б"})
    assert response.status_code == 200
    assert "Building with this Organization and Name already exists." in response.content.decode()
    assert Building.objects.filter(school=world.a.school, name="Корпус Б").count() == 1


def test_building_with_rooms_cannot_be_deleted(client, world):
    client.force_login(world.user("director"))
    building = f.BuildingFactory.create(school=world.a.school, name="С кабинетами")
    f.RoomFactory.create(school=world.a.school, building=building, number="301")
    url = reverse("organizations:building_delete", args=[world.a.school.pk, building.pk])
    assert "room 301" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 200
    assert "cannot be deleted because it is in use: room 301" in response.content.decode()
    assert Building.objects.filter(pk=building.pk).exists()


def test_unused_building_is_deleted_and_audited(client, world):
    client.force_login(world.user("director"))
    building = f.BuildingFactory.create(school=world.a.school, name="Пустой")
    edit = client.get(reverse("organizations:building_edit", args=[world.a.school.pk, building.pk]))
    delete_url = reverse("organizations:building_delete", args=[world.a.school.pk, building.pk])
    assert delete_url in edit.content.decode()
    response = client.post(delete_url)
    assert response.status_code == 302
    assert not Building.objects.filter(pk=building.pk).exists()
    event = AuditEvent.objects.get(object_type="organizations.building", action="delete")
    assert event.before is not None
    assert event.before["name"] == "Пустой"


def test_building_list_query_count(client, world, django_assert_max_num_queries):
    client.force_login(world.user("director"))
    url = reverse("organizations:building_list", args=[world.a.school.pk])
    client.get(url)
    for building in f.BuildingFactory.create_batch(30, school=world.a.school):
        f.RoomFactory.create(school=world.a.school, building=building)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert {obj.room_count for obj, _values in response.context["rows"]} == {1}
