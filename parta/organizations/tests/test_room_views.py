from django.urls import reverse

from parta.core.testing.matrix import ADMINS, EVERYONE, READ_WHOLE_SCHOOL, check_matrix
from parta.organizations.models import Room


def test_room_list_matrix(client, world):
    check_matrix(
        client,
        world,
        lambda sw: reverse("organizations:room_list", args=[sw.school.pk]),
        allowed=READ_WHOLE_SCHOOL,
    )


def test_room_create_page_matrix(client, world):
    check_matrix(
        client,
        world,
        lambda sw: reverse("organizations:room_create", args=[sw.school.pk]),
        allowed=ADMINS,
    )


def test_room_create_post_matrix_changes_nothing_when_denied(client, world):
    before = Room.objects.count()
    denied = EVERYONE - ADMINS
    check_matrix(
        client,
        world,
        lambda sw: reverse("organizations:room_create", args=[sw.school.pk]),
        allowed=set(),
        who=denied,
        method="post",
        data={"number": "999", "capacity": "10"},
    )
    assert Room.objects.count() == before


def test_admin_creates_room_and_it_is_audited(client, world):
    client.force_login(world.user("deputy_director"))
    url = reverse("organizations:room_create", args=[world.a.school.pk])
    response = client.post(url, {"number": "204", "name": "Химия", "capacity": "28"})
    assert response.status_code == 302
    room = Room.objects.get(school=world.a.school, number="204")
    from parta.core.models import AuditEvent

    event = AuditEvent.objects.get(object_type="organizations.room", object_id=str(room.pk))
    assert event.action == "create"
    assert event.actor == world.user("deputy_director")


def test_room_duplicate_number_gets_russian_message(client, world):
    client.force_login(world.user("director"))
    url = reverse("organizations:room_create", args=[world.a.school.pk])
    response = client.post(url, {"number": "101", "capacity": "28"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    assert Room.objects.filter(school=world.a.school, number="101").count() == 1


def test_room_list_query_count_is_constant(client, world, django_assert_max_num_queries):
    from parta.core.testing.factories import RoomFactory

    client.force_login(world.user("director"))
    url = reverse("organizations:room_list", args=[world.a.school.pk])
    client.get(url)
    RoomFactory.create_batch(30, school=world.a.school)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200


def test_room_delete_page_matrix(client, world):
    check_matrix(
        client,
        world,
        lambda sw: reverse("organizations:room_delete", args=[sw.school.pk, sw.room.pk]),
        allowed=ADMINS,
    )


def test_room_delete_denied_posts_change_nothing(client, world):
    before = Room.objects.count()
    check_matrix(
        client,
        world,
        lambda sw: reverse("organizations:room_delete", args=[sw.school.pk, sw.room.pk]),
        allowed=set(),
        who=EVERYONE - ADMINS,
        method="post",
    )
    assert Room.objects.count() == before


def test_home_room_of_a_class_cannot_be_deleted(client, world):
    client.force_login(world.user("director"))
    url = reverse("organizations:room_delete", args=[world.a.school.pk, world.a.room.pk])
    assert "class 5А" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 200
    assert "cannot be deleted because it is in use: class 5А" in response.content.decode()
    assert Room.objects.filter(pk=world.a.room.pk).exists()
    world.a.school_class.refresh_from_db()
    assert world.a.school_class.home_room == world.a.room


def test_unused_room_is_deleted_and_audited(client, world):
    from parta.core.models import AuditEvent
    from parta.core.testing.factories import RoomFactory

    client.force_login(world.user("secretary"))
    room = RoomFactory.create(school=world.a.school, number="999")
    response = client.post(reverse("organizations:room_delete", args=[world.a.school.pk, room.pk]))
    assert response.status_code == 302
    assert not Room.objects.filter(pk=room.pk).exists()
    assert AuditEvent.objects.filter(
        object_type="organizations.room", object_id=str(room.pk), action="delete"
    ).exists()


def test_room_list_filters_by_building_and_capacity(client, world):
    from parta.core.testing.factories import BuildingFactory, RoomFactory

    building = BuildingFactory.create(school=world.a.school, name="Корпус 2")
    RoomFactory.create(school=world.a.school, building=building, number="201", capacity=12)
    RoomFactory.create(school=world.a.school, building=building, number="202", capacity=30)
    client.force_login(world.user("director"))
    url = reverse("organizations:room_list", args=[world.a.school.pk])
    response = client.get(url, {"building": building.pk, "min_capacity": 20})
    assert [obj.number for obj, _values in response.context["rows"]] == ["202"]
    response = client.get(url, {"building": building.pk})
    assert [obj.number for obj, _values in response.context["rows"]] == ["201", "202"]


def test_room_number_twice_in_one_building_gets_a_clear_message(client, world):
    from parta.core.testing.factories import BuildingFactory, RoomFactory

    building = BuildingFactory.create(school=world.a.school, name="Корпус 2")
    RoomFactory.create(school=world.a.school, building=building, number="201")
    client.force_login(world.user("director"))
    response = client.post(
        reverse("organizations:room_create", args=[world.a.school.pk]),
        {"number": "201", "building": building.pk},
    )
    assert response.status_code == 200
    assert "A room with this number already exists in this building." in (response.content.decode())
    assert Room.objects.filter(building=building, number="201").count() == 1
