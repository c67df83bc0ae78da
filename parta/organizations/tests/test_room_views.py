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
